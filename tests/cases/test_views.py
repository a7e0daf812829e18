"""Case pages for learners: who may open them, page weight, bad posts that lose nothing, results kept per learner."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bimtek import signals
from bimtek.cases.models import CaseDecision, CaseResult, PracticeCase
from bimtek.cases.queries import passed_case_count
from bimtek.extensions import db
from tests.cases.conftest import COURSE, case_by_key, case_url, form
from tests.cases.test_grading import RIGHT

KEY = "02-ulang-tahun-ke-17-hari-pemungutan"
WRONG_FAJAR = {**RIGHT[KEY], **form(fajar={"decision": "tidak_dicatat", "evidence": "ktp_kk"})}


def _results() -> int:
    return db.session.scalar(select(func.count(CaseResult.id)))


def test_case_pages_in_and_out_of_scope(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    assert client.get("/kasus").status_code == 200
    assert client.get(f"/kasus/{COURSE}").status_code == 200
    assert client.get(case_url(KEY)).status_code == 200
    assert client.get(case_url(KEY, "/hasil")).status_code == 302  # nothing answered yet: back to the case
    client.post(case_url(KEY), data=RIGHT[KEY])
    assert client.get(case_url(KEY, "/hasil")).status_code == 200
    assert client.get(case_url("99-tidak-ada")).status_code == 404
    assert client.get("/kasus/kursus-lain/01-menikah-usia-16").status_code == 404
    case_by_key(KEY).is_retired = True
    db.session.commit()
    assert client.get(case_url(KEY)).status_code == 404
    auth.logout()

    # The PPS secretariat is not among Prosedur Coklit's learners: the course's cases do not exist for them.
    auth.login_as(world.sekretariat)
    assert client.get("/kasus").status_code == 200
    assert COURSE not in client.get("/kasus").get_data(as_text=True)
    for url in (f"/kasus/{COURSE}", case_url("01-menikah-usia-16"), case_url("01-menikah-usia-16", "/hasil")):
        assert client.get(url).status_code == 404, url
    assert client.post(case_url("01-menikah-usia-16"), data=RIGHT["01-menikah-usia-16"]).status_code == 404
    auth.logout()
    assert client.get(case_url("01-menikah-usia-16")).status_code == 302  # to the log-in


def test_every_shipped_case_page_is_light(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    keys = db.session.scalars(select(PracticeCase.key)).all()
    assert len(keys) >= 30
    for key in keys:
        response = client.get(case_url(key))
        assert response.status_code == 200
        assert len(response.data) < 60 * 1024, (key, len(response.data))
        assert "<script" not in response.get_data(as_text=True)


def test_the_household_card_shows_the_list_rows_and_the_house(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    page = client.get(case_url("01-menikah-usia-16")).get_data(as_text=True)
    assert "Kartu Keluarga yang ditunjukkan" in page
    assert "170306******0011" in page  # the masked NIK of the list row
    assert "Rabu, 27 November 2024" in page  # voting day, to work out ages
    assert 'name="wulan-decision" value="potensial"' in page
    assert 'name="suparman-decision" value="potensial"' not in page  # a list row gets the row decisions


def test_passing_a_case_is_saved_and_counted(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    signals.case_finished.connect(receiver)
    try:
        response = client.post(case_url(KEY), data=RIGHT[KEY])
    finally:
        signals.case_finished.disconnect(receiver)
    assert response.status_code == 302
    assert response.location.endswith(case_url(KEY, "/hasil"))
    assert sent == [{"person_id": world.pantarlih.id, "election_id": world.election.id,
                     "course_id": synced.id, "passed": True}]
    assert passed_case_count(world.pantarlih.id, world.election.id, synced.id) == 1
    assert passed_case_count(world.other_pantarlih.id, world.election.id, synced.id) == 0
    page = client.get(case_url(KEY, "/hasil")).get_data(as_text=True)
    assert "3 dari 3 keputusan benar" in page
    listing = client.get(f"/kasus/{COURSE}").get_data(as_text=True)
    assert "1 dari 32 kasus lulus." in listing


def test_a_retry_keeps_the_first_try_for_trainers(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    client.post(case_url(KEY), data=WRONG_FAJAR)
    assert passed_case_count(world.pantarlih.id, world.election.id, synced.id) == 0
    client.post(case_url(KEY), data=RIGHT[KEY])
    client.post(case_url(KEY), data=WRONG_FAJAR)  # passed once: still counts
    result = db.session.scalar(select(CaseResult))
    assert (result.tries, result.passed, result.ever_passed, result.score) == (3, False, True, 2)
    fajar = db.session.scalar(select(CaseDecision).where(CaseDecision.subject == "fajar"))
    assert (fajar.first_correct, fajar.last_correct) == (False, False)
    assert passed_case_count(world.pantarlih.id, world.election.id, synced.id) == 1
    # A retired case no longer counts towards completion.
    case_by_key(KEY).is_retired = True
    db.session.commit()
    assert passed_case_count(world.pantarlih.id, world.election.id, synced.id) == 0


def test_the_case_page_shows_the_last_answers_again(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    client.post(case_url(KEY), data=WRONG_FAJAR)
    page = client.get(case_url(KEY)).get_data(as_text=True)
    assert 'name="fajar-decision" value="tidak_dicatat" checked' in page
    assert "2 dari 3 benar" in page


def test_undecided_rows_are_named_and_choices_kept(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    data = {name: value for name, value in RIGHT[KEY].items() if not name.startswith("nanda-")}
    response = client.post(case_url(KEY), data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "pilih keputusan untuk NANDA PUTRI" in page
    assert 'name="fajar-decision" value="potensial" checked' in page
    assert _results() == 0


@pytest.mark.parametrize("field,value", [
    ("fajar-decision", "sesuai"),  # a row decision for someone not on the list
    ("fajar-decision", "hapus"),
    ("marlina-reason", "pergi"),
    ("marlina-field", "agama"),
    ("marlina-evidence", "sim"),
])
def test_forged_choices_are_refused(client, auth, world, synced, field, value):
    auth.login_as(world.pantarlih)
    response = client.post(case_url(KEY), data={**RIGHT[KEY], field: value})
    assert response.status_code == 400
    assert "Pilihan jawaban tidak dikenal" in response.get_data(as_text=True)
    assert _results() == 0


def test_an_expired_form_keeps_the_choices(csrf_app, client, auth, world, synced):
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    auth.login_as(world.pantarlih)
    csrf_app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(case_url(KEY), data={**RIGHT[KEY], "csrf_token": "basi"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "jawaban belum dinilai" in page
    assert 'name="fajar-decision" value="potensial" checked' in page
    assert _results() == 0


def test_without_a_current_election_nothing_is_saved(client, auth, world, synced):
    world.election.is_current = False
    db.session.commit()
    auth.login_as(world.pantarlih)
    # Pantarlih read their course through the current election only; an admin can still open the case.
    auth.logout()
    auth.login_as(world.admin)
    page = client.get(case_url(KEY)).get_data(as_text=True)
    assert "jawaban tidak dapat disimpan" in page
    response = client.post(case_url(KEY), data=RIGHT[KEY])
    assert response.status_code == 400
    assert _results() == 0


def test_every_shipped_answer_can_be_given_on_the_page_and_the_result_is_light(client, auth, world, synced):
    """Each case's keyed answer can be entered with the page's controls; the result page stays under 60 KB."""
    from bimtek.cases.rules import keyed_given

    auth.login_as(world.pantarlih)
    for case in db.session.scalars(select(PracticeCase)).all():
        page = client.get(case_url(case.key)).get_data(as_text=True)
        data = {}
        for subject in case.subjects:
            given = keyed_given(subject)
            for control, value in given.to_dict().items():
                name = f"{subject['key']}-{control}"
                if control in ("decision", "choice"):
                    assert f'name="{name}" value="{value}"' in page, (case.key, name, value)
                elif control != "value":
                    assert f'name="{name}"' in page and f'value="{value}"' in page, (case.key, name, value)
                data[name] = value
        assert client.post(case_url(case.key), data=data).status_code == 302, case.key
        response = client.get(case_url(case.key, "/hasil"))
        assert "Lulus" in response.get_data(as_text=True)
        assert len(response.data) < 60 * 1024, (case.key, len(response.data))
    assert db.session.scalar(select(func.count(CaseResult.id)).where(CaseResult.passed.is_(True))) \
        == db.session.scalar(select(func.count(PracticeCase.id)))


def test_answering_a_case_only_as_one_of_its_learners(client, auth, world, synced):
    auth.login_as(world.sekretariat)  # not among Prosedur Coklit's learners
    assert client.post(case_url(KEY), data=RIGHT[KEY]).status_code == 404
    auth.logout()
    auth.login_as(world.pantarlih)
    assert client.post(case_url(KEY), data=RIGHT[KEY]).status_code == 302
