"""Configuration classes; secrets and database addresses come only from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("BIMTEK_INSTANCE_DIR", PROJECT_ROOT / "instance"))


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'bimtek.db'}"
    # Hosting platforms hand out postgres:// addresses; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    # From the environment; without it create_app reads (or makes once) instance/secret_key.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    # Base engine options; create_app adds the pool and time limits of the database in use
    # (engine_options below). Connections older than 30 minutes are replaced.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 1800}
    # PostgreSQL pool per app process: a request holds one connection, so size it to the server's
    # threads (deploy/gunicorn.conf.py exports its thread count here); the overflow covers
    # background threads (jobs without Redis, bulk rendering progress).
    BIMTEK_DB_POOL_SIZE = int(os.environ.get("BIMTEK_DB_POOL_SIZE", "5") or 5)
    BIMTEK_DB_MAX_OVERFLOW = int(os.environ.get("BIMTEK_DB_MAX_OVERFLOW", "2") or 0)
    # How long a request waits for a free connection before the "coba lagi" page (well under
    # gunicorn's 30 s timeout, so the worker answers instead of being killed).
    BIMTEK_DB_POOL_TIMEOUT = float(os.environ.get("BIMTEK_DB_POOL_TIMEOUT", "10") or 10)
    # Test each connection with a round trip when it leaves the pool. After PostgreSQL restarts
    # or fails over, every pooled connection is dead: without the ping the first request of each
    # worker would get the "coba lagi" page; with it nobody does. The ping is one round trip per
    # request (a request checks out one connection): measured at about 1 ms on this 2-core
    # machine's loopback under load, which we pay for that.
    BIMTEK_DB_PRE_PING = os.environ.get("BIMTEK_DB_PRE_PING", "1") != "0"
    # PostgreSQL cancels any single statement of a web request running longer than this
    # (0 = no limit): a runaway query must not hold a connection and a thread for minutes.
    # Long work runs as jobs in chunks. Commands run from the `flask` command line (migrations,
    # imports, refresh, the job worker) use BIMTEK_CLI_STATEMENT_TIMEOUT_MS instead, since an
    # index built by a migration may rightly take longer.
    BIMTEK_STATEMENT_TIMEOUT_MS = int(os.environ.get("BIMTEK_STATEMENT_TIMEOUT_MS", "15000") or 0)
    BIMTEK_CLI_STATEMENT_TIMEOUT_MS = int(os.environ.get("BIMTEK_CLI_STATEMENT_TIMEOUT_MS", "0") or 0)
    # How long to wait for PostgreSQL to accept a connection, in seconds.
    BIMTEK_DB_CONNECT_TIMEOUT = int(os.environ.get("BIMTEK_DB_CONNECT_TIMEOUT", "5") or 5)
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Officers fill forms on weak signal: a CSRF token lives as long as the log-in session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Cookies travel only over https, except where BIMTEK_INSECURE_COOKIES=1 says the app is
    # served over plain http on loopback (`make run`), where a Secure cookie never comes back.
    SESSION_COOKIE_SECURE = os.environ.get("BIMTEK_INSECURE_COOKIES") != "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    # How many reverse proxies stand in front of the app and append to X-Forwarded-For:
    # the client address log-in throttling counts is read behind exactly that many.
    BIMTEK_PROXY_COUNT = int(os.environ.get("BIMTEK_PROXY_COUNT", "0") or 0)
    # Strict-Transport-Security is sent only in production, where the app is served over https.
    BIMTEK_HSTS = False
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    BIMTEK_CONTENT_DIR = os.environ.get("BIMTEK_CONTENT_DIR", str(PROJECT_ROOT / "course_content"))
    BIMTEK_UPLOAD_DIR = os.environ.get("BIMTEK_UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Scans of the signed daftar hadir and documentation photos.
    BIMTEK_TRAINING_UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    # How long the officer import page may spend reading an XLSX before refusing it (the CLI has no limit).
    BIMTEK_IMPORT_READ_SECONDS = 8.0
    # How long a check-in QR code or typed code stays valid after the trainer shows it.
    BIMTEK_CHECKIN_MINUTES = 5
    # Passwords people choose get scrypt; generated one-time passwords are high-entropy,
    # so a fast hash keeps an import of thousands of officers quick.
    BIMTEK_PASSWORD_METHOD = "scrypt"
    BIMTEK_ONE_TIME_PASSWORD_METHOD = "pbkdf2:sha256:1000"
    # Per account (or per phone/name typed when none matches); per address far higher, since
    # a hall's hotspot or a carrier's NAT puts many officers behind one address.
    BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT = 10
    BIMTEK_LOGIN_MAX_FAILURES_PER_ADDRESS = 300
    BIMTEK_LOGIN_WINDOW = timedelta(minutes=15)
    # "Lupa kata sandi" requests: per name typed (one waiting request is all a trainer needs) and
    # per client address (loosely: a hall's hotspot puts many officers behind one address).
    BIMTEK_FORGOT_MAX_PER_ACCOUNT = 3
    BIMTEK_FORGOT_MAX_PER_ADDRESS = 30
    BIMTEK_FORGOT_WINDOW = timedelta(hours=1)
    # Stored certificate PDFs, bulk print files and the kabupaten's signature/stamp images.
    BIMTEK_STORAGE_DIR = os.environ.get("BIMTEK_STORAGE_DIR", str(INSTANCE_DIR / "storage"))
    # The address printed on certificates and in their QR codes (else the address of the request).
    BIMTEK_PUBLIC_URL = os.environ.get("BIMTEK_PUBLIC_URL", "")
    # The public verify page: requests per client per minute, and the least time every answer takes.
    BIMTEK_VERIFY_PER_MINUTE = 30
    BIMTEK_VERIFY_MIN_SECONDS = 0.15
    # Long work (large imports, bulk certificates, password sheets, exports) runs as jobs: on RQ
    # workers (`flask worker`) when REDIS_URL is set, else in a worker thread of the app process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    BIMTEK_JOB_QUEUE = os.environ.get("BIMTEK_JOB_QUEUE", "bimtek")
    # A running job that has shown no sign of life this long is taken over by another runner
    # (its runner died); every step of a task must commit progress more often than this.
    BIMTEK_JOB_STALE_SECONDS = int(os.environ.get("BIMTEK_JOB_STALE_SECONDS", "300") or 300)
    # Run jobs in the request's own thread right after it commits (the tests).
    BIMTEK_JOBS_EAGER = False
    # Processes rendering certificates in bulk (default: one per CPU core).
    BIMTEK_CERTIFICATE_WORKERS = int(os.environ.get("BIMTEK_CERTIFICATE_WORKERS", "0")) or None


class ProductionConfig(Config):
    # Every app server must sign sessions with the same key: no key made per machine.
    BIMTEK_REQUIRE_SECRET_KEY = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    BIMTEK_HSTS = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-only"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    BIMTEK_PASSWORD_METHOD = "pbkdf2:sha256:1000"
    SERVER_NAME = None
    REDIS_URL = ""
    BIMTEK_JOBS_EAGER = True


def engine_options(config, *, command_line: bool = False) -> dict:
    """Return the SQLAlchemy engine options for the configured database (pool and time limits)."""
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    url = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if not url.startswith("postgresql"):
        # SQLite: one file, no server; the defaults (and the pragmas set in create_app) fit it.
        return options
    options.setdefault("pool_size", int(config["BIMTEK_DB_POOL_SIZE"]))
    options.setdefault("max_overflow", int(config["BIMTEK_DB_MAX_OVERFLOW"]))
    options.setdefault("pool_timeout", float(config["BIMTEK_DB_POOL_TIMEOUT"]))
    options.setdefault("pool_pre_ping", bool(config["BIMTEK_DB_PRE_PING"]))
    timeout = int(config["BIMTEK_CLI_STATEMENT_TIMEOUT_MS" if command_line else "BIMTEK_STATEMENT_TIMEOUT_MS"])
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", int(config["BIMTEK_DB_CONNECT_TIMEOUT"]))
    # Startup parameters: set once per connection, no extra round trip per request.
    # psycopg prepares a statement run 5 times; PostgreSQL would then plan it once, generically,
    # from the statistics of that moment. A table that was nearly empty then (the person table at
    # the start of a 50,000-row import) keeps a sequential-scan plan as it grows: 0.8 s for one
    # `nik IN (...)` lookup. Planning each execution for its own values keeps the indexes in use.
    connect_args.setdefault("options", f"-c statement_timeout={max(timeout, 0)} -c plan_cache_mode=force_custom_plan")
    options["connect_args"] = connect_args
    return options
