"""A full disk while certificate PDFs are written is reported in Indonesian and logged, and leaves no
truncated or temporary file behind; the certificates stay as they were."""

from __future__ import annotations

import errno
import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from bimtek import storage
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.extensions import db
from tests.factories import DESA, PASSWORD, World
from tests.jobs.pages import wait_for_job

FULL = "Ruang penyimpanan server penuh"


def _fill_disk(monkeypatch, where: str = "") -> list[Path]:
    """Make writes under a folder named `where` (any, when empty) stop half-way with ENOSPC, as a full disk does."""
    failed: list[Path] = []
    real_write = storage._write_file

    def half_then_full(path: Path, data: bytes) -> None:
        if where and where not in path.parts:
            return real_write(path, data)
        failed.append(path)
        with path.open("wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(storage, "_write_file", half_then_full)
    return failed


def _files(root: str) -> list[Path]:
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def _login(app, person):
    client = app.test_client()
    assert client.post("/login", data={"username": person.username, "password": PASSWORD}).status_code == 302
    return client


def test_full_disk_on_certificate_download_is_reported_and_leaves_nothing(app, world: World, certificates,
                                                                          monkeypatch, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    valid = certificates["valid"]
    client = _login(app, world.pantarlih)
    failed = _fill_disk(monkeypatch)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/sertifikat/{codes.display(valid.code)}.pdf")
    assert response.status_code == 507
    page = response.get_data(as_text=True)
    assert FULL in page and "Traceback" not in page
    assert failed, "the PDF was never written"
    assert any("storage full" in record.getMessage() for record in caplog.records)
    assert _files(app.config["BIMTEK_STORAGE_DIR"]) == []  # no truncated PDF, no temporary file

    db.session.expire_all()
    assert db.session.get(Certificate, valid.id).status is CertificateStatus.VALID
    assert client.get(f"/v/{valid.code}").status_code == 200

    monkeypatch.undo()  # space freed: the same click works and stores the whole PDF
    response = client.get(f"/sertifikat/{codes.display(valid.code)}.pdf")
    assert response.status_code == 200
    [stored] = _files(app.config["BIMTEK_STORAGE_DIR"])
    assert stored.read_bytes() == response.data
    assert "Sri Wahyuni" in PdfReader(io.BytesIO(stored.read_bytes())).pages[0].extract_text()



def _fill_disk_for_job_results(monkeypatch) -> list[Path]:
    """Make the jobs' result files stop half-way with ENOSPC (their own atomic write, in bimtek.jobs.storage)."""
    from bimtek.jobs import storage as job_storage

    failed: list[Path] = []

    class HalfFull(io.FileIO):
        def write(self, data) -> int:
            super().write(bytes(data)[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", self.name)

    def full_open(path, mode="r", *args, **kwargs):
        failed.append(Path(path))
        return HalfFull(path, mode.replace("b", "") or "r")

    monkeypatch.setattr(job_storage, "open", full_open, raising=False)
    return failed


@pytest.mark.parametrize("where", ["certificates", "jobs"])
def test_full_disk_during_bulk_printing_fails_the_job_with_the_reason(app, world: World, certificates, monkeypatch,
                                                                      caplog, where):
    """The disk fills while single PDFs are stored, or while the job's joined file is written."""
    client = _login(app, world.ppk)
    failed = _fill_disk(monkeypatch, where) if where == "certificates" else _fill_disk_for_job_results(monkeypatch)
    with caplog.at_level(logging.ERROR):
        response = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": DESA, "output": "pdf"})
        assert response.status_code in (302, 303)
        page = wait_for_job(client, response.headers["Location"])
    assert FULL in page
    assert failed and all(where in path.parts for path in failed)
    assert any("storage full" in record.getMessage() or "penuh" in record.getMessage()
               for record in caplog.records if record.levelno >= logging.ERROR)
    leftovers = [path for path in _files(app.config["BIMTEK_STORAGE_DIR"]) if path.name.endswith(".tmp")
                 or where in path.parts]
    assert leftovers == []
    # Nothing on the certificates changed; the job can be made again once there is space.
    db.session.expire_all()
    assert db.session.get(Certificate, certificates["valid"].id).status is CertificateStatus.VALID
    monkeypatch.undo()
    again = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": DESA, "output": "pdf"})
    assert "1 sertifikat" in wait_for_job(client, again.headers["Location"])
