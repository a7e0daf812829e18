"""The audit trail's filters: who, what kind of action, which days, which region."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from bimtek.audit.sentences import action_choices
from bimtek.forms import BimtekForm
from bimtek.roles import ROLE_LABELS, ROLE_RANK


class AuditFilterForm(BimtekForm):
    class Meta:
        csrf = False  # a GET form that only narrows what the page shows

    pelaku = StringField(_l("Pelaku"), validators=[Optional(), Length(max=100)])
    peran = SelectField(_l("Peran pelaku"), validators=[Optional()], choices=[])
    tindakan = SelectField(_l("Tindakan"), validators=[Optional()], choices=[])
    dari = DateField(_l("Dari tanggal"), validators=[Optional()])
    sampai = DateField(_l("Sampai tanggal"), validators=[Optional()])
    wilayah = StringField(_l("Wilayah (nama atau kode)"), validators=[Optional(), Length(max=100)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.peran.choices = [SelectChoice("", _l("Semua peran"))] + [
            SelectChoice(role.value, ROLE_LABELS[role]) for role in ROLE_RANK
        ]
        self.tindakan.choices = [SelectChoice("", _l("Semua tindakan"))] + [
            SelectChoice(action, label) for action, label in action_choices()
        ]
