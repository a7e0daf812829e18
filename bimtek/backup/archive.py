"""Write and restore a backup: a tar holding the database snapshot, the storage and upload folders.

The database is copied first (SQLite through its online backup API, PostgreSQL with `pg_dump -Fc`),
each consistent while the app keeps writing; the folders are copied after it. Every file a row of
the snapshot names was written before that row was committed, so it is in the tar; files written
later are merely extra. A certificate PDF missing from the tar is rendered again on demand.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bimtek import clock
from bimtek.extensions import db

FORMAT = 1
MANIFEST = "bimtek-backup.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
# Folder members of the tar and the setting naming where each lives on this server.
FOLDERS = {"storage": "BIMTEK_STORAGE_DIR", "uploads": "BIMTEK_UPLOAD_DIR"}


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why (Indonesian / English)."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds."""

    dialect: str
    revision: str | None
    files: int


def _libpq_url(uri: str) -> tuple[str, dict[str, str]]:
    """Return a libpq address without the password, and the environment carrying the password."""
    url = make_url(uri)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Perintah {name} tidak ditemukan: pasang klien PostgreSQL (Debian: apt-get install "
            f"postgresql-client) dengan versi yang sama atau lebih baru dari servernya. / {name} not found: "
            f"install the PostgreSQL client tools (Debian: postgresql-client), the server's version or newer."
        )
    return path


def _revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _dump_database(uri: str, folder: Path) -> tuple[str, Path]:
    dialect = make_url(uri).get_backend_name()
    if dialect == "sqlite":
        source_path = make_url(uri).database
        if not source_path or source_path == ":memory:":
            raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan. / An in-memory SQLite database cannot be backed up.")
        target = folder / SQLITE_MEMBER
        source = sqlite3.connect(source_path)
        destination = sqlite3.connect(target)
        try:
            # One step holds a read snapshot for the whole copy: consistent while the app writes (WAL).
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return dialect, target
    if dialect == "postgresql":
        target = folder / POSTGRES_MEMBER
        address, env = _libpq_url(uri)
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}",
             f"--dbname={address}"],
            env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump gagal / pg_dump failed: {result.stderr.strip()}")
        return dialect, target
    raise BackupError(f"Basis data {dialect} tidak didukung. / Unsupported database: {dialect}.")


def write_backup(target: Path, config) -> Summary:
    """Write a backup of the configured database and folders to target (a .tar, or .tar.gz by its name)."""
    target = target.resolve()
    uri = str(config["SQLALCHEMY_DATABASE_URI"])
    revision = _revision()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bimtek-backup-") as scratch:
        dialect, dump = _dump_database(uri, Path(scratch))
        partial = target.with_name(f".{target.name}.partial")
        mode = "w:gz" if target.name.endswith((".tar.gz", ".tgz")) else "w"
        files = 0
        try:
            with tarfile.open(partial, mode) as archive:
                manifest = {"format": FORMAT, "created_at": clock.now().isoformat(), "dialect": dialect,
                            "revision": revision, "database": dump.name, "folders": sorted(FOLDERS)}
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(clock.now().timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                for member, setting in FOLDERS.items():
                    files += _add_folder(archive, Path(config[setting]), member, skip={target, partial})
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return Summary(dialect=dialect, revision=revision, files=files)


def _add_folder(archive: tarfile.TarFile, folder: Path, member: str, *, skip: set[Path]) -> int:
    if not folder.is_dir():
        return 0
    archive.add(folder, arcname=member, recursive=False)
    count = 0
    for path in sorted(folder.rglob("*")):
        # Temporary files of writes in progress and symbolic links are not part of the data.
        if path.is_symlink() or path.resolve() in skip or path.name.endswith((".tmp", ".partial")):
            continue
        if path.is_dir() or path.is_file():
            try:
                archive.add(path, arcname=f"{member}/{path.relative_to(folder).as_posix()}", recursive=False)
            except FileNotFoundError:
                continue  # replaced while we copied (a newer rendering): the newer one is not ours
            count += path.is_file()
    return count


def read_manifest(archive: tarfile.TarFile) -> dict:
    """Return the backup's manifest, or refuse a file that is not a Bimtek backup."""
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError) as error:
        raise BackupError("Berkas ini bukan cadangan Bimtek. / This file is not a Bimtek backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')} tidak dikenal. / Unknown backup format.")
    return manifest


def _safe_members(archive: tarfile.TarFile, prefix: str, root: Path):
    """Yield (member, destination) for the regular files and folders under prefix, never outside root."""
    root = root.resolve()
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if not name.parts or name.parts[0] != prefix or len(name.parts) == 1:
            continue
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Isi cadangan tidak sah: {member.name} / Unsafe member in backup: {member.name}")
        destination = root.joinpath(*name.parts[1:]).resolve()
        if root not in destination.parents:
            raise BackupError(f"Isi cadangan tidak sah: {member.name} / Unsafe member in backup: {member.name}")
        yield member, destination


def _database_is_empty() -> bool:
    names = set(inspect(db.engine).get_table_names())
    return not names


def restore_backup(source: Path, config) -> Summary:
    """Restore a backup into the configured database (which must be empty) and folders."""
    uri = str(config["SQLALCHEMY_DATABASE_URI"])
    dialect = make_url(uri).get_backend_name()
    try:
        archive = tarfile.open(source)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Berkas cadangan tidak dapat dibaca: {error} / Cannot read the backup: {error}") from error
    with archive:
        manifest = read_manifest(archive)
        if manifest["dialect"] != dialect:
            raise BackupError(
                f"Cadangan ini dari {manifest['dialect']}, basis data tujuan {dialect}. "
                f"/ This backup is from {manifest['dialect']}, the target database is {dialect}."
            )
        if not _database_is_empty():
            raise BackupError(
                "Basis data tujuan tidak kosong: pulihkan ke basis data baru (createdb), lalu arahkan DATABASE_URL "
                "ke sana. / The target database is not empty: restore into a new database."
            )
        db.engine.dispose()
        with tempfile.TemporaryDirectory(prefix="bimtek-restore-") as scratch:
            dump = Path(scratch) / manifest["database"]
            with archive.extractfile(manifest["database"]) as packed, dump.open("wb") as out:
                shutil.copyfileobj(packed, out)
            _load_database(dialect, uri, dump)
        files = 0
        for member_name, setting in FOLDERS.items():
            root = Path(config[setting])
            root.mkdir(parents=True, exist_ok=True)
            for member, destination in _safe_members(archive, member_name, root):
                if member.isdir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as packed, destination.open("wb") as out:
                    shutil.copyfileobj(packed, out)
                files += 1
    return Summary(dialect=dialect, revision=manifest.get("revision"), files=files)


def _load_database(dialect: str, uri: str, dump: Path) -> None:
    if dialect == "sqlite":
        source = sqlite3.connect(dump)
        destination = sqlite3.connect(make_url(uri).database)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    address, env = _libpq_url(uri)
    result = subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         f"--dbname={address}", str(dump)],
        env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore gagal / pg_restore failed: {result.stderr.strip()}")
