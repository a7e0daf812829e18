"""Elections: the admin creates them, one is current, operators adjust their kabupaten's dates."""

from datetime import date, timedelta

from sqlalchemy import func, select

from bimtek.elections.models import Election, ElectionSchedule
from bimtek.elections.queries import stages_for
from bimtek.extensions import db
from tests.factories import DESA, OTHER_KAB_DESA, World

FORM = {
    "name": "Pilkada Serentak 2029", "kind": "pilkada", "voting_day": "2029-11-27",
    "bimtek_start": "2029-06-10", "bimtek_end": "2029-06-23", "coklit_start": "2029-06-24",
    "coklit_end": "2029-07-24",
}


def test_admin_creates_and_activates_election(client, auth, world: World):
    auth.login_as(world.admin)
    assert client.post("/pemilihan/baru", data=FORM).status_code == 302
    election = db.session.scalar(select(Election).where(Election.slug == "pilkada-serentak-2029"))
    assert election.coklit_start == date(2029, 6, 24)
    assert not election.is_current  # another election is current already
    client.post("/pemilihan/pilkada-serentak-2029/aktifkan")
    db.session.expire_all()
    assert db.session.scalar(select(Election).where(Election.is_current)).slug == "pilkada-serentak-2029"
    assert db.session.scalar(
        select(Election).where(Election.is_current.is_(True)).where(Election.slug != "pilkada-serentak-2029")) is None


def test_election_dates_in_wrong_order_are_refused(client, auth, world: World):
    auth.login_as(world.admin)
    page = client.post("/pemilihan/baru", data={**FORM, "coklit_end": "2029-06-01"}).get_data(as_text=True)
    assert "Akhir coklit tidak boleh sebelum awalnya." in page
    page = client.post("/pemilihan/baru", data={**FORM, "voting_day": "bukan-tanggal"}).get_data(as_text=True)
    assert "Tanggal tidak valid." in page
    assert db.session.scalar(select(func.count(Election.id))) == 1  # the world's own election only


def test_the_form_shows_no_slug_and_makes_one_from_the_name(client, auth, world: World):
    auth.login_as(world.admin)
    page = client.get("/pemilihan/baru").get_data(as_text=True)
    assert 'name="slug"' not in page and "dibuat otomatis dari nama" in page
    client.post("/pemilihan/baru", data={**FORM, "name": "Pilkada Bupati & Wakil Bupati Bengkulu Utara 2029"})
    assert db.session.scalar(select(Election.slug).where(Election.name.startswith("Pilkada Bupati"))) == \
        "pilkada-bupati-wakil-bupati-bengkulu-utara-2029"


def test_two_elections_with_one_name_get_distinct_slugs(client, auth, world: World):
    auth.login_as(world.admin)
    for _ in range(3):
        assert client.post("/pemilihan/baru", data={**FORM, "name": "Pilkada Uji"}).status_code == 302
    slugs = db.session.scalars(select(Election.slug).where(Election.name == "Pilkada Uji").order_by(Election.id)).all()
    assert slugs == ["pilkada-uji-2", "pilkada-uji-3", "pilkada-uji-4"]  # "pilkada-uji" is the world's


def test_a_forged_slug_field_is_ignored_and_the_slug_never_changes(client, auth, world: World):
    auth.login_as(world.admin)
    client.post("/pemilihan/baru", data={**FORM, "slug": "../admin"})
    assert db.session.scalar(select(Election.slug).where(Election.name == FORM["name"])) == "pilkada-serentak-2029"
    client.post("/pemilihan/pilkada-serentak-2029/ubah", data={**FORM, "name": "Pilkada Ulang 2029", "slug": "lain"})
    db.session.expire_all()
    election = db.session.scalar(select(Election).where(Election.name == "Pilkada Ulang 2029"))
    assert election.slug == "pilkada-serentak-2029"
    page = client.get("/pemilihan/pilkada-serentak-2029/ubah").get_data(as_text=True)
    assert 'name="slug"' not in page and "pilkada-serentak-2029" not in page.split("<main")[1].split("<form")[1]


def test_a_name_without_letters_or_digits_still_gets_a_slug(app):
    from bimtek.elections.operations import slug_for

    assert slug_for("Pemilihan Ülang — Désa") == "pemilihan-ulang-desa"
    assert slug_for("!!!") == "pemilihan"


def test_admin_edits_election(client, auth, world: World):
    auth.login_as(world.admin)
    assert client.get("/pemilihan/pilkada-uji/ubah").status_code == 200
    assert client.get("/pemilihan/tidak-ada/ubah").status_code == 404
    data = {**FORM, "name": "Nama Baru",
            "voting_day": world.election.voting_day.isoformat(),
            "bimtek_start": world.election.bimtek_start.isoformat(), "bimtek_end": world.election.bimtek_end.isoformat(),
            "coklit_start": world.election.coklit_start.isoformat(), "coklit_end": world.election.coklit_end.isoformat()}
    assert client.post("/pemilihan/pilkada-uji/ubah", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Election, world.election.id).name == "Nama Baru"


def test_operator_adjusts_own_kabupaten_only(client, auth, world: World):
    auth.login_as(world.operator)
    start = world.election.coklit_start + timedelta(days=2)
    data = {"bimtek_start": world.election.bimtek_start.isoformat(), "bimtek_end": start.isoformat(),
            "coklit_start": start.isoformat(), "coklit_end": world.election.coklit_end.isoformat()}
    assert client.post("/pemilihan/jadwal", data=data).status_code == 302
    db.session.expire_all()
    assert stages_for(world.election, DESA).coklit_start == start
    assert stages_for(world.election, OTHER_KAB_DESA).coklit_start == world.election.coklit_start
    assert db.session.scalar(select(ElectionSchedule)).region_code == "17.03"


def test_elections_cli(runner, app):
    result = runner.invoke(args=[
        "elections", "create", "pemilu-2029", "--name", "Pemilu 2029", "--kind", "pemilu",
        "--voting-day", "2029-02-14", "--bimtek", "2028-02-01", "2028-02-11", "--coklit", "2028-02-12",
        "2028-03-14", "--current"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["elections", "list"]).output
    assert "* pemilu-2029" in listing
    bad = runner.invoke(args=[
        "elections", "create", "x", "--name", "X", "--kind", "pemilu", "--voting-day", "2028-01-01",
        "--bimtek", "2028-02-01", "2028-02-11", "--coklit", "2028-02-12", "2028-03-14"])
    assert bad.exit_code != 0
    assert "Coklit harus selesai sebelum hari pemungutan suara." in bad.output


def test_a_refused_change_is_shown_with_422_and_writes_nothing(client, auth, world: World):
    from bimtek.audit.models import AuditEvent

    auth.login_as(world.admin)
    data = {**FORM, "voting_day": world.election.coklit_start.isoformat(),
            "bimtek_start": world.election.bimtek_start.isoformat(), "bimtek_end": world.election.bimtek_end.isoformat(),
            "coklit_start": world.election.coklit_start.isoformat(), "coklit_end": world.election.coklit_end.isoformat()}
    response = client.post("/pemilihan/pilkada-uji/ubah", data=data)
    assert response.status_code == 422
    assert "Coklit harus selesai sebelum hari pemungutan suara." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Election, world.election.id).name == world.election.name
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_changes_are_audited_with_the_area(client, auth, world: World):
    from bimtek.audit.models import AuditEvent

    auth.login_as(world.admin)
    client.post("/pemilihan/baru", data=FORM)
    auth.logout()
    auth.login_as(world.operator)
    start = world.election.coklit_start + timedelta(days=1)
    client.post("/pemilihan/jadwal", data={
        "bimtek_start": world.election.bimtek_start.isoformat(), "bimtek_end": start.isoformat(),
        "coklit_start": start.isoformat(), "coklit_end": world.election.coklit_end.isoformat()})
    events = {event.action: event for event in db.session.scalars(select(AuditEvent))}
    assert set(events) == {"elections.create", "elections.schedule"}
    assert events["elections.schedule"].region_code == "17.03"
    assert events["elections.schedule"].actor_id == world.operator.id


def test_only_one_election_is_current(client, auth, world: World):
    auth.login_as(world.admin)
    client.post("/pemilihan/baru", data=FORM)
    client.post("/pemilihan/pilkada-serentak-2029/aktifkan")
    client.post("/pemilihan/pilkada-uji/aktifkan")
    db.session.expire_all()
    assert list(db.session.scalars(select(Election.slug).where(Election.is_current))) == ["pilkada-uji"]


def test_elections_cli_refuses_clearly(runner, app):
    bad = runner.invoke(args=[
        "elections", "create", "pemilu-2029", "--name", "Pemilu 2029", "--kind", "pemilu",
        "--voting-day", "2028-03-01", "--bimtek", "2028-02-01", "2028-02-11", "--coklit", "2028-02-12",
        "2028-03-14"])
    assert bad.exit_code == 1 and "Coklit harus selesai sebelum hari pemungutan suara." in bad.output
    assert db.session.scalar(select(func.count(Election.id))) == 0
    missing = runner.invoke(args=["elections", "set-current", "tidak-ada"])
    assert missing.exit_code == 1 and "pemilihan 'tidak-ada' tidak ditemukan" in missing.output


def test_an_edit_is_audited_with_the_fields_it_changed_in_words(client, auth, world: World):
    from bimtek.audit.models import AuditEvent
    from bimtek.audit.sentences import describe

    auth.login_as(world.admin)
    e = world.election
    data = {"name": "Pilkada Uji Ulang", "kind": e.kind.value, "voting_day": e.voting_day.isoformat(),
            "bimtek_start": e.bimtek_start.isoformat(), "bimtek_end": e.bimtek_end.isoformat(),
            "coklit_start": e.coklit_start.isoformat(),
            "coklit_end": (e.coklit_end - timedelta(days=1)).isoformat()}
    assert client.post("/pemilihan/pilkada-uji/ubah", data=data).status_code == 302
    assert client.post("/pemilihan/pilkada-uji/ubah", data=data).status_code == 302  # nothing changes: no entry
    events = db.session.scalars(select(AuditEvent)).all()
    assert [entry.sentence for entry in describe(events)] == [
        "Admin Sistem mengubah data pemilihan Pilkada Uji Ulang: coklit selesai, nama"]
