"""Importing the config and building the app write nothing into the package; the catalogue is compiled at build time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bimtek

PACKAGE = Path(bimtek.__file__).parent


def _package_files() -> dict[str, int]:
    return {str(path): path.stat().st_mtime_ns for path in PACKAGE.rglob("*") if "__pycache__" not in path.parts}


def test_importing_the_config_writes_no_secret_key(tmp_path):
    env = {**os.environ, "BIMTEK_INSTANCE_DIR": str(tmp_path / "instance")}
    env.pop("SECRET_KEY", None)
    subprocess.run([sys.executable, "-c", "import bimtek.config"], env=env, check=True)
    assert not (tmp_path / "instance").exists()


def test_building_the_app_writes_only_into_the_instance_folder(tmp_path):
    before = _package_files()
    env = {**os.environ, "BIMTEK_INSTANCE_DIR": str(tmp_path / "instance")}
    env.pop("SECRET_KEY", None)
    code = "from bimtek import create_app; app = create_app(); print(len(app.config['SECRET_KEY']))"
    output = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert int(output) >= 32
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert _package_files() == before


def test_the_catalogue_is_compiled_before_the_app_runs():
    # `make` compiles it (setup, test); the app only reads it.
    assert list(PACKAGE.glob("translations/*/LC_MESSAGES/*.mo")), "run `make` to compile the catalogue"
