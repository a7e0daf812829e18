"""KPU operators revoke with a reason and reissue after a name correction; both are audited."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from bimtek.audit.models import AuditEvent
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.extensions import db
from tests.factories import World


def _login(app, person):
    client = app.test_client()
    assert client.post("/login", data={"username": person.username, "password": "rahasia-123"}).status_code == 302
    return client


def test_operator_revokes_with_a_reason(app, world: World, issued):
    client = _login(app, world.operator)
    url = f"/sertifikat/{codes.display(issued.code)}/cabut"
    assert client.get(url).status_code == 200
    empty = client.post(url, data={"reason": "  "})
    assert empty.status_code == 422
    assert "alasan" in empty.get_data(as_text=True).lower()
    response = client.post(url, data={"reason": "Nama ganda, bukan petugas"})
    assert response.status_code == 302
    db.session.expire_all()
    certificate = db.session.get(Certificate, issued.id)
    assert certificate.status is CertificateStatus.REVOKED
    assert certificate.revoke_reason == "Nama ganda, bukan petugas"
    assert certificate.revoked_at is not None
    again = client.post(url, data={"reason": "Sekali lagi dicabut"})
    assert again.status_code == 422 and "sudah tidak berlaku" in again.get_data(as_text=True)
    events = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events.count("certificates.issue") == 1 and events.count("certificates.revoke") == 1
    # The learner can no longer download it, and the verify page says so.
    learner = _login(app, world.pantarlih)
    assert learner.get(f"/sertifikat/{codes.display(issued.code)}.pdf").status_code == 404
    assert "DICABUT" in app.test_client().get(f"/v/{issued.code}").get_data(as_text=True)


def test_only_the_kabupaten_operator_revokes(app, world: World, issued):
    url = f"/sertifikat/{codes.display(issued.code)}/cabut"
    for person in (world.ppk, world.pps, world.pantarlih, world.other_operator):
        client = _login(app, person)
        assert client.get(url).status_code == 404, person.username
        assert client.post(url, data={"reason": "Coba-coba mencabut"}).status_code == 404, person.username
        assert client.post(f"/sertifikat/{codes.display(issued.code)}/terbitkan-ulang").status_code == 404
    db.session.expire_all()
    assert db.session.get(Certificate, issued.id).status is CertificateStatus.VALID
    assert _login(app, world.admin).get(url).status_code == 200


def test_reissue_after_name_correction_gets_a_new_code(app, world: World, issued):
    world.pantarlih.full_name = "Sri Wahyuningsih"
    db.session.commit()
    client = _login(app, world.operator)
    response = client.post(f"/sertifikat/{codes.display(issued.code)}/terbitkan-ulang")
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.get(Certificate, issued.id)
    new = db.session.get(Certificate, old.replaced_by_id)
    assert old.status is CertificateStatus.REPLACED and new.status is CertificateStatus.VALID
    assert new.code != old.code and new.full_name == "Sri Wahyuningsih" and old.full_name == "Sri Wahyuni"
    page = app.test_client().get(f"/v/{codes.display(old.code)}").get_data(as_text=True)
    assert "DIGANTI" in page and f"/v/{codes.display(new.code)}" in page
    pdf = _login(app, world.pantarlih).get(f"/sertifikat/{codes.display(new.code)}.pdf").data
    assert "Sri Wahyuningsih" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "certificates.reissue"))
    assert event.details["old_code"] == old.code and event.details["code"] == new.code
    # A second click on the old row is refused with a message, not a second replacement.
    client.post(f"/sertifikat/{codes.display(old.code)}/terbitkan-ulang")
    assert db.session.scalar(select(db.func.count(Certificate.id))) == 2


def test_revoke_needs_the_csrf_token(app, world: World, issued):
    client = _login(app, world.operator)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/sertifikat/{codes.display(issued.code)}/cabut", data={"reason": "Tanpa token CSRF"})
    assert response.status_code in (400, 422)
    db.session.expire_all()
    assert db.session.get(Certificate, issued.id).status is CertificateStatus.VALID


def test_manage_list_pages_stay_small(app, world: World, coklit):
    from bimtek.officers.models import Position, Role
    from tests.certificates.conftest import grant
    from tests.factories import DESA, assign, make_person

    for index in range(60):
        person = make_person(f"Petugas Pantarlih Nomor {index:02d} " + "Panjang" * 5)
        assign(person, world.election, Role.PANTARLIH, DESA, position=Position.ANGGOTA, tps=index + 2)
        grant(person, world.election.id, coklit)
    client = _login(app, world.operator)
    first = client.get("/sertifikat/wilayah")
    assert first.status_code == 200 and len(first.data) < 60 * 1024
    assert "Halaman 1 dari 2" in first.get_data(as_text=True)
    second = client.get("/sertifikat/wilayah?halaman=2").get_data(as_text=True)
    assert second.count("Petugas Pantarlih Nomor") == 10


def test_manage_list_only_in_scope(app, world: World, issued):
    shown = codes.display(issued.code)
    assert shown in _login(app, world.operator).get("/sertifikat/wilayah").get_data(as_text=True)
    assert shown in _login(app, world.ppk).get("/sertifikat/wilayah").get_data(as_text=True)
    assert shown not in _login(app, world.other_operator).get("/sertifikat/wilayah").get_data(as_text=True)
    assert _login(app, world.other_ppk).get("/sertifikat/wilayah?wilayah=17.03.06").status_code == 404
    assert _login(app, world.pantarlih).get("/sertifikat/wilayah").status_code == 404
    assert _login(app, world.pps).get("/sertifikat/wilayah").status_code == 404
