"""Bimtek: training and certification for Indonesia's election ad-hoc officers."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from importlib import import_module
from pathlib import Path

import click
from flask import Flask, g, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from werkzeug.middleware.proxy_fix import ProxyFix

from bimtek.config import INSTANCE_DIR, PROJECT_ROOT, Config, engine_options
from bimtek import extensions, storage, transaction

__all__ = ["create_app", "Config"]

# Every feature package: its models (so metadata and Alembic see all tables), its `steps`
# (home-page cards and menu links), its blueprint and its CLI group, where it has them.
MODEL_MODULES = [
    "bimtek.regions.models", "bimtek.elections.models", "bimtek.offices.models", "bimtek.officers.models",
    "bimtek.auth.models",
    "bimtek.audit.models", "bimtek.courses.models", "bimtek.quizzes.models", "bimtek.training.models",
    "bimtek.certificates.models", "bimtek.cases.models", "bimtek.reports.models", "bimtek.jobs.models",
]
STEP_MODULES = [
    "bimtek.officers.steps", "bimtek.offices.steps", "bimtek.courses.steps", "bimtek.quizzes.steps",
    "bimtek.training.steps", "bimtek.cases.steps", "bimtek.certificates.steps", "bimtek.reports.steps",
    "bimtek.jobs.steps", "bimtek.help.steps",
]
# Modules that connect receivers to the signals in bimtek.signals.
RECEIVER_MODULES = ["bimtek.certificates.receivers"]
# Modules that register job tasks with `@jobs.task(...)` (long work run by RQ or the worker thread).
JOB_MODULES = [
    "bimtek.certificates.bulk", "bimtek.reports.exports", "bimtek.officers.handover", "bimtek.officers.imports",
]
# Each feature's access.py: its register() plugs the feature's access rules, audit labels and hooks
# into the layers below it (the scope, the audit trail, courses), once, when the app is built.
ACCESS_MODULES = [
    "bimtek.audit.access", "bimtek.elections.access", "bimtek.offices.access", "bimtek.officers.access",
    "bimtek.courses.access", "bimtek.quizzes.access", "bimtek.training.access", "bimtek.certificates.access",
    "bimtek.jobs.access",
]
BLUEPRINT_MODULES = [
    "bimtek.auth.views", "bimtek.home.views", "bimtek.officers.views", "bimtek.elections.views",
    "bimtek.offices.views",
    "bimtek.audit.views", "bimtek.courses.views", "bimtek.quizzes.views", "bimtek.training.views",
    "bimtek.cases.views", "bimtek.certificates.views", "bimtek.reports.views", "bimtek.jobs.views",
    "bimtek.help.views",
]
CLI_GROUPS = [
    ("bimtek.regions.cli", "regions_cli"),
    ("bimtek.officers.cli", "users_cli"),
    ("bimtek.elections.cli", "elections_cli"),
    ("bimtek.courses.cli", "content_cli"),
    ("bimtek.quizzes.cli", "quizzes_cli"),
    ("bimtek.training.cli", "training_cli"),
    ("bimtek.certificates.cli", "certificates_cli"),
    ("bimtek.reports.cli", "tps_cli"),
    ("bimtek.reports.cli", "reports_cli"),
    ("bimtek.demo.cli", "demo_cli"),
    ("bimtek.backup.cli", "backup_cli"),
    ("bimtek.backup.cli", "restore_cli"),
    ("bimtek.jobs.cli", "worker_cli"),
    ("bimtek.jobs.cli", "jobs_cli"),
]


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers and a writer work at once; foreign keys are off by default in SQLite.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def create_app(config_class: type[Config] = Config, **overrides) -> Flask:
    """Build the Bimtek application."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(config_class)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config.get("BIMTEK_REQUIRE_SECRET_KEY"):
            # A key made per machine would log everyone out whenever a request reached another server.
            raise RuntimeError(
                "SECRET_KEY belum diatur: di produksi setiap server aplikasi harus memakai kunci yang sama. "
                "/ SECRET_KEY is not set: in production every app server must use the same key "
                "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        app.config["SECRET_KEY"] = _instance_secret_key(app.instance_path)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config, command_line=click.get_current_context(silent=True) is not None,
    )

    # `bimtek.db` is the model-base module, so the extension objects stay out of this namespace.
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(PROJECT_ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.babel.init_app(app, locale_selector=lambda: "id")
    login_manager = extensions.login_manager
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Silakan masuk terlebih dahulu."
    login_manager.login_message_category = "info"

    if app.config.get("BIMTEK_PROXY_COUNT"):
        # Trust X-Forwarded-* only as far back as our own proxies wrote them.
        count = int(app.config["BIMTEK_PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    transaction.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    _register_template_helpers(app)
    _register_error_pages(app)
    return app


# Pages carry no inline scripts or styles (and no script at all): nothing outside our own
# origin runs, is framed or receives a form; images may be data: URIs (photos, QR codes).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


def _register_blueprints(app: Flask) -> None:
    for name in MODEL_MODULES + STEP_MODULES + RECEIVER_MODULES + JOB_MODULES:
        import_module(name)
    for name in ACCESS_MODULES:
        import_module(name).register()
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(import_module(name).bp)


def _register_cli(app: Flask) -> None:
    for module_name, attribute in CLI_GROUPS:
        app.cli.add_command(getattr(import_module(module_name), attribute))


def _instance_secret_key(instance_path: str) -> str:
    """Return the key kept in instance/secret_key, making it once (never inside the package)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _register_template_helpers(app: Flask) -> None:
    from bimtek import clock
    from bimtek.directory.identity import display_phone

    static_versions: dict[str, str] = {}

    def static_url(filename: str) -> str:
        """Return a cache-busting URL for a static file (served with a one-year max-age)."""
        if filename not in static_versions or app.debug:
            path = Path(app.static_folder) / filename
            static_versions[filename] = hashlib.sha1(path.read_bytes()).hexdigest()[:10] if path.exists() else "0"
        return url_for("static", filename=filename, v=static_versions[filename])

    def main_menu():
        from bimtek.navigation import menu_for
        from bimtek.scope import current_scope  # the app factory sits above every layer

        return menu_for(current_scope())

    app.jinja_env.globals.update(static_url=static_url, main_menu=main_menu)
    app.jinja_env.filters.update(
        day=clock.format_day,
        moment=clock.format_moment,
        phone=display_phone,
    )

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if app.config.get("BIMTEK_HSTS"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        response.headers.pop("Server", None)
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-cache"
        return response


RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException) -> bool:
    """Say whether a database error means "try again shortly" (server gone, busy or too slow), not a bug."""
    if isinstance(error, SATimeoutError):
        return True  # no free connection in the pool in time
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError):
        if isinstance(error.orig, sqlite3.OperationalError):
            # SQLite's OperationalError also covers a missing table; only a lock is transient.
            return "locked" in str(error.orig) or "busy" in str(error.orig)
        # psycopg's OperationalError: refused or lost connections, a shutdown, the statement
        # timeout, too many clients, a deadlock or serialisation failure.
        return True
    return False


def _register_error_pages(app: Flask) -> None:
    messages = {
        400: ("Permintaan tidak valid", "Permintaan yang dikirim tidak dapat diproses."),
        403: ("Akses ditolak", "Anda tidak memiliki akses ke halaman ini."),
        404: ("Halaman tidak ditemukan", "Alamat yang Anda buka tidak ada atau bukan wewenang Anda."),
        405: ("Metode tidak diizinkan", "Halaman ini tidak menerima permintaan seperti itu."),
        413: ("Berkas terlalu besar", "Berkas yang diunggah melebihi batas ukuran."),
        429: ("Terlalu banyak percobaan", "Tunggu beberapa menit, lalu coba lagi."),
        500: ("Terjadi kesalahan", "Terjadi kesalahan di server. Coba lagi sebentar lagi."),
        507: ("Ruang penyimpanan penuh", "Ruang penyimpanan server penuh. Coba lagi nanti."),
    }

    def render_error(code: int, detail: str | None = None):
        title, text = messages[code]
        if code >= 500:
            # The failed transaction would make the page's own queries (menu, user) fail too.
            extensions.db.session.rollback()
        try:
            return render_template("errors/error.html", code=code, title=title, text=detail or text), code
        except Exception:  # noqa: BLE001 - the error page itself must never fail
            app.logger.exception("error page %s could not be rendered", code)
            extensions.db.session.rollback()
            body = f"<!doctype html><html lang=\"id\"><title>{escape(title)}</title><h1>{escape(title)}</h1>" \
                   f"<p>{escape(detail or text)}</p></html>"
            return body, code, {"Content-Type": "text/html; charset=utf-8"}

    for code in messages:
        if code != 507:  # no HTTP exception raises 507: the OSError handler below gives it
            app.register_error_handler(code, lambda error, code=code: render_error(code))

    def render_unavailable(error: Exception):
        # A page that needs no database (no menu, no user): the database is what is missing.
        app.logger.error("database unavailable: %s", error, exc_info=error)
        try:
            extensions.db.session.rollback()
        except SQLAlchemyError:
            pass
        if "_login_user" not in g:
            # Flask-Login's template context loads the user from the database: render as a visitor.
            g._login_user = extensions.login_manager.anonymous_user()
        return render_template("errors/unavailable.html"), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    def render_disk_full(error: Exception):
        app.logger.error("storage full: %s", error, exc_info=error)
        return render_error(507, storage.DISK_FULL_MESSAGE)

    @app.errorhandler(500)
    def _server_error(error):
        # An exception raised while committing (after the view) arrives here wrapped.
        original = getattr(error, "original_exception", None)
        if original is not None and database_unavailable(original):
            return render_unavailable(original)
        if storage.is_disk_full(original):
            return render_disk_full(original)
        return render_error(500)

    @app.errorhandler(OSError)
    def _os_error(error):
        if storage.is_disk_full(error):
            return render_disk_full(error)
        raise error  # any other OSError is a bug: the usual 500 handling

    @app.errorhandler(SQLAlchemyError)
    def _database_error(error):
        if database_unavailable(error):
            return render_unavailable(error)
        app.logger.exception("database error")
        return render_error(
            500, "Data tidak dapat dibaca atau disimpan karena kesalahan basis data. Tidak ada yang berubah; "
                 "periksa isian Anda lalu coba lagi."
        )

    @app.before_request
    def _refuse_nul():
        # No database stores NUL in text (PostgreSQL refuses it outright): refuse it at the door.
        texts = [request.path, *(text for source in (request.args, request.form)
                                  for key, values in source.lists() for text in (key, *values))]
        if any("\x00" in text for text in texts):
            return render_error(400, "Permintaan berisi karakter yang tidak diizinkan (NUL).")
        return None

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return render_error(
            400, "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim sekali lagi."
        )
