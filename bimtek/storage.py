"""Files the app keeps in its storage folders: writes that are whole or absent, and what a full disk means."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

# No space left on the device, or the account's disk quota used up.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
DISK_FULL_MESSAGE = (
    "Ruang penyimpanan server penuh. Berkas tidak dapat disimpan dan tidak ada yang berubah; "
    "beri tahu admin sistem, lalu coba lagi nanti."
)


def is_disk_full(error: BaseException | None) -> bool:
    """Say whether an error (or the error it was raised from) means the disk is full."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        error = error.__cause__ or error.__context__
    return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write data to path whole or not at all: a full disk leaves neither a truncated file nor a temporary one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write_file(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)


def private_image(path: Path):
    """Send a stored upload (logo, signature, stamp) to its owner: never cached, never run as a page."""
    from flask import send_file

    response = send_file(path, mimetype="image/png", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
