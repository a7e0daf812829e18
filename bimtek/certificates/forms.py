"""Forms for certificates: revoke, reissue, the kabupaten settings and bulk printing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from bimtek.certificates.models import DEFAULT_NUMBER_FORMAT
from bimtek.forms import BimtekForm


class RevokeForm(BimtekForm):
    reason = TextAreaField(_l("Alasan pencabutan"), validators=[
        DataRequired(_l("Tuliskan alasan pencabutan.")), Length(max=1000)])


class ConfirmForm(BimtekForm):
    """A button that only carries the CSRF token (reissue)."""


class SettingsForm(BimtekForm):
    number_format = StringField(_l("Format nomor sertifikat"), default=DEFAULT_NUMBER_FORMAT, validators=[
        DataRequired(_l("Isi format nomor.")), Length(max=120)])
    signatory_name = StringField(_l("Nama penanda tangan"), validators=[Optional(), Length(max=200)])
    signatory_title = StringField(_l("Jabatan penanda tangan"), validators=[Optional(), Length(max=200)])
    signature = FileField(_l("Gambar tanda tangan (PNG atau JPG, boleh dikosongkan)"))
    stamp = FileField(_l("Gambar stempel (PNG atau JPG, boleh dikosongkan)"))


class BulkForm(BimtekForm):
    kind = RadioField(_l("Cetak sertifikat untuk"), choices=[
        SelectChoice("desa", _l("Satu desa/kelurahan")), SelectChoice("kecamatan", _l("Satu kecamatan")),
        SelectChoice("bimtek", _l("Peserta satu bimtek"))], default="desa")
    desa = SelectField(_l("Desa/kelurahan"), choices=[], validate_choice=False)
    kecamatan = SelectField(_l("Kecamatan"), choices=[], validate_choice=False)
    session = SelectField(_l("Bimtek"), choices=[], validate_choice=False)
    output = RadioField(_l("Bentuk unduhan"), choices=[
        SelectChoice("pdf", _l("Satu PDF siap cetak")), SelectChoice("zip", _l("ZIP berisi satu PDF per sertifikat"))],
        default="pdf")
