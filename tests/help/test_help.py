"""Bantuan: a guide per role, steps in order, each screen explained, and the user's own trainer by name and phone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bimtek.extensions import db
from bimtek.training.models import Attendance, SessionTrainer, TrainingSession
from tests.factories import DESA, KECAMATAN, World


def _invite(world: World, trainer, participant, title: str = "Bimtek Pantarlih Talang Jambu") -> TrainingSession:
    start = datetime(2029, 6, 20, 1, 0, tzinfo=UTC)
    session = TrainingSession(election_id=world.election.id, region_code=DESA, title=title, starts_at=start,
                              ends_at=start + timedelta(hours=6), place="Balai Desa Talang Jambu")
    db.session.add(session)
    db.session.flush()
    db.session.add(SessionTrainer(session_id=session.id, person_id=trainer.id))
    db.session.add(Attendance(session_id=session.id, person_id=participant.id))
    db.session.commit()
    return session


@pytest.mark.parametrize("who, heading, first_step", [
    ("pantarlih", "Panduan untuk Pantarlih", "Masuk dan ganti kata sandi"),
    ("sekretariat", "Panduan untuk PPS", "Masuk dan ganti kata sandi"),
    ("pps", "Panduan untuk PPS", "Masuk dan ganti kata sandi"),
    ("ppk", "Panduan untuk PPK", "Masuk dan ganti kata sandi"),
    ("operator", "Panduan untuk Operator KPU Kabupaten/Kota", "Masuk dan ganti kata sandi"),
    ("admin", "Panduan untuk Admin sistem", "Buat pemilihan"),
])
def test_every_role_opens_its_own_guide_first(client, auth, world: World, who, heading, first_step):
    auth.login_as(getattr(world, who))
    page = client.get("/bantuan/").get_data(as_text=True)
    assert heading in page
    assert page.index(first_step) < page.index("Cara membaca setiap layar")
    assert page.count('href="/bantuan/') >= 4  # the other roles' guides


def test_the_pantarlih_sees_their_pps_and_their_trainer_by_name_and_phone(client, auth, world: World):
    world.pps.phone = "+6281234567890"
    world.ppk.phone = "+6285711112222"
    _invite(world, world.ppk, world.pantarlih)
    auth.login_as(world.pantarlih)
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Suryani Ketua" in page and "Pelatih Anda pada bimtek &#39;Bimtek Pantarlih Talang Jambu&#39;" in page
    assert "0857-1111-2222" in page and 'href="tel:+6285711112222"' in page
    assert "Bambang Sutrisno" in page and "Ketua PPS Desa Talang Jambu" in page and "0812-3456-7890" in page
    # The trainer comes first: the one who taught them knows what was said.
    assert page.index("Suryani Ketua") < page.index("Bambang Sutrisno")


def test_each_officer_sees_the_ketua_one_step_up(client, auth, world: World):
    auth.login_as(world.pps)
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Suryani Ketua" in page and "Ketua PPK Kecamatan Kerkap" in page and "Nomor HP belum tercatat." in page
    auth.logout()
    auth.login_as(world.ppk)
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Rahmat Operator" in page and "Operator KPU Kabupaten Bengkulu Utara" in page
    assert "Operator KPU kabupaten/kota Anda" in page


def test_no_contact_known_names_the_body_to_ask(client, auth, world: World):
    auth.login_as(world.operator)
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Belum ada nama yang tercatat untuk Anda. Hubungi: Admin sistem Bimtek atau KPU Provinsi." in page


def test_another_roles_guide_shows_no_contacts(client, auth, world: World):
    world.pps.phone = "+6281234567890"
    db.session.commit()
    auth.login_as(world.pantarlih)
    page = client.get("/bantuan/ppk").get_data(as_text=True)
    assert "Bantuan untuk PPK" in page and "Jadwalkan bimtek PPS" in page
    assert "Bambang Sutrisno" not in page and "0812" not in page


def test_every_guide_opens_and_an_unknown_one_is_404(client, auth, world: World):
    auth.login_as(world.pantarlih)
    for slug in ("pantarlih", "pps", "ppk", "operator-kpu", "admin"):
        response = client.get(f"/bantuan/{slug}")
        assert response.status_code == 200 and len(response.get_data()) < 20_000, slug
    assert client.get("/bantuan/raja").status_code == 404
    auth.logout()
    assert client.get("/bantuan/").status_code == 302  # to the log-in page


def test_bantuan_is_in_the_menu_and_on_the_home_page(client, auth, world: World):
    auth.login_as(world.pps)
    home = client.get("/").get_data(as_text=True)
    nav = home[home.index("<nav"):home.index("</nav>")]
    assert '<a href="/bantuan/">Bantuan</a>' in nav
    assert "Buka Bantuan" in home[home.index("</nav>"):]


def test_a_session_the_user_trains_at_does_not_list_themselves(client, auth, world: World):
    _invite(world, world.pps, world.pps, "Bimtek PPS sendiri")
    auth.login_as(world.pps)
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Bimtek PPS sendiri" not in page


def test_the_own_role_page_shows_the_contacts_too(client, auth, world: World):
    _invite(world, world.ppk, world.pantarlih)
    auth.login_as(world.pantarlih)
    page = client.get("/bantuan/pantarlih").get_data(as_text=True)
    assert "Suryani Ketua" in page and "Siapa yang bisa dihubungi" in page


def test_someone_without_an_assignment_gets_the_list_of_guides(client, auth, world: World):
    from tests.factories import make_person

    make_person("Tamu Tanpa Tugas", username="tamu")
    db.session.commit()
    auth.login("tamu")
    page = client.get("/bantuan/").get_data(as_text=True)
    assert "Anda belum punya penugasan pada pemilihan yang aktif." in page
    assert "Hubungi: operator KPU Kabupaten/Kota Anda." in page
    assert page.count('href="/bantuan/') == 6  # the five guides and the menu's own link


def test_screens_the_user_has_are_linked_and_others_are_not(client, auth, world: World):
    auth.login_as(world.pps)
    page = client.get("/bantuan/").get_data(as_text=True)
    screens = page[page.index('<dl class="help-screens">'):]
    assert '<dt><a href="/petugas/">Petugas</a></dt>' in screens
    page = client.get("/bantuan/operator-kpu").get_data(as_text=True)
    screens = page[page.index('<dl class="help-screens">'):]
    assert "<dt>Audit</dt>" in screens  # a PPS has no audit trail: named, not linked
