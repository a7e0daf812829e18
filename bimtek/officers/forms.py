"""Forms for officers: import, editing a person, filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from bimtek.forms import BimtekForm
from bimtek.directory.identity import is_valid_nik, name_problem, normalise_name, normalise_nik, normalise_phone


class ImportForm(BimtekForm):
    file = FileField(
        _l("Berkas daftar petugas (CSV atau XLSX)"),
        validators=[FileRequired(_l("Pilih berkas CSV atau XLSX."))],
    )


class PersonForm(BimtekForm):
    full_name = StringField(
        _l("Nama lengkap"), validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=200)]
    )
    nik = StringField(_l("NIK"), validators=[DataRequired(_l("Isi NIK."))])
    phone = StringField(_l("Nomor HP"), validators=[Optional()])

    def validate_full_name(self, field) -> None:
        field.data = normalise_name(field.data or "")
        if name_problem(field.data):
            raise ValidationError(_l("Nama berisi karakter yang tidak diizinkan (karakter kendali atau tak terlihat)."))

    def validate_nik(self, field) -> None:
        field.data = normalise_nik(field.data or "")
        if not is_valid_nik(field.data):
            raise ValidationError(_l("NIK harus 16 angka yang valid."))

    def validate_phone(self, field) -> None:
        if field.data:
            normalised = normalise_phone(field.data)
            if normalised is None:
                raise ValidationError(_l("Nomor HP tidak valid (contoh: 081234567890 atau +6281234567890)."))
            field.data = normalised


class OfficerFilterForm(BimtekForm):
    class Meta:
        csrf = False

    q = StringField(_l("Cari nama"), validators=[Optional(), Length(max=100)])
    role = SelectField(_l("Peran"), validators=[Optional()], choices=[])
