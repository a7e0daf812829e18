"""Job files (an uploaded input, a result to download) in the configured storage folder, shared by servers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from flask import current_app


def job_dir(token: str) -> Path:
    return Path(current_app.config["BIMTEK_STORAGE_DIR"]) / "jobs" / token


def write(token: str, name: str, data: bytes) -> Path:
    """Write a job file whole or not at all (a temporary file renamed into place)."""
    folder = job_dir(token)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    tmp = folder / f".{name}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def path(token: str, name: str) -> Path:
    return job_dir(token) / name


def remove(token: str, name: str) -> None:
    (job_dir(token) / name).unlink(missing_ok=True)


def remove_all(token: str) -> None:
    shutil.rmtree(job_dir(token), ignore_errors=True)
