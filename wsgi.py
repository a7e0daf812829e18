"""WSGI entry point: `flask --app wsgi ...` and `gunicorn wsgi:app`."""

import os

from bimtek import create_app
from bimtek.config import DevelopmentConfig, ProductionConfig

app = create_app(ProductionConfig if os.environ.get("BIMTEK_ENV") == "production" else DevelopmentConfig)
