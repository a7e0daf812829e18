"""`flask backup` writes one file with the database and stored files; restored into a fresh database,
the same certificates are valid at /v/<code> and their stored PDFs come back."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bimtek import create_app
from bimtek.backup import archive
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate
from bimtek.config import TestingConfig
from bimtek.extensions import db
from tests.conftest import FreshContextClient
from tests.factories import World


def _restored_app(url: str, tmp_path: Path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     BIMTEK_STORAGE_DIR=str(tmp_path / "restored-storage"),
                     BIMTEK_UPLOAD_DIR=str(tmp_path / "restored-uploads"))
    app.test_client_class = FreshContextClient
    return app


def _invoke(app, *args):
    """Run a command against app (the suite's own app context stays pushed underneath)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


def test_backup_restored_into_fresh_database_keeps_certificates_valid(app, world: World, certificates, client, auth,
                                                                        fresh_database_url, tmp_path):
    valid, revoked = certificates["valid"], certificates["revoked"]
    auth.login_as(world.pantarlih)
    pdf = client.get(f"/sertifikat/{codes.display(valid.code)}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    stored = sorted(p.relative_to(app.config["BIMTEK_STORAGE_DIR"])
                    for p in Path(app.config["BIMTEK_STORAGE_DIR"]).rglob("*.pdf"))
    assert len(stored) == 1
    upload = Path(app.config["BIMTEK_UPLOAD_DIR"]) / "training" / "daftar-hadir.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"scan of the signed daftar hadir")

    backup = tmp_path / "cadangan" / "bimtek.tar"
    result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "Cadangan ditulis" in result.output
    with tarfile.open(backup) as written:
        names = set(written.getnames())
    assert archive.MANIFEST in names
    assert ({archive.SQLITE_MEMBER, archive.POSTGRES_MEMBER} & names)
    assert f"storage/{stored[0].as_posix()}" in names
    assert "uploads/training/daftar-hadir.jpg" in names

    restored = _restored_app(fresh_database_url, tmp_path)
    result = _invoke(restored, "restore", backup)
    assert result.exit_code == 0, result.output
    assert "Cadangan dipulihkan" in result.output
    try:
        visitor = restored.test_client()
        page = visitor.get(f"/v/{codes.display(valid.code)}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "ASLI dan BERLAKU" in text and "Sri Wahyuni" in text and valid.number in text
        page = visitor.get(f"/v/{revoked.code}")
        assert page.status_code == 200
        assert "DICABUT" in page.get_data(as_text=True)
        assert visitor.get(f"/v/{codes.display(codes.new_code())}").status_code == 404
        with restored.app_context():
            assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2
            db.session.remove()
            db.engine.dispose()
        root = Path(restored.config["BIMTEK_STORAGE_DIR"])
        assert (root / stored[0]).read_bytes() == (Path(app.config["BIMTEK_STORAGE_DIR"]) / stored[0]).read_bytes()
        assert (Path(restored.config["BIMTEK_UPLOAD_DIR"]) / "training" / "daftar-hadir.jpg").read_bytes() \
            == b"scan of the signed daftar hadir"
    finally:
        with restored.app_context():
            db.engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(app, certificates, tmp_path):
    backup = tmp_path / "bimtek.tar.gz"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    result = runner.invoke(args=["restore", str(backup)])
    assert result.exit_code != 0
    assert "tidak kosong" in result.output
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    not_backup = tmp_path / "foto.tar"
    with tarfile.open(not_backup, "w") as written:
        info = tarfile.TarInfo("foto.jpg")
        info.size = 3
        written.addfile(info, io.BytesIO(b"abc"))
    result = app.test_cli_runner().invoke(args=["restore", str(not_backup)])
    assert result.exit_code != 0
    assert "bukan cadangan Bimtek" in result.output


def test_restore_refuses_members_escaping_the_storage_folder(app, fresh_database_url, tmp_path):
    backup = tmp_path / "bimtek.tar"
    assert app.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    with tarfile.open(backup, "a") as written:
        info = tarfile.TarInfo("storage/../../di-luar.txt")
        info.size = 3
        written.addfile(info, io.BytesIO(b"abc"))
    restored = _restored_app(fresh_database_url, tmp_path)
    try:
        result = _invoke(restored, "restore", backup)
        assert result.exit_code != 0
        assert "tidak sah" in result.output
        assert not (tmp_path / "di-luar.txt").exists()
    finally:
        with restored.app_context():
            db.engine.dispose()


def test_missing_pg_dump_is_named_clearly(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(archive.BackupError) as refused:
        archive._tool("pg_dump")
    assert "pg_dump tidak ditemukan" in str(refused.value)
    assert "postgresql-client" in str(refused.value)


def test_backup_taken_while_the_app_writes_is_a_consistent_snapshot(app, fresh_database_url, tmp_path):
    """Writers commit two rows per transaction during the backup: the restored copy never holds half of one."""
    import threading

    from bimtek.auth.models import LoginFailure

    stop = threading.Event()
    committed: list[int] = []

    def write_pairs() -> None:
        with app.app_context():
            number = 0
            while not stop.is_set():
                number += 1
                db.session.add_all([LoginFailure(account_key=f"pair-{number}", address=side) for side in ("a", "b")])
                db.session.commit()
                committed.append(number)
            db.session.remove()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        while len(committed) < 5:
            threading.Event().wait(0.01)
        backup = tmp_path / "bimtek.tar"
        result = app.test_cli_runner().invoke(args=["backup", str(backup)])
    finally:
        stop.set()
        writer.join(timeout=30)
    assert result.exit_code == 0, result.output

    restored = _restored_app(fresh_database_url, tmp_path)
    try:
        assert _invoke(restored, "restore", backup).exit_code == 0
        with restored.app_context():
            keys = db.session.scalars(select(LoginFailure.account_key)).all()
            assert len(keys) >= 10 and len(keys) % 2 == 0
            assert all(keys.count(key) == 2 for key in set(keys))
            if db.engine.dialect.name == "sqlite":
                assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            db.session.remove()
    finally:
        with restored.app_context():
            db.engine.dispose()
