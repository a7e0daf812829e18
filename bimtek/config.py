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
    # Recycle rather than ping: a ping costs a round trip on every request.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_recycle": 1800}
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
