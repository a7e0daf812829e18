"""Log-in, log-out and changing one's password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash

from bimtek.auth.forgot import request_password_help
from bimtek.auth.forms import ChangePasswordForm, ForgotPasswordForm, LoginForm
from bimtek.auth.operations import authenticate, end_sessions, set_password
from bimtek.extensions import db, login_manager
from bimtek.directory.models import Person

bp = Blueprint("auth", __name__)

# Pages a person with a one-time password may still open.
_ALLOWED_BEFORE_PASSWORD_CHANGE = {"auth.change_password", "auth.logout", "static", "home.healthz"}


@login_manager.user_loader
def load_user(user_id: str) -> Person | None:
    person_id, _sep, version = user_id.partition(":")
    if not (person_id.isascii() and person_id.isdigit()):
        return None
    person = db.session.get(Person, int(person_id))
    if person is None or str(person.session_version) != version:
        return None
    return person


@bp.before_app_request
def _force_password_change():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


def _safe_next(target: str | None) -> str:
    if target and urlsplit(target).netloc == "" and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.username.data, form.password.data, request.remote_addr or "-")
        if result.throttled:
            flash(_("Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit, lalu coba lagi."), "error")
            return render_template("auth/login.html", form=form), 429
        if result.person is None:
            flash(_("Nama pengguna/nomor HP atau kata sandi salah."), "error")
            return render_template("auth/login.html", form=form), 200
        login_user(result.person, remember=True)
        # A CSRF token planted before log-in must not outlive it.
        session.pop("csrf_token", None)
        g.pop("csrf_token", None)
        if result.person.must_change_password:
            flash(_("Anda masuk dengan kata sandi sekali pakai. Buat kata sandi baru dulu."), "info")
            return redirect(url_for("auth.change_password"))
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    # POST with CSRF only: a link or image elsewhere must not log anyone out. Bumping the
    # session version ends this log-in everywhere, so a cookie copied before it stops working.
    if current_user.is_authenticated:
        end_sessions(current_user)
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lupa-kata-sandi", methods=["GET", "POST"])
def forgot_password():
    # The answer is the same page for a name that exists and one that does not: only the person's
    # trainer, logged in, ever learns of the request (see bimtek.auth.forgot).
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        if not request_password_help(form.username.data, request.remote_addr):
            flash(_("Terlalu banyak permintaan dari perangkat ini atau untuk nama ini. Tunggu satu jam, "
                    "atau hubungi langsung pelatih Anda."), "error")
            return render_template("auth/forgot.html", form=form), 429
        return render_template("auth/forgot_sent.html"), 200, {"Cache-Control": "no-store"}
    return render_template("auth/forgot.html", form=form)


@bp.route("/akun/kata-sandi", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Kata sandi saat ini salah."))
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append(_("Kata sandi baru harus berbeda dari yang lama."))
        else:
            set_password(current_user, form.new_password.data)
            # The session version changed: log in again on this device so it stays signed in.
            login_user(current_user, remember=True)
            flash(_("Kata sandi sudah diganti."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)
