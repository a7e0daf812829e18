"""Who may open which quiz page, and the trainers' reports limited to their area."""

from __future__ import annotations

import random
import re

import pytest

from bimtek.extensions import db
from bimtek.quizzes.operations import finish_attempt, save_answer, start_attempt
from bimtek.quizzes.plan import AttemptPlan
from bimtek.quizzes.models import Attempt
from tests.factories import World
from tests.quizzes.conftest import key_response


def _login(app, person):
    client = app.test_client()
    response = client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    assert response.status_code == 302
    return client


def _finished(course, person, election, skill: float) -> Attempt:
    """Take and finish a quiz with the hand-written key: the first `skill` share of the questions right."""
    attempt = start_attempt(course, person.id, election.id, random.Random(person.id))
    db.session.flush()
    plan = AttemptPlan(attempt.questions).questions
    for index, shown in enumerate(plan):
        response = key_response(shown.question, index < round(skill * len(plan)))
        save_answer(attempt.id, shown.position, shown.question_id, response)
    finish_attempt(attempt.id)
    db.session.commit()
    return attempt


def test_quiz_pages_in_and_out_of_scope(app, world: World, small_quiz):
    owner, stranger = _login(app, world.pantarlih), _login(app, world.other_pantarlih)
    outsider = _login(app, world.sekretariat)  # not in the course audience
    assert owner.get("/kursus/prosedur-coklit/kuis").status_code == 200
    assert stranger.get("/kursus/prosedur-coklit/kuis").status_code == 200
    assert outsider.get("/kursus/prosedur-coklit/kuis").status_code == 404
    started = owner.post("/kursus/prosedur-coklit/kuis/mulai")
    attempt_id = int(re.search(r"/kuis/(\d+)", started.headers["Location"])[1])
    pages = [f"/kuis/{attempt_id}/1", f"/kuis/{attempt_id}/ringkasan"]
    for url in pages:
        assert owner.get(url).status_code == 200, url
        assert stranger.get(url).status_code == 404, url
    assert owner.get(f"/kuis/{attempt_id}").status_code == 302
    assert stranger.get(f"/kuis/{attempt_id}").status_code == 404
    owner.post(f"/kuis/{attempt_id}/selesai")
    assert owner.get(f"/kuis/{attempt_id}/hasil").status_code == 200
    assert stranger.get(f"/kuis/{attempt_id}/hasil").status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("admin", 200), ("operator", 200), ("ppk", 200), ("pps", 200), ("pantarlih", 404), ("sekretariat", 404)],
)
def test_report_pages_by_role(app, world: World, small_quiz, viewer, status):
    client = _login(app, getattr(world, viewer))
    assert client.get("/laporan/kuis").status_code == status
    assert client.get("/laporan/kuis/prosedur-coklit").status_code == status


def test_ppk_sees_only_their_kecamatan(app, world: World, small_quiz):
    inside = _finished(small_quiz, world.pantarlih, world.election, 1.0)  # Kerkap
    _finished(small_quiz, world.other_pantarlih, world.election, 0.0)  # Kerkap, another desa
    _finished(small_quiz, world.far_pantarlih, world.election, 0.0)  # another kabupaten

    ppk = _login(app, world.ppk).get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert world.pantarlih.full_name in ppk and world.other_pantarlih.full_name in ppk
    assert world.far_pantarlih.full_name not in ppk
    other_ppk = _login(app, world.other_ppk).get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert world.pantarlih.full_name not in other_ppk and "Belum ada percobaan" in other_ppk
    pps = _login(app, world.pps).get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert world.pantarlih.full_name in pps and world.other_pantarlih.full_name not in pps
    operator = _login(app, world.operator).get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert world.far_pantarlih.full_name not in operator and world.other_pantarlih.full_name in operator
    other_operator = _login(app, world.other_operator).get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert world.far_pantarlih.full_name in other_operator and world.pantarlih.full_name not in other_operator

    # Per question: asked twice in Kerkap (one right, one wrong); the far kabupaten's wrong answers don't count.
    from bimtek.quizzes.plan import AttemptPlan

    first = AttemptPlan(inside.questions).questions[0]
    text = first.question.text[:60]
    rows = re.findall(r"<tr><td><span class=\"muted\">[^<]*</span><br>([^<]*)</td><td>(\d+)</td><td>(\d+)</td>", ppk)
    asked = {row[0][:60]: (int(row[1]), int(row[2])) for row in rows}
    right, total = next(value for key, value in asked.items() if key.startswith(text[:40]))
    assert total >= 1 and right >= 1
    assert all(total <= 2 for _right, total in asked.values())
    overview = _login(app, world.ppk).get("/laporan/kuis").get_data(as_text=True)
    assert "Prosedur Coklit" in overview


def test_bank_pages_are_for_the_admin_only(app, world: World, small_quiz):
    admin, operator = _login(app, world.admin), _login(app, world.operator)
    for url in ("/bank-soal", "/bank-soal/prosedur-coklit", "/bank-soal/prosedur-coklit/ekspor"):
        assert admin.get(url).status_code == 200, url
        assert operator.get(url).status_code == 404, url
    assert admin.get("/bank-soal/tidak-ada").status_code == 404


def test_quiz_form_actions_in_and_out_of_scope(app, world: World, small_quiz):
    owner, stranger = _login(app, world.pantarlih), _login(app, world.other_pantarlih)
    outsider = _login(app, world.sekretariat)  # not in the course audience
    assert outsider.post("/kursus/prosedur-coklit/kuis/mulai").status_code == 404
    started = owner.post("/kursus/prosedur-coklit/kuis/mulai")
    assert started.status_code == 302
    attempt_id = int(re.search(r"/kuis/(\d+)", started.headers["Location"])[1])
    assert stranger.post(f"/kuis/{attempt_id}/1", data={"answer": "0"}).status_code == 404
    assert owner.post(f"/kuis/{attempt_id}/1", data={"answer": "0"}).status_code != 404
    assert stranger.post(f"/kuis/{attempt_id}/selesai").status_code == 404
    assert owner.post(f"/kuis/{attempt_id}/selesai").status_code == 302


def test_bank_form_actions_are_for_the_admin_only(app, world: World, small_quiz):
    for name, gate_passed in (("operator", False), ("admin", True)):
        client = _login(app, getattr(world, name))
        for url in ("/bank-soal/prosedur-coklit/unggah", "/bank-soal/prosedur-coklit/unggah/simpan"):
            assert (client.post(url, data={}).status_code != 404) is gate_passed, (name, url)
