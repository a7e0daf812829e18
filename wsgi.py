"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

import os

from bimtek import create_app
from bimtek.config import Config, ProductionConfig

try:
    import gunicorn.http.wsgi as _gunicorn_wsgi
except ImportError:  # pragma: no cover - gunicorn is a dependency, but `flask` may run without it
    _gunicorn_wsgi = None
else:
    # gunicorn names itself in every response's Server header; no config file is read from the
    # project root, so say only the application's name here.
    _gunicorn_wsgi.SERVER = "Bimtek"

app = create_app(ProductionConfig if os.environ.get("BIMTEK_ENV") == "production" else Config)
