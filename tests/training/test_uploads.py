"""Uploads: checked by content and size, kept outside the web root, served only within scope."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from bimtek.extensions import db
from bimtek.training.models import SessionFile
from tests.factories import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(  # a whole 1 x 1 transparent PNG (every chunk's CRC right)
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def upload(client, session_id: int, data: bytes, name: str, kind: str = "daftar_hadir"):
    return client.post(f"/bimtek/{session_id}/berkas", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_signed_scan_is_kept_outside_the_web_root(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    page = upload(client, pps_session.id, PDF, "daftar-hadir-ttd.pdf").get_data(as_text=True)
    assert "Berkas sudah disimpan" in page
    item = db.session.scalar(select(SessionFile))
    stored = Path(app.config["BIMTEK_UPLOAD_DIR"]) / "training" / item.stored_name
    assert stored.read_bytes() == PDF
    assert Path(app.static_folder).resolve() not in stored.resolve().parents
    assert item.mime_type == "application/pdf" and item.original_name == "daftar-hadir-ttd.pdf"


def test_wrong_content_with_a_pdf_name_is_refused(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    page = upload(client, pps_session.id, b"MZ\x90\x00 this is an exe", "daftar-hadir.pdf").get_data(as_text=True)
    assert "Isi berkas bukan PDF, JPG atau PNG" in page
    page = upload(client, pps_session.id, PDF, "foto.jpg", kind="foto").get_data(as_text=True)
    assert "Isi berkas bukan JPG atau PNG" in page
    assert db.session.scalar(select(SessionFile)) is None


def test_oversize_upload_is_refused(app, auth, client, world: World, pps_session):
    app.config["BIMTEK_TRAINING_UPLOAD_MAX_BYTES"] = 1024
    auth.login_as(world.pps)
    page = upload(client, pps_session.id, PDF + b"0" * 2000, "besar.pdf").get_data(as_text=True)
    assert "Berkas terlalu besar" in page
    assert db.session.scalar(select(SessionFile)) is None


def test_upload_is_served_only_in_scope(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    upload(client, pps_session.id, PNG, "foto.png", kind="foto")
    item = db.session.scalar(select(SessionFile))
    url = f"/bimtek/{pps_session.id}/berkas/{item.id}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.data == PNG and response.mimetype == "image/png"
    auth.logout()
    auth.login_as(world.ppk)
    assert client.get(url).status_code == 200
    for outsider in (world.other_pps, world.pantarlih, world.other_operator):
        auth.logout()
        auth.login_as(outsider)
        assert client.get(url).status_code == 404, outsider.username
