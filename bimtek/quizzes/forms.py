"""Forms of the quiz admin pages (the question page posts plain fields: its inputs vary per question)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SubmitField
from wtforms.validators import DataRequired, Regexp

from bimtek.forms import BimtekForm


class UploadBankForm(BimtekForm):
    file = FileField(
        _l("Berkas GIFT"),
        validators=[FileRequired(_l("Pilih berkas .gift.")), FileAllowed(["gift", "txt"], _l("Berkas harus .gift atau .txt."))],
    )
    submit = SubmitField(_l("Periksa berkas"))


class ConfirmUploadForm(BimtekForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField()
    submit = SubmitField(_l("Simpan soal ke bank"))
