"""Learning pages: progress saved by a plain form post, resume anywhere, light pages, 304 on revisits."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bimtek import clock
from bimtek.courses.models import LessonProgress
from bimtek.extensions import db
from tests.factories import World

COURSE = "/kursus/prosedur-coklit"
# The sample course (tests/courses/sample_content): six lessons, an image in the third.
LESSONS = ["01-pengantar", "02-tabel-kode", "03-gambar-alur", "04-pelajaran-4", "05-pelajaran-5", "06-pelajaran-6"]


def _progress(html: str) -> int:
    return int(re.search(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', html).group(1))


def _complete(client, key: str):
    return client.post(f"{COURSE}/{key}/selesai")


def _progress_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(LessonProgress))


def test_progress_bar_moves_when_a_lesson_is_finished(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    index = client.get("/kursus/").get_data(as_text=True)
    assert _progress(index) == 0
    assert "0 dari 6 pelajaran selesai" in index
    lesson = client.get(f"{COURSE}/{LESSONS[0]}").get_data(as_text=True)
    assert "Tandai selesai" in lesson and 'name="csrf_token"' in lesson
    response = _complete(client, LESSONS[0])
    assert response.status_code == 302
    assert response.headers["Location"] == f"{COURSE}/{LESSONS[1]}"
    following = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ditandai selesai" in following
    assert _progress(following) == 1
    assert "1 dari 6 pelajaran selesai" in client.get("/kursus/").get_data(as_text=True)
    course_page = client.get(COURSE).get_data(as_text=True)
    assert _progress(course_page) == 1 and "Masih tersisa 5 pelajaran." in course_page
    again = client.get(f"{COURSE}/{LESSONS[0]}").get_data(as_text=True)
    assert "Anda sudah menyelesaikan pelajaran ini." in again and "Tandai selesai" not in again


def test_finishing_twice_changes_nothing(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    _complete(client, LESSONS[0])
    rows = db.session.scalars(select(LessonProgress)).all()
    assert len(rows) == 1
    first_time = rows[0].completed_at
    second = _complete(client, LESSONS[0])
    assert second.status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(LessonProgress)).all()
    assert len(rows) == 1 and rows[0].completed_at == first_time


def test_forged_lesson_key_is_404(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    assert client.get(f"{COURSE}/99-tidak-ada").status_code == 404
    assert _complete(client, "99-tidak-ada").status_code == 404
    # A lesson of another course under this course's slug.
    assert _complete(client, "01-akun-contoh").status_code == 404
    assert _progress_rows() == 0


def test_retired_lesson_is_read_only(client, auth, world: World, sample_synced):
    lesson = next(item for item in sample_synced["prosedur-coklit"].lessons if item.key == LESSONS[5])
    lesson.is_retired = True
    db.session.commit()
    auth.login_as(world.pantarlih)
    page = client.get(f"{COURSE}/{LESSONS[5]}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "sudah tidak dipakai lagi" in text and "Tandai selesai" not in text
    assert _complete(client, LESSONS[5]).status_code == 404
    assert "0 dari 5 pelajaran selesai" in client.get(COURSE).get_data(as_text=True)


def test_resume_at_first_unfinished_lesson_on_any_device(app, client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    _complete(client, LESSONS[0])
    _complete(client, LESSONS[1])
    other_device = app.test_client()
    other_device.post("/login", data={"username": world.pantarlih.username, "password": "rahasia-123"})
    for page in (other_device.get(COURSE), other_device.get("/kursus/"), other_device.get("/")):
        html = page.get_data(as_text=True)
        assert f'href="{COURSE}/{LESSONS[2]}"' in html
        assert "Lanjutkan" in html


def test_last_lesson_leads_back_to_the_course(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    for key in LESSONS:
        response = _complete(client, key)
    assert response.headers["Location"] == COURSE
    page = client.get(COURSE).get_data(as_text=True)
    assert "Semua pelajaran sudah selesai." in page
    assert _progress(page) == 6


def test_revisit_a_minute_later_gets_304_until_progress_changes(client, auth, world: World, sample_synced,
                                                                 frozen_clock):
    auth.login_as(world.pantarlih)
    url = f"{COURSE}/{LESSONS[0]}"
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag = first.headers["ETag"]
    clock.advance(timedelta(minutes=1))
    second = client.get(url, headers={"If-None-Match": etag})
    assert second.status_code == 304
    assert second.data == b""
    assert second.headers["ETag"] == etag
    _complete(client, LESSONS[0])
    client.get(f"{COURSE}/{LESSONS[1]}")  # shows the flash message
    third = client.get(url, headers={"If-None-Match": etag})
    assert third.status_code == 200
    assert third.headers["ETag"] != etag


def test_etag_differs_between_learners(app, client, auth, world: World, sample_synced):
    url = f"{COURSE}/{LESSONS[0]}"
    auth.login_as(world.pantarlih)
    etag = client.get(url).headers["ETag"]
    other = app.test_client()
    other.post("/login", data={"username": world.pps.username, "password": "rahasia-123"})
    assert other.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_every_shipped_lesson_page_is_light(client, auth, world: World, synced_content):
    auth.login_as(world.pps)  # in the audience of every shipped course
    lessons = [(slug, lesson.key) for slug, course in synced_content.items() for lesson in course.lessons]
    assert {slug for slug, _ in lessons} == {"prosedur-coklit", "sidalih-ecoklit", "bimtek-supervisi-pantarlih"}
    for slug, key in lessons:
        response = client.get(f"/kursus/{slug}/{key}")
        assert response.status_code == 200, (slug, key)
        assert len(response.data) < 60 * 1024, (key, len(response.data))
        assert "<script" not in response.get_data(as_text=True)


def test_images_are_cached_for_a_year_when_versioned(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    lesson = client.get(f"{COURSE}/{LESSONS[2]}").get_data(as_text=True)
    src = re.search(r'<img src="([^"]+)"', lesson).group(1)
    response = client.get(src)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert "sandbox" in response.headers["Content-Security-Policy"]
    stale = client.get(src.split("?")[0] + "?v=lama")
    assert stale.cache_control.no_cache


def test_complete_lesson_refused_without_csrf_token(csrf_app, world: World, sample_synced):
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": world.pantarlih.username, "password": "rahasia-123", "csrf_token": token})
    response = client.post(f"{COURSE}/{LESSONS[0]}/selesai")
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert _progress_rows() == 0
    page = client.get(f"{COURSE}/{LESSONS[0]}").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"{COURSE}/{LESSONS[0]}/selesai", data={"csrf_token": form_token}).status_code == 302
    assert _progress_rows() == 1


def test_home_page_offers_the_next_lesson_and_the_pocket_card(client, auth, world: World, sample_synced):
    auth.login_as(world.pantarlih)
    home = client.get("/").get_data(as_text=True)
    assert "Pelajari: Prosedur Coklit" in home
    assert "/kursus/kartu-saku" in home
    assert 'href="/kursus/"' in home  # the menu link


def test_no_courses_without_an_election(client, auth, world: World, sample_synced):
    world.election.is_current = False
    db.session.commit()
    auth.login_as(world.pantarlih)
    page = client.get("/kursus/").get_data(as_text=True)
    assert "Belum ada pemilihan yang aktif" in page
    assert client.get(COURSE).status_code == 404
