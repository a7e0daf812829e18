"""The public verify page: 200 for a known code in every state, 422 for a typo, 404 for an unknown code."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bimtek.certificates import codes
from bimtek.certificates.models import VerifyHit
from bimtek.certificates.operations import reissue, revoke
from bimtek.extensions import db
from tests.factories import World


def _typo(code: str) -> str:
    swapped = next(i for i in range(len(code) - 1) if code[i] != code[i + 1])
    return code[:swapped] + code[swapped + 1] + code[swapped] + code[swapped + 2:]


def test_valid_certificate_page_without_log_in(world: World, issued, client):
    response = client.get(f"/v/{codes.display(issued.code)}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for expected in ("ASLI dan BERLAKU", "Sri Wahyuni", "Pantarlih TPS 001", "Prosedur Coklit",
                     "KPU Kabupaten Bengkulu Utara", issued.number, "Desa Talang Jambu"):
        assert expected in page, expected
    assert world.pantarlih.nik not in page
    assert world.pantarlih.username not in page


def test_code_is_case_and_dash_insensitive(issued, client):
    assert client.get(f"/v/{issued.code.lower()}").status_code == 200
    assert client.get(f"/v/{codes.display(issued.code).lower()}").status_code == 200


def test_typo_is_422_and_unknown_is_404(issued, client):
    typo = client.get(f"/v/{_typo(issued.code)}")
    assert typo.status_code == 422
    assert "salah ketik" in typo.get_data(as_text=True)
    outside = client.get(f"/v/{issued.code[:4]}O{issued.code[5:]}")
    assert outside.status_code == 422
    unknown = codes.new_code()
    assert unknown != issued.code
    response = client.get(f"/v/{codes.display(unknown)}")
    assert response.status_code == 404
    assert "Tidak ada sertifikat" in response.get_data(as_text=True)


def test_revoked_and_replaced_pages_say_so(world: World, issued, client):
    revoke(issued, "Tidak mengikuti bimtek tatap muka", actor_id=world.operator.id)
    db.session.commit()
    page = client.get(f"/v/{issued.code}").get_data(as_text=True)
    assert "DICABUT" in page and "Tidak mengikuti bimtek tatap muka" in page

    other = _other_certificate(world)
    replacement = reissue(other, actor_id=world.operator.id)
    db.session.commit()
    response = client.get(f"/v/{other.code}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "DIGANTI" in page
    assert f"/v/{codes.display(replacement.code)}" in page
    assert client.get(f"/v/{replacement.code}").status_code == 200


def _other_certificate(world: World):
    from tests.certificates.conftest import certificate_of, earn
    from bimtek.courses.models import Course

    course = db.session.scalar(select(Course).where(Course.slug == "sidalih-ecoklit"))
    earn(world.pantarlih, world.election.id, course)
    return certificate_of(world.pantarlih, course)


def test_form_redirects_to_the_code(client):
    assert client.get("/v").status_code == 200
    response = client.get("/v?kode=k7qx-4m2p")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/v/k7qx-4m2p")


def test_rate_limit_per_client_is_kept_in_the_database(app, frozen_clock, issued, client):
    app.config["BIMTEK_VERIFY_PER_MINUTE"] = 3
    statuses = [client.get(f"/v/{issued.code}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert db.session.scalar(select(func.sum(VerifyHit.count))) == 4
    # Another client is not affected.
    other = app.test_client()
    assert other.get(f"/v/{issued.code}", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code == 200


def test_hits_misses_and_typos_take_the_same_minimum_time(app, issued, client):
    app.config["BIMTEK_VERIFY_MIN_SECONDS"] = 0.3
    for url in (f"/v/{issued.code}", f"/v/{codes.new_code()}", f"/v/{_typo(issued.code)}"):
        started = time.perf_counter()
        client.get(url)
        assert time.perf_counter() - started >= 0.3, url
