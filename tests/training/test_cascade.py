"""The cascade view and CLI: coverage, each flag and each non-flag, scope, page size."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession
from bimtek.training.cascade import cascade_report
from tests.factories import DESA, KECAMATAN, OTHER_DESA, World, assign, make_person
from tests.training.conftest import schedule


def attend(session: TrainingSession, person, status=AttendanceStatus.HADIR) -> None:
    """Set a status straight in the database (sessions in the future included)."""
    row = next((a for a in session.attendances if a.person_id == person.id), None)
    if row is None:
        row = Attendance(person_id=person.id, assignment_id=person.assignments[0].id)
        session.attendances.append(row)
    row.status = status
    db.session.commit()


def kinds(report, person=None) -> set[tuple[str, str]]:
    return {(f.severity, f.kind) for f in report.flags if person is None or person.id in f.person_ids}


def at_local(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.ZONES["WIB"])


def test_desa_whose_pantarlih_had_no_session_is_broken(app, world: World):
    report = cascade_report(world.election, KECAMATAN)
    desa_flags = [f for f in report.flags if f.kind == "desa_tanpa_bimtek"]
    assert {f.region_code for f in desa_flags} == {DESA, OTHER_DESA}
    assert all(f.severity == "broken" for f in desa_flags)
    assert next(f for f in desa_flags if f.region_code == DESA).person_ids == [world.pantarlih.id]


def test_pantarlih_never_trained_is_broken_and_trained_one_is_not(app, world: World):
    absent = make_person("Legiman Absen")
    assign(absent, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    session = schedule(world, world.pps, DESA)
    attend(session, world.pantarlih)
    attend(session, absent, AttendanceStatus.TANPA_KETERANGAN)
    report = cascade_report(world.election, KECAMATAN)
    assert kinds(report, absent) == {("broken", "belum_dilatih")}
    assert kinds(report, world.pantarlih) == set()
    assert not any(f.kind == "desa_tanpa_bimtek" and f.region_code == DESA for f in report.flags)
    trained = next(p for p in report.people if p.person_id == world.pantarlih.id)
    assert trained.trained_by == [world.pps.full_name]
    desa = next(a for a in report.areas if a.code == DESA)
    assert desa.count(Role.PANTARLIH) == (1, 2)


@pytest.mark.parametrize(
    ("days_after_coklit", "hour", "late"),
    [
        (0, 6, False),  # on coklit's first day (06.00 WIB is still the day before in UTC): counts as before
        (0, 23, False),  # late on the first day: still before
        (-1, 9, False),  # the day before
        (1, 0, True),  # 00.30 WIB the day after is still coklit's first day in UTC: local dates decide
        (3, 9, True),
    ],
)
def test_trained_after_coklit_began_is_a_warning(app, world: World, days_after_coklit, hour, late):
    start = at_local(world.election.coklit_start + timedelta(days=days_after_coklit), hour, 30 if hour == 0 else 0)
    session = schedule(world, world.pps, DESA, starts_at=start, hours=0.5)
    attend(session, world.pantarlih)
    with clock.frozen_at(start + timedelta(hours=1)):  # a session counts once it has taken place
        report = cascade_report(world.election, KECAMATAN)
    assert (("warning", "dilatih_setelah_coklit") in kinds(report, world.pantarlih)) is late
    if hour == 0:
        assert start.astimezone(UTC).date() == world.election.coklit_start


def test_replacement_without_makeup_is_a_warning(app, world: World):
    session = schedule(world, world.pps, DESA)
    attend(session, world.pantarlih)
    replaced = world.pantarlih.assignments[0]
    replaced.ended_at = clock.now()
    newcomer = make_person("Rudi Pengganti")
    assignment = assign(newcomer, world.election, Role.PANTARLIH, DESA, tps=1)
    assignment.replaces_id = replaced.id
    db.session.commit()
    report = cascade_report(world.election, KECAMATAN)
    assert kinds(report, newcomer) == {("warning", "pengganti_tanpa_susulan"), ("broken", "belum_dilatih")}
    # The ended assignment no longer counts.
    assert world.pantarlih.id not in {p.person_id for p in report.people}

    makeup = schedule(world, world.pps, DESA, makeup=True, title="Bimtek susulan")
    assert [a.person_id for a in makeup.attendances] == [newcomer.id]
    attend(makeup, newcomer)
    assert kinds(cascade_report(world.election, KECAMATAN), newcomer) == set()


def test_pps_who_trained_others_but_was_never_trained_is_a_warning(app, world: World):
    session = schedule(world, world.pps, DESA)
    attend(session, world.pantarlih)
    report = cascade_report(world.election, KECAMATAN)
    assert kinds(report, world.pps) == {("warning", "pelatih_belum_dilatih")}
    # A PPS member who trained nobody is still an officer not yet trained: the desa is not complete.
    assert kinds(report, world.other_pps) == {("warning", "petugas_belum_dilatih")}

    ppk_session = schedule(world, world.ppk, KECAMATAN, audience=(Role.PPS,), title="Bimtek PPS Kerkap")
    attend(ppk_session, world.pps)
    report = cascade_report(world.election, KECAMATAN)
    assert kinds(report, world.pps) == set()
    kerkap_pps = next(p for p in report.people if p.person_id == world.pps.id)
    assert kerkap_pps.trained_by == [world.ppk.full_name]


def test_cli_prints_people_then_flags(app, runner, world: World):
    with clock.frozen_at(at_local(clock.today("WIB"), 10)):
        session = schedule(world, world.pps, DESA, starts_at=at_local(clock.today("WIB"), 8))
    attend(session, world.pantarlih)
    result = runner.invoke(args=["training", "cascade", KECAMATAN])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    people = [line for line in lines if not line.startswith("FLAG ")]
    flags = [line for line in lines if line.startswith("FLAG ")]
    assert lines == people + flags
    assert all(len(line.split(" | ")) == 6 for line in people)
    expected_when = clock.format_moment(at_local(clock.today("WIB"), 8), "WIB")
    assert (f"Pantarlih TPS 001 | Sri Wahyuni | Desa Talang Jambu | terlatih | oleh Bambang Sutrisno | "
            f"{expected_when}") in people
    assert "Pantarlih TPS 001 | Paiman | Desa Tebat Pacur | belum terlatih | - | -" in people
    assert "Ketua PPK | Suryani Ketua | Kecamatan Kerkap | belum terlatih | - | -" in people
    assert expected_when.endswith("pukul 08.00 WIB")
    assert any(line.startswith("FLAG broken Desa Tebat Pacur: Pantarlih belum pernah mendapat bimtek") for line in flags)
    assert "FLAG warning Desa Talang Jambu: Bambang Sutrisno (Ketua PPS) melatih Pantarlih tetapi belum pernah mengikuti bimtek sendiri" in flags
    assert all(line.split()[1] in ("broken", "warning") for line in flags)
    # A kabupaten works too.
    assert runner.invoke(args=["training", "cascade", "17.03"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["training", "cascade", "17.03.99"], "wilayah '17.03.99' tidak ditemukan"),
        (["training", "cascade", DESA], "pakai kode kecamatan atau kabupaten/kota"),
        (["training", "cascade", "17"], "pakai kode kecamatan atau kabupaten/kota"),
        (["training", "cascade", KECAMATAN, "--election", "tidak-ada"], "pemilihan 'tidak-ada' tidak ditemukan"),
    ],
)
def test_cli_refuses_clearly(app, runner, world: World, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Galat:" in result.output


def test_ppk_cannot_see_another_kecamatan(app, auth, client, world: World):
    auth.login_as(world.ppk)
    page = client.get(f"/bimtek/kaskade/{KECAMATAN}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Talang Jambu" in text and "Tebat Pacur" in text
    assert client.get(f"/bimtek/kaskade/{DESA}").status_code == 200
    assert client.get("/bimtek/kaskade/17.03.01").status_code == 404
    assert client.get("/bimtek/kaskade/17.03").status_code == 404
    assert client.get("/bimtek/kaskade/14.04.18").status_code == 404


@pytest.mark.parametrize(
    ("viewer", "inside", "outside"),
    [("operator", "17.03", "14.04"), ("pps", DESA, OTHER_DESA), ("admin", "14.04", None)],
)
def test_cascade_scope_by_role(app, world: World, viewer, inside, outside):
    client = app.test_client()
    client.post("/login", data={"username": getattr(world, viewer).username, "password": "rahasia-123"})
    assert client.get(f"/bimtek/kaskade/{inside}").status_code == 200
    if outside:
        assert client.get(f"/bimtek/kaskade/{outside}").status_code == 404


def test_pantarlih_and_secretariat_have_no_cascade(app, world: World):
    for person in (world.pantarlih, world.sekretariat):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get(f"/bimtek/kaskade/{DESA}").status_code == 404
        assert client.get("/bimtek/kaskade").status_code == 404


def test_cascade_entry_redirects_to_own_area(app, auth, client, world: World):
    auth.login_as(world.ppk)
    response = client.get("/bimtek/kaskade")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/bimtek/kaskade/{KECAMATAN}")
    auth.logout()
    auth.login_as(world.admin)
    assert client.get("/bimtek/kaskade").status_code == 200
    assert client.get("/bimtek/kaskade?kode=17.03").headers["Location"].endswith("/bimtek/kaskade/17.03")


def test_flags_link_to_the_people_concerned(app, auth, client, world: World):
    absent = make_person("Legiman Absen")
    assign(absent, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    session = schedule(world, world.pps, DESA)
    attend(session, world.pantarlih)
    attend(session, absent, AttendanceStatus.IZIN)
    auth.login_as(world.ppk)
    page = client.get(f"/bimtek/kaskade/{KECAMATAN}").get_data(as_text=True)
    assert f'href="/bimtek/kaskade/{DESA}#p{absent.id}"' in page
    assert f'href="/bimtek/kaskade/{OTHER_DESA}"' in page
    desa_page = client.get(f"/bimtek/kaskade/{DESA}").get_data(as_text=True)
    assert f'id="p{absent.id}"' in desa_page
    assert "Legiman Absen (Pantarlih TPS 002) belum pernah mengikuti bimtek" in desa_page
