"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

import os

from bimtek import create_app
from bimtek.config import Config, ProductionConfig

app = create_app(ProductionConfig if os.environ.get("BIMTEK_ENV") == "production" else Config)
