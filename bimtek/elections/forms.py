"""Forms for elections and stage dates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from bimtek.elections.models import ElectionKind
from bimtek.forms import BimtekForm

_REQUIRED_DATE = [InputRequired(_l("Isi tanggal."))]


class StageDatesForm(BimtekForm):
    bimtek_start = DateField(_l("Bimtek mulai"), validators=_REQUIRED_DATE)
    bimtek_end = DateField(_l("Bimtek selesai"), validators=_REQUIRED_DATE)
    coklit_start = DateField(_l("Coklit mulai"), validators=_REQUIRED_DATE)
    coklit_end = DateField(_l("Coklit selesai"), validators=_REQUIRED_DATE)


class ElectionForm(StageDatesForm):
    name = StringField(_l("Nama pemilihan"), validators=[DataRequired(_l("Isi nama pemilihan.")), Length(max=200)])
    kind = SelectField(
        _l("Jenis"),
        choices=[SelectChoice(ElectionKind.PEMILU.value, "Pemilu"), SelectChoice(ElectionKind.PILKADA.value, "Pilkada")],
    )
    voting_day = DateField(_l("Hari pemungutan suara"), validators=_REQUIRED_DATE)
