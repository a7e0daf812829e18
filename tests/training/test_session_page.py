"""The session pages in words, not codes: region names, course titles, Presensi, attendance statuses told
apart by word and colour, and removing a participant only after a confirmation."""

from __future__ import annotations

import re
from pathlib import Path

from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession
from tests.factories import DESA, World, assign, make_person
from tests.training.conftest import schedule

CODE = re.compile(r"\b\d{2}\.\d{2}\.\d{2}(?:\.\d{4})?\b")  # kecamatan or desa code (times look like 08.00)
STATUS_WORDS = {"hadir": "Hadir", "izin": "Izin", "sakit": "Sakit", "tanpa_keterangan": "Tanpa Keterangan"}


def visible(page: str) -> str:
    """Return a page's text without links, form targets and values (where codes may live on purpose)."""
    return re.sub(r'(href|action|value)="[^"]*"', "", page)


def _client(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client


def test_session_pages_name_the_region_and_courses_not_codes(app, world: World, pps_session):
    db.session.add(Course(slug="prosedur-coklit", title="Prosedur Coklit Pantarlih"))
    pps_session.course_slugs = ["prosedur-coklit", "modul-lama"]
    db.session.commit()
    client = _client(app, world.pps)
    page = client.get(f"/bimtek/{pps_session.id}").get_data(as_text=True)
    assert "<dt>Wilayah</dt><dd>Desa Talang Jambu</dd>" in page
    assert "<dd>Prosedur Coklit Pantarlih, modul-lama</dd>" in page  # a retired module keeps its slug
    for suffix in ("", "/peserta", "/kehadiran", "/qr", f"/peserta/{pps_session.attendances[0].id}/hapus"):
        text = visible(client.get(f"/bimtek/{pps_session.id}{suffix}").get_data(as_text=True))
        assert not CODE.findall(text), (suffix, CODE.findall(text))
    assert "Talang Jambu" in visible(client.get(f"/bimtek/{pps_session.id}/kehadiran").get_data(as_text=True))


def test_presensi_replaces_check_in_for_users(app, world: World, pps_session):
    pantarlih = _client(app, world.pantarlih)
    pages = {
        "/bimtek/": "Isi daftar hadir dengan kode",
        f"/bimtek/{pps_session.id}": "Isi daftar hadir dengan kode",
        "/bimtek/hadir": "Isi daftar hadir dengan kode",
        "/bimtek/hadir/token-palsu": "Presensi bimtek",
    }
    for url, words in pages.items():
        text = visible(pantarlih.get(url).get_data(as_text=True))
        assert words in text, url
        assert "check-in" not in text.lower(), url
    qr = visible(_client(app, world.pps).get(f"/bimtek/{pps_session.id}/qr").get_data(as_text=True))
    assert "Presensi peserta" in qr and "menu Bimtek → Isi daftar hadir dengan kode" in qr
    assert "check-in" not in qr.lower()


def test_each_attendance_status_has_its_own_word_and_colour(app, world: World, pps_session):
    people = [world.pantarlih]
    for tps in (2, 3, 4, 5):
        person = make_person(f"Pantarlih {tps}")
        assign(person, world.election, Role.PANTARLIH, DESA, tps=tps)
        pps_session.attendances.append(Attendance(person_id=person.id, assignment_id=person.assignments[0].id))
        people.append(person)
    db.session.flush()
    by_person = {a.person_id: a for a in pps_session.attendances}
    for person, status in zip(people, [*AttendanceStatus, None]):
        by_person[person.id].status = status
    db.session.commit()
    page = _client(app, world.pps).get(f"/bimtek/{pps_session.id}/kehadiran").get_data(as_text=True)
    pressed = re.findall(r'value="(\w+)" class="status st-(\w+) on"[^>]*aria-pressed="true">([^<]+)</button>', page)
    assert sorted(pressed) == sorted((value, value, word) for value, word in STATUS_WORDS.items())
    badges = dict((word, cls) for cls, word in re.findall(r'<span class="badge st-(\w+)">([A-Za-z ]+) \d+</span>', page))
    assert badges == {"Hadir": "hadir", "Izin": "izin", "Sakit": "sakit", "Tanpa Keterangan": "tanpa_keterangan",
                      "belum": "none"}
    # Each pressed status has its own background colour: Izin is not green like Hadir.
    css = Path(app.static_folder, "training.css").read_text()
    colours = {value: re.search(rf"\.status\.on\.st-{value} {{ background: ([^;]+);", css).group(1) for value in STATUS_WORDS}
    assert len(set(colours.values())) == 4
    assert colours["hadir"] == "var(--ok)" and colours["tanpa_keterangan"] == "#8c1d18"
    # The participant's own page and list say the status in words, in its colour.
    client = _client(app, world.pantarlih)
    assert '<strong class="badge st-hadir">Hadir</strong>' in client.get(f"/bimtek/{pps_session.id}").get_data(as_text=True)
    assert '<span class="badge st-hadir">Hadir</span>' in client.get("/bimtek/").get_data(as_text=True)
    izin = _client(app, people[1])
    assert '<span class="badge st-izin">Izin</span>' in izin.get("/bimtek/").get_data(as_text=True)


def _rows(session_id: int) -> set[int | None]:
    db.session.expire_all()
    return {a.person_id for a in db.session.get(TrainingSession, session_id).attendances}


def test_removing_a_participant_asks_first_then_removes(app, world: World, pps_session):
    row = pps_session.attendances[0]
    url = f"/bimtek/{pps_session.id}/peserta/{row.id}/hapus"
    client = _client(app, world.pps)
    roster = client.get(f"/bimtek/{pps_session.id}/peserta").get_data(as_text=True)
    assert f'<a href="{url}">Hapus…</a>' in roster
    confirm = client.get(url)
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "Yakin menghapus Sri Wahyuni dari daftar peserta Bimtek Pantarlih Talang Jambu?" in text
    assert '<input type="hidden" name="yakin" value="ya">' in text and "Ya, hapus dari daftar" in text
    assert _rows(pps_session.id) == {world.pantarlih.id}
    # A post without the confirmation (an old form, a forged one) only shows the question again.
    again = client.post(url, data={})
    assert again.status_code == 200 and "Yakin menghapus Sri Wahyuni" in again.get_data(as_text=True)
    assert _rows(pps_session.id) == {world.pantarlih.id}
    done = client.post(url, data={"yakin": "ya"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/bimtek/{pps_session.id}/peserta")
    assert _rows(pps_session.id) == set()
    assert "Sri Wahyuni dihapus dari daftar peserta." in client.get(f"/bimtek/{pps_session.id}/peserta").get_data(as_text=True)
    # The second click: nothing to remove, said in Indonesian, nothing changed.
    second = client.post(url, data={"yakin": "ya"}, follow_redirects=True)
    assert second.status_code == 200
    assert "Peserta itu sudah tidak ada di daftar peserta (mungkin sudah dihapus). Tidak ada yang diubah." in second.get_data(as_text=True)
    assert client.get(url, follow_redirects=True).status_code == 200


def test_confirming_a_marked_participant_warns_their_attendance_goes_too(app, world: World, pps_session):
    row = pps_session.attendances[0]
    row.status = AttendanceStatus.IZIN
    db.session.commit()
    page = _client(app, world.pps).get(f"/bimtek/{pps_session.id}/peserta/{row.id}/hapus").get_data(as_text=True)
    assert '<span class="badge st-izin">Izin</span>' in page
    assert "Status kehadirannya ikut terhapus dari daftar hadir bimtek ini." in page


def test_remove_confirmation_only_in_scope(app, world: World, pps_session):
    url = f"/bimtek/{pps_session.id}/peserta/{pps_session.attendances[0].id}/hapus"
    for name in ("other_pps", "pantarlih", "other_operator", "far_pantarlih"):
        client = _client(app, getattr(world, name))
        assert client.get(url).status_code == 404, name
        assert client.post(url, data={"yakin": "ya"}).status_code == 404, name
    assert _rows(pps_session.id) == {world.pantarlih.id}
    for name in ("pps", "sekretariat", "ppk"):
        assert _client(app, getattr(world, name)).get(url).status_code == 200, name
    # Another session's row through this session's address is not found here: nothing removed there.
    other = schedule(world, world.other_pps, "17.03.06.2002", title="Bimtek Tebat Pacur")
    foreign = f"/bimtek/{pps_session.id}/peserta/{other.attendances[0].id}/hapus"
    assert _client(app, world.pps).post(foreign, data={"yakin": "ya"}).status_code == 302
    assert _rows(other.id) == {world.other_pantarlih.id}


def test_remove_needs_the_form_token(csrf_app, world: World, pps_session):
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/login", data={"username": "pps", "password": "rahasia-123", "csrf_token": token})
    url = f"/bimtek/{pps_session.id}/peserta/{pps_session.attendances[0].id}/hapus"
    assert client.post(url, data={"yakin": "ya"}).status_code == 400
    assert _rows(pps_session.id) == {world.pantarlih.id}
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)
    assert client.post(url, data={"yakin": "ya", "csrf_token": form_token}).status_code == 302
    assert _rows(pps_session.id) == set()


def test_a_session_with_recorded_attendance_cannot_move_to_a_date_not_yet_come(app, world: World, pps_session):
    from tests.training.test_scheduling import form_data

    pps_session.attendances[0].status = AttendanceStatus.HADIR
    db.session.commit()
    starts_at = pps_session.starts_at
    client = _client(app, world.pps)
    response = client.post(f"/bimtek/{pps_session.id}/ubah", data=form_data(DESA, [world.pps.id], title="Dipindah"))
    assert response.status_code == 422
    assert ("Kehadiran bimtek ini sudah dicatat, jadi waktunya tidak dapat dipindah ke waktu yang belum tiba."
            in response.get_data(as_text=True))
    db.session.expire_all()
    session = db.session.get(TrainingSession, pps_session.id)
    assert (session.title, session.starts_at, session.attendances[0].status) == (
        "Bimtek Pantarlih Talang Jambu", starts_at, AttendanceStatus.HADIR)
