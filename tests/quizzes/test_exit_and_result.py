"""Leaving a quiz goes back to the course (never logs out), and the result page says where the learner stands."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.quizzes.models import Attempt, AttemptStatus
from bimtek.quizzes.plan import AttemptPlan
from tests.factories import World
from tests.quizzes.conftest import answer, load_course

LOGOUT_FORM = 'action="/logout"'


def _begin(client) -> Attempt:
    response = client.post("/kursus/prosedur-coklit/kuis/mulai")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    db.session.expire_all()
    return db.session.get(Attempt, int(re.search(r"/kuis/(\d+)", response.headers["Location"])[1]))


def _take(client, wrong: int = 0) -> Attempt:
    """Take the 6-question test quiz, answering `wrong` questions wrong (never the matching one, worth part)."""
    attempt = _begin(client)
    plan = AttemptPlan(attempt.questions).questions
    wrong_positions = [shown.position for shown in plan if shown.question.name != "uji-menjodohkan"][:wrong]
    for shown in plan:
        assert answer(client, attempt, shown, right=shown.position not in wrong_positions).status_code == 302
    assert client.post(f"/kuis/{attempt.id}/selesai").status_code == 302
    return attempt


def _text(html: str) -> str:
    """Return the page's visible words in one line (tags dropped, spaces folded)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_quiz_pages_exit_to_the_course_and_do_not_log_out(client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    start = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    assert LOGOUT_FORM in start  # outside a quiz in progress the main menu keeps its log-out
    attempt = _begin(client)
    for url in (f"/kuis/{attempt.id}/1", f"/kuis/{attempt.id}/ringkasan"):
        page = client.get(url).get_data(as_text=True)
        assert LOGOUT_FORM not in page, url
        assert '<a href="/kursus/prosedur-coklit" id="keluar-kuis">Keluar dari kuis</a>' in page, url
        assert "Jawaban yang sudah disimpan tetap tersimpan" in _text(page), url
        assert "Batas waktunya tetap berjalan." in _text(page), url  # the test course has a 30-minute limit
    question = client.get(f"/kuis/{attempt.id}/1").get_data(as_text=True)
    assert "Jawaban di halaman ini baru tersimpan setelah Anda menekan tombol Simpan." in _text(question)
    summary = client.get(f"/kuis/{attempt.id}/ringkasan").get_data(as_text=True)
    assert "Jawaban di halaman ini" not in summary  # the summary page holds no unsaved answer

    shown = AttemptPlan(attempt.questions).questions[0]
    assert answer(client, attempt, shown).status_code == 302
    course = client.get("/kursus/prosedur-coklit")  # where "Keluar dari kuis" leads: still logged in
    assert course.status_code == 200
    text = _text(course.get_data(as_text=True))
    assert "Kuis belum selesai" in text and "Lanjutkan kuis" in text
    assert f'href="/kuis/{attempt.id}"' in course.get_data(as_text=True)
    assert LOGOUT_FORM in course.get_data(as_text=True)
    resumed = client.get(f"/kuis/{attempt.id}")
    assert resumed.headers["Location"].endswith(f"/kuis/{attempt.id}/2")  # the saved answer is still there


def test_result_page_of_a_failed_attempt(frozen_clock, client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    attempt = _take(client, wrong=2)
    page = _text(client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True))
    assert "4 dari 6 benar" in page
    assert "Belum lulus." in page
    assert "Nilai: 67" in page
    assert "Nilai lulus: 70" in page
    assert "Sisa kesempatan: 4 dari 5 kali" in page
    # Frozen at Senin, 24 Juni 2024 08.00 WIB; the test course waits 5 minutes between attempts.
    assert "Percobaan berikutnya dapat dimulai Senin, 24 Juni 2024 pukul 08.05 WIB." in page
    assert "Pembahasan" in page


def test_result_page_of_a_passed_attempt(frozen_clock, client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    attempt = _take(client, wrong=1)
    page = _text(client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True))
    assert "5 dari 6 benar" in page
    assert "Selamat, Anda lulus." in page
    assert "Nilai: 83" in page and "Nilai lulus: 70" in page
    assert "Sisa kesempatan" not in page and "Percobaan berikutnya" not in page


def test_result_page_without_a_limit_says_the_next_try_is_now(client, auth, world: World):
    load_course("prosedur-coklit", quiz_rules={"questions": 6, "per_category": {"Dasar": 2, "Syarat": 2, "Lapangan": 2},
                                               "pass_mark": 80, "wait_minutes": 0})
    auth.login_as(world.pantarlih)
    attempt = _take(client, wrong=3)
    page = _text(client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True))
    assert "3 dari 6 benar" in page
    assert "Nilai: 50" in page and "Nilai lulus: 80" in page
    assert "Sisa kesempatan: tidak dibatasi" in page
    assert "Percobaan berikutnya dapat dimulai sekarang." in page


def test_result_page_when_no_attempt_is_left_names_the_trainer(client, auth, world: World):
    load_course("prosedur-coklit", quiz_rules={"questions": 6, "per_category": {"Dasar": 2, "Syarat": 2, "Lapangan": 2},
                                               "max_attempts": 1})
    world.pps.phone = "+6281234567890"
    db.session.commit()
    auth.login_as(world.pantarlih)
    attempt = _take(client, wrong=4)
    page = _text(client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True))
    assert "2 dari 6 benar" in page
    assert "Sisa kesempatan: 0 dari 1 kali" in page
    assert ("Kesempatan mengerjakan kuis ini sudah habis. Hubungi pelatih Anda: Bambang Sutrisno, "
            "Ketua PPS Desa Talang Jambu, telepon 0812-3456-7890.") in page
    assert "Percobaan berikutnya" not in page

    # A PPS learner is sent to the Ketua PPK of the kecamatan (who has no phone recorded).
    auth.logout()
    auth.login_as(world.pps)
    attempt = _take(client, wrong=4)
    page = _text(client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True))
    assert ("Kesempatan mengerjakan kuis ini sudah habis. Hubungi pelatih Anda: Suryani Ketua, "
            "Ketua PPK Kecamatan Kerkap.") in page


def test_second_click_on_selesai_counts_once(frozen_clock, client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    attempt = _take(client, wrong=2)
    assert "Kuis selesai dan sudah dinilai." in client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    again = client.post(f"/kuis/{attempt.id}/selesai")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/kuis/{attempt.id}/hasil")
    page = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    assert "Kuis selesai dan sudah dinilai." not in page  # the second click graded nothing
    text = _text(page)
    assert "4 dari 6 benar" in text and "Sisa kesempatan: 4 dari 5 kali" in text
    assert db.session.scalar(select(func.count(Attempt.id))) == 1
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).status is AttemptStatus.FINISHED
