"""The cascade screens do not mislead: complete only when every officer was trained, future sessions,
empty areas, filters and pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import delete

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Position, Role
from bimtek.regions.models import Region, RegionLevel
from bimtek.training.cascade import cascade_report, counts_as_training
from bimtek.training.models import AttendanceStatus
from tests.conftest import _empty_tables
from tests.factories import DESA, KECAMATAN, World, assign, make_person
from tests.training.conftest import schedule
from tests.training.test_cascade import attend, kinds

EMPTY_KECAMATAN = "17.03.08"  # Giri Mulya: no officer registered in the test world
EMPTY_DESA = "17.03.06.2003"  # Talang Curup, in Kerkap, which has officers
BIG_KECAMATAN = "17.03.90"  # made up by the pagination test, with 60 desa


def _train_desa(world: World, *, secretary: AttendanceStatus) -> None:
    """PPK trains the PPS and secretary of Talang Jambu, then the PPS trains its Pantarlih (all an hour ago)."""
    ppk_session = schedule(world, world.ppk, KECAMATAN, audience=(Role.PPS, Role.SEKRETARIAT_PPS),
                           title="Bimtek PPS dan Sekretariat PPS Kerkap")
    attend(ppk_session, world.pps)
    attend(ppk_session, world.sekretariat, secretary)
    attend(schedule(world, world.pps, DESA), world.pantarlih)


def rows(page: str) -> list[str]:
    """Return the status of each area row of a cascade page (one per kecamatan or desa)."""
    return re.findall(r'<tr class="area-(\w+)">', page)


def row_codes(page: str) -> list[str]:
    """Return the region code each area row of a cascade page links to."""
    return re.findall(r'<td class="name"><a href="/bimtek/kaskade/([\d.]+)">', page)


def summary(page: str) -> str:
    """Return the status line under a cascade page's heading."""
    return re.search(r'<p class="summary">(.*?)</p>', page, re.S).group(1)


def test_desa_with_an_untrained_secretary_is_not_complete(app, auth, client, world: World):
    _train_desa(world, secretary=AttendanceStatus.SAKIT)
    report = cascade_report(world.election, DESA)
    assert report.status() == "belum"
    assert [(f.severity, f.kind, f.person_ids) for f in report.flags] == [
        ("warning", "petugas_belum_dilatih", [world.sekretariat.id])]
    assert report.flags[0].message == (
        "Desa Talang Jambu: Agus Sekretaris (Sekretaris PPS) belum pernah mengikuti bimtek (hadir)")
    # Without the secretariat the desa's PPS and Pantarlih are all trained.
    assert report.status(roles=(Role.PPS, Role.PANTARLIH)) == "lengkap"
    auth.login_as(world.ppk)
    page = client.get(f"/bimtek/kaskade/{DESA}").get_data(as_text=True)
    assert "Belum lengkap" in summary(page)
    assert "Bimtek berjenjang lengkap" not in page
    assert "kaskade" not in page.lower().replace("/bimtek/kaskade", "")
    kecamatan = client.get(f"/bimtek/kaskade/{KECAMATAN}").get_data(as_text=True)
    talang_jambu = re.search(r'<tr class="area-(\w+)"><td class="name"><a href="/bimtek/kaskade/17.03.06.2001">', kecamatan)
    assert talang_jambu.group(1) == "belum"

    attend(next(s for s in _sessions(world) if s.region_code == KECAMATAN), world.sekretariat)
    assert cascade_report(world.election, DESA).status() == "lengkap"
    page = client.get(f"/bimtek/kaskade/{DESA}").get_data(as_text=True)
    assert "Bimtek berjenjang lengkap" in summary(page)
    assert "Tidak ada catatan: bimtek berjenjang di wilayah ini lengkap, semua petugas sudah hadir bimtek." in page


def _sessions(world: World):
    from bimtek.training.models import TrainingSession

    return db.session.scalars(db.select(TrainingSession).where(TrainingSession.election_id == world.election.id)).all()


def test_a_session_counts_only_for_the_tier_it_trains(app, world: World):
    # A PPS's own desa bimtek trains Pantarlih; a secretary sitting in it is not trained by it.
    assert counts_as_training(Role.PANTARLIH, DESA, DESA)
    assert not counts_as_training(Role.SEKRETARIAT_PPS, DESA, DESA)
    assert counts_as_training(Role.SEKRETARIAT_PPS, DESA, KECAMATAN)
    assert not counts_as_training(Role.PPK, KECAMATAN, KECAMATAN)
    assert counts_as_training(Role.PPK, KECAMATAN, "17.03")
    assert not counts_as_training(Role.PPS, DESA, "17.03.01")  # another kecamatan's bimtek
    desa_session = schedule(world, world.pps, DESA)
    attend(desa_session, world.sekretariat)
    report = cascade_report(world.election, DESA)
    secretary = next(p for p in report.people if p.person_id == world.sekretariat.id)
    assert not secretary.trained
    assert kinds(report, world.sekretariat) == {("warning", "petugas_belum_dilatih")}


def test_a_session_dated_in_the_future_is_not_training_done(app, auth, client, world: World):
    tomorrow = clock.now() + timedelta(days=1)
    session = schedule(world, world.pps, DESA, starts_at=tomorrow)
    attend(session, world.pantarlih)  # written straight in the database: the screens never allow it
    report = cascade_report(world.election, DESA)
    pantarlih = next(p for p in report.people if p.person_id == world.pantarlih.id)
    assert (pantarlih.trained, pantarlih.invited) == (False, True)
    assert kinds(report, world.pantarlih) == {("broken", "belum_dilatih")}
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/kaskade/{DESA}").get_data(as_text=True)
    assert "Sri Wahyuni (Pantarlih TPS 001) belum pernah mengikuti bimtek (hadir)" in page
    with clock.frozen_at(tomorrow + timedelta(hours=1)):
        later = cascade_report(world.election, DESA)
    assert next(p for p in later.people if p.person_id == world.pantarlih.id).trained
    assert kinds(later, world.pantarlih) == set()


def test_an_empty_kecamatan_is_flagged_not_shown_as_zeroes(app, auth, client, world: World):
    report = cascade_report(world.election, "17.03")
    empty = [f for f in report.flags if f.region_code == EMPTY_KECAMATAN]
    assert [(f.severity, f.kind, f.message) for f in empty] == [
        ("warning", "belum_ada_petugas", "Kecamatan Giri Mulya: belum ada petugas yang terdaftar")]
    # Flagged once for the kecamatan, not once more for each of its desa.
    assert not [f for f in report.flags if f.region_code.startswith(EMPTY_KECAMATAN + ".")]
    giri_mulya = next(a for a in report.areas if a.code == EMPTY_KECAMATAN)
    assert (giri_mulya.status(), giri_mulya.warnings) == ("kosong", 1)
    assert next(a for a in report.areas if a.code == KECAMATAN).status() == "belum"

    auth.login_as(world.operator)
    page = client.get("/bimtek/kaskade/17.03").get_data(as_text=True)
    row = re.search(r'<tr class="area-kosong"><td class="name"><a href="/bimtek/kaskade/17.03.08">.*?</tr>', page, re.S).group(0)
    assert "Belum ada petugas" in row and "belum ada petugas" in row
    assert "0/0" not in row
    inside = client.get(f"/bimtek/kaskade/{EMPTY_KECAMATAN}").get_data(as_text=True)
    assert "Belum ada petugas yang terdaftar di wilayah ini." in inside
    assert "Belum ada petugas" in summary(inside) and "lengkap" not in summary(inside)


def test_an_empty_desa_of_a_staffed_kecamatan_is_flagged(app, auth, client, world: World):
    report = cascade_report(world.election, KECAMATAN)
    assert [f.message for f in report.flags if f.region_code == EMPTY_DESA] == [
        "Desa Talang Curup: belum ada petugas yang terdaftar"]
    auth.login_as(world.ppk)
    page = client.get(f"/bimtek/kaskade/{EMPTY_DESA}").get_data(as_text=True)
    assert "Desa Talang Curup: belum ada petugas yang terdaftar" in page
    assert "Belum ada petugas" in summary(page) and "lengkap" not in summary(page)


@pytest.fixture
def big_regions(app) -> Iterator[list[str]]:
    """Add a kecamatan of 60 desa to the region list for one test (regions outlive tests, so take it out after)."""
    db.session.add(Region(code=BIG_KECAMATAN, name="Uji Besar", level=RegionLevel.KECAMATAN, parent_code="17.03"))
    codes = [f"{BIG_KECAMATAN}.{2001 + n}" for n in range(60)]
    db.session.add_all(Region(code=code, name=f"Uji {n + 1:02d}", level=RegionLevel.DESA, parent_code=BIG_KECAMATAN)
                       for n, code in enumerate(codes))
    db.session.commit()
    yield codes
    db.session.rollback()
    _empty_tables()
    db.session.execute(delete(Region).where(Region.parent_code == BIG_KECAMATAN))
    db.session.execute(delete(Region).where(Region.code == BIG_KECAMATAN))
    db.session.commit()


@pytest.fixture
def big_kecamatan(world: World, big_regions) -> list[str]:
    """The 60 desa, each with a Ketua PPS; the PPS of the first 5 desa were trained."""
    codes = big_regions
    ppk = make_person("Ketua PPK Uji Besar", username="ppk.besar")
    assign(ppk, world.election, Role.PPK, BIG_KECAMATAN, position=Position.KETUA)
    members = []
    for n, code in enumerate(codes):
        person = make_person(f"Ketua PPS {n + 1:02d}")
        assign(person, world.election, Role.PPS, code, position=Position.KETUA)
        members.append(person)
    db.session.commit()
    session = schedule(world, ppk, BIG_KECAMATAN, audience=(), title="Bimtek PPS Uji Besar")
    for person in members[:5]:
        attend(session, person)
    return codes


def test_sixty_desa_make_two_pages_and_filters_narrow_them(app, auth, client, world: World, big_kecamatan):
    auth.login_as(world.operator)
    first = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}").get_data(as_text=True)
    assert "60 wilayah sesuai pilihan." in first
    assert len(rows(first)) == 50
    assert "Halaman 1 dari 2" in first
    assert len(first.encode()) < 60_000
    # Notes: the PPK who trained without being trained, then 45 untrained PPS of this page; 40 are listed.
    assert first.count('<li class="warning">') == 40
    assert "Dan 6 catatan lain. Buka desa/kelurahan untuk membaca semuanya" in first
    assert f'href="/bimtek/kaskade/{BIG_KECAMATAN}?halaman=2"' in first
    second = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?halaman=2").get_data(as_text=True)
    assert row_codes(second) == [f"{BIG_KECAMATAN}.{2051 + n}" for n in range(10)]
    assert row_codes(first) == [f"{BIG_KECAMATAN}.{2001 + n}" for n in range(50)]
    # A page number past the end shows the last page.
    assert len(rows(client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?halaman=9").get_data(as_text=True))) == 10

    complete = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?status=lengkap").get_data(as_text=True)
    assert rows(complete) == ["lengkap"] * 5
    assert "Halaman 1 dari" not in complete
    incomplete = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?status=belum").get_data(as_text=True)
    assert "55 wilayah sesuai pilihan." in incomplete and "Halaman 1 dari 2" in incomplete
    assert 'href="/bimtek/kaskade/17.03.90?halaman=2&amp;status=belum"' in incomplete
    # By role: no Pantarlih is registered anywhere, so every desa has none of them yet.
    no_pantarlih = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?peran=pantarlih&status=kosong").get_data(as_text=True)
    assert "60 wilayah sesuai pilihan." in no_pantarlih
    none_empty = client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}?peran=pps&status=kosong").get_data(as_text=True)
    assert '<p class="muted">0 wilayah sesuai pilihan.</p>' in none_empty
    assert "Tidak ada wilayah yang sesuai pilihan." in none_empty


def test_filter_form_goes_to_the_region_chosen_and_unknown_values_are_said(app, auth, client, world: World):
    auth.login_as(world.operator)
    response = client.get(f"/bimtek/kaskade?kode={KECAMATAN}&peran=pantarlih&status=belum")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/bimtek/kaskade/{KECAMATAN}?peran=pantarlih&status=belum")
    page = client.get(f"/bimtek/kaskade/{KECAMATAN}?peran=pantarlih&status=belum").get_data(as_text=True)
    assert '<option value="pantarlih" selected>' in page and '<option value="belum" selected>' in page
    assert f'<option value="{KECAMATAN}" selected>Kecamatan Kerkap</option>' in page
    assert '<option value="17.03.01">Kecamatan Enggano</option>' in page
    assert rows(page) == ["belum", "belum"]  # Talang Jambu and Tebat Pacur: Pantarlih untrained
    odd = client.get(f"/bimtek/kaskade/{KECAMATAN}?peran=bupati&status=semua-beres&halaman=abc")
    assert odd.status_code == 200
    assert "Pilihan saring tidak dikenal diabaikan; semua ditampilkan." in odd.get_data(as_text=True)
    auth.logout()
    auth.login_as(world.ppk)
    assert client.get("/bimtek/kaskade?kode=17.03.01").status_code == 302
    assert client.get("/bimtek/kaskade/17.03.01").status_code == 404  # the region filter stays in scope
    page = client.get(f"/bimtek/kaskade/{KECAMATAN}").get_data(as_text=True)
    assert "Kecamatan Enggano" not in page and 'value="17.03"' not in page


def test_cascade_page_costs_the_same_for_two_desa_or_sixty(app, auth, client, world: World, big_regions, max_queries):
    auth.login_as(world.operator)
    with max_queries(25) as small:
        assert client.get(f"/bimtek/kaskade/{KECAMATAN}").status_code == 200
    codes_before = len(small)
    for n, code in enumerate(big_regions):
        assign(make_person(f"PPS {n}"), world.election, Role.PPS, code)
    db.session.commit()
    with max_queries(codes_before):
        assert client.get(f"/bimtek/kaskade/{BIG_KECAMATAN}").status_code == 200
    with max_queries(codes_before):
        assert client.get("/bimtek/kaskade/17.03").status_code == 200


def test_cascade_is_named_bimtek_berjenjang_for_users(app, auth, client, world: World):
    auth.login_as(world.operator)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Bimtek berjenjang" in home
    for url in ("/bimtek/kaskade/17.03", f"/bimtek/kaskade/{KECAMATAN}", f"/bimtek/kaskade/{DESA}"):
        text = re.sub(r'(href|action)="[^"]*"', "", client.get(url).get_data(as_text=True))
        assert "Bimtek berjenjang" in text
        assert "kaskade" not in text.lower(), url
