"""Forms for bimtek: scheduling, the roster, attendance, check-in and files."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from bimtek.forms import BimtekForm
from bimtek.directory.identity import name_problem, normalise_name
from bimtek.training.models import FileKind, Institution


def _check_name(field) -> None:
    """Keep a name printed on the daftar hadir free of control, bidirectional and invisible characters."""
    field.data = normalise_name(field.data or "")
    if name_problem(field.data):
        raise ValidationError(_l("Nama berisi karakter yang tidak diizinkan (karakter kendali atau tak terlihat)."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SpeakerForm(Form):
    name = StringField(_l("Nama narasumber"), validators=[Optional(), Length(max=200)])
    institution = SelectField(
        _l("Instansi"), choices=[SelectChoice(i.value, i.label) for i in Institution], default=Institution.KPU.value
    )

    def validate_name(self, field) -> None:
        _check_name(field)


class SessionForm(BimtekForm):
    title = StringField(_l("Judul bimtek"), validators=[DataRequired(_l("Isi judul bimtek.")), Length(max=200)])
    region_code = SelectField(_l("Untuk wilayah"), choices=[], validate_choice=False)
    day = DateField(_l("Tanggal"), validators=[DataRequired(_l("Isi tanggal (contoh: 2024-06-24)."))])
    start_time = TimeField(_l("Jam mulai"), validators=[DataRequired(_l("Isi jam mulai."))])
    end_time = TimeField(_l("Jam selesai"), validators=[DataRequired(_l("Isi jam selesai."))])
    place = StringField(_l("Tempat"), validators=[DataRequired(_l("Isi tempat bimtek.")), Length(max=300)])
    topics = TextAreaField(_l("Materi / topik"), validators=[Optional(), Length(max=4000)])
    courses = MultiCheckboxField(_l("Modul kursus yang dibahas"), choices=[], validate_choice=False)
    audience = MultiCheckboxField(_l("Peserta yang diundang"), choices=[], validate_choice=False)
    is_makeup = BooleanField(_l("Bimtek susulan (untuk Pantarlih pengganti)"))
    trainers = MultiCheckboxField(_l("Pelatih (punya akun)"), choices=[], validate_choice=False, coerce=int)
    speakers = FieldList(FormField(SpeakerForm), min_entries=3, max_entries=8)


class WalkInForm(BimtekForm):
    name = StringField(_l("Nama"), validators=[DataRequired(_l("Isi nama peserta.")), Length(max=200)])
    title = StringField(_l("Jabatan (boleh kosong)"), validators=[Optional(), Length(max=100)])
    desa = StringField(_l("Desa/kelurahan (boleh kosong)"), validators=[Optional(), Length(max=100)])

    def validate_name(self, field) -> None:
        _check_name(field)


class NotesForm(BimtekForm):
    notes = TextAreaField(_l("Notulen"), validators=[Optional(), Length(max=20000)])


class UploadForm(BimtekForm):
    kind = SelectField(_l("Jenis berkas"), choices=[SelectChoice(k.value, k.label) for k in FileKind])
    file = FileField(_l("Berkas (PDF, JPG atau PNG)"), validators=[FileRequired(_l("Pilih berkas."))])


class CodeForm(BimtekForm):
    code = StringField(_l("Kode presensi"), validators=[DataRequired(_l("Isi kode dari pelatih.")), Length(max=12)])


class TokenForm(BimtekForm):
    token = HiddenField()

