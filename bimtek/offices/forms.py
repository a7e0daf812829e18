"""The office settings form: the kop surat, the Ketua's name, the paper size and the logo."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from bimtek.forms import BimtekForm
from bimtek.offices.models import Paper


class OfficeForm(BimtekForm):
    office_name = StringField(_l("Nama kantor"), validators=[DataRequired(_l("Isi nama kantor.")), Length(max=200)])
    address = StringField(_l("Alamat kantor"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Telepon"), validators=[Optional(), Length(max=60)])
    email = StringField(_l("Surel (e-mail)"), validators=[
        Optional(), Length(max=120),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Alamat surel tidak valid, contoh: kpu@contoh.go.id"))])
    ketua_name = StringField(_l("Nama Ketua KPU"), validators=[Optional(), Length(max=200)])
    paper = RadioField(_l("Ukuran kertas dokumen"), choices=[SelectChoice(p.value, p.label) for p in Paper],
                       default=Paper.A4.value)
    logo = FileField(_l("Logo (PNG atau JPG, paling besar 2 MB; boleh dikosongkan)"))
    remove_logo = BooleanField(_l("Kembali ke logo bawaan"))
