"""The kabupaten's certificate settings: numbering, signatory, signature and stamp checked by content."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from bimtek.certificates import codes
from bimtek.certificates.models import CertificateSettings
from bimtek.extensions import db
from tests.factories import World


def _png(color=(0, 0, 120, 255), size=(1600, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG")
    return out.getvalue()


def _login(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client


def test_settings_only_for_the_kabupaten_operator(app, world: World):
    assert _login(app, world.operator).get("/sertifikat/pengaturan").status_code == 200
    for person in (world.ppk, world.pps, world.pantarlih):
        assert _login(app, person).get("/sertifikat/pengaturan").status_code == 404
    admin = _login(app, world.admin)
    assert admin.get("/sertifikat/pengaturan?wilayah=17.03").status_code == 200
    assert admin.get("/sertifikat/pengaturan?wilayah=17.03.06").status_code == 404


def test_operator_uploads_signature_and_stamp(app, world: World, issued):
    client = _login(app, world.operator)
    response = client.post("/sertifikat/pengaturan", data={
        "number_format": "{nomor}/KPU-BU/{tahun}", "signatory_name": "Drs. Ahmad Fauzi",
        "signatory_title": "Ketua KPU Kabupaten Bengkulu Utara",
        "signature": (io.BytesIO(_png()), "ttd.png"), "stamp": (io.BytesIO(_png((120, 0, 0, 200))), "cap.png"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    settings = db.session.get(CertificateSettings, "17.03")
    assert settings.signatory_name == "Drs. Ahmad Fauzi" and settings.signature_file and settings.stamp_file
    image = client.get("/sertifikat/pengaturan/tanda-tangan")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(image.data)).width <= 900  # shrunk for print
    assert _login(app, world.other_operator).get("/sertifikat/pengaturan/tanda-tangan").status_code == 404
    assert client.get("/sertifikat/pengaturan/lainnya").status_code == 404
    pdf = _login(app, world.pantarlih).get(f"/sertifikat/{codes.display(issued.code)}.pdf").data
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Drs. Ahmad Fauzi" in text and "Tanda tangan belum diunggah" not in text
    assert len(pdf) < 100 * 1024


def test_upload_is_checked_by_content_and_bad_input_loses_nothing(app, world: World):
    client = _login(app, world.operator)
    client.post("/sertifikat/pengaturan", data={"number_format": "{nomor}/A/{tahun}", "signatory_name": "Lama",
                                               "signatory_title": ""})
    fake = client.post("/sertifikat/pengaturan", data={
        "number_format": "{nomor}/B/{tahun}", "signatory_name": "Baru", "signatory_title": "",
        "signature": (io.BytesIO(b"<svg onload=alert(1)>"), "ttd.png"),
    }, content_type="multipart/form-data")
    assert fake.status_code == 422
    assert "bukan gambar PNG atau JPG" in fake.get_data(as_text=True)
    broken = client.post("/sertifikat/pengaturan", data={
        "number_format": "{nomor}/B/{tahun}", "signatory_name": "Baru", "signatory_title": "",
        "signature": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 100), "ttd.png"),
    }, content_type="multipart/form-data")
    assert broken.status_code == 422 and "rusak" in broken.get_data(as_text=True)
    bad_format = client.post("/sertifikat/pengaturan", data={"number_format": "{nama}/{tahun}", "signatory_name": "Baru",
                                                            "signatory_title": ""})
    assert bad_format.status_code == 422
    no_number = client.post("/sertifikat/pengaturan", data={"number_format": "SERT/{tahun}", "signatory_name": "Baru",
                                                           "signatory_title": ""})
    assert no_number.status_code == 422 and "{nomor}" in no_number.get_data(as_text=True)
    db.session.expire_all()
    settings = db.session.get(CertificateSettings, "17.03")
    assert (settings.number_format, settings.signatory_name, settings.signature_file) == ("{nomor}/A/{tahun}", "Lama", None)


def test_saving_settings_only_for_the_kabupaten_operator(app, world: World):
    for person in (world.ppk, world.pps):
        assert _login(app, person).post("/sertifikat/pengaturan", data={}).status_code == 404
    assert _login(app, world.operator).post("/sertifikat/pengaturan", data={}).status_code != 404
