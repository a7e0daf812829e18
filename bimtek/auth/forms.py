"""Log-in and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from bimtek.auth.operations import MIN_PASSWORD_LENGTH
from bimtek.forms import BimtekForm


class LoginForm(BimtekForm):
    username = StringField(
        _l("Nama pengguna atau nomor HP"),
        validators=[DataRequired(_l("Isi nama pengguna atau nomor HP.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi.")), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(BimtekForm):
    current_password = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Isi kata sandi saat ini."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Isi kata sandi baru.")),
            Length(min=MIN_PASSWORD_LENGTH, max=128, message=_l("Kata sandi baru minimal 8 karakter.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(_l("Ulangi kata sandi baru.")),
            EqualTo("new_password", message=_l("Kedua kata sandi baru tidak sama.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(BimtekForm):
    username = StringField(
        _l("Nama pengguna atau nomor HP"),
        validators=[DataRequired(_l("Isi nama pengguna atau nomor HP.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
