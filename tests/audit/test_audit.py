"""The audit trail: recorded with the change, read by the operators of the area, a fixed number of queries a page."""

from __future__ import annotations

from bimtek.audit.models import AuditEvent
from bimtek.audit.operations import action_label, record
from bimtek.extensions import db
from tests.factories import KABUPATEN, OTHER_KAB_DESA, World, make_person


def _events(world: World, count: int, region: str = KABUPATEN + ".06.2001", *, distinct: bool = False) -> None:
    for number in range(count):
        subject = make_person(f"Petugas {number}") if distinct else world.pantarlih
        record("officers.update", actor_id=world.operator.id, election_id=world.election.id,
               subject_id=subject.id, region_code=region, field=f"nama-{number}")
    db.session.commit()


def test_operator_reads_the_trail_of_their_kabupaten_only(client, auth, world: World):
    _events(world, 1)
    record("officers.update", actor_id=world.other_operator.id, election_id=world.election.id,
           subject_id=world.far_pantarlih.id, region_code=OTHER_KAB_DESA, field="lain")
    db.session.commit()
    auth.login_as(world.operator)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Ubah data petugas" in page and "nama-0" in page
    assert world.far_pantarlih.full_name not in page and "lain" not in page


def test_admin_reads_every_area(client, auth, world: World):
    record("officers.update", actor_id=world.other_operator.id, election_id=world.election.id,
           subject_id=world.far_pantarlih.id, region_code=OTHER_KAB_DESA, field="lain")
    db.session.commit()
    auth.login_as(world.admin)
    assert world.far_pantarlih.full_name in client.get("/audit/").get_data(as_text=True)


def test_fifty_rows_cost_no_more_queries_than_one(client, auth, world: World, max_queries):
    auth.login_as(world.operator)
    _events(world, 1)
    with max_queries(12) as one:
        assert client.get("/audit/").status_code == 200
    _events(world, 60, distinct=True)  # a different officer on every row
    with max_queries(len(one)) as fifty:
        page = client.get("/audit/").get_data(as_text=True)
    assert page.count("Ubah data petugas") == 50
    assert len(fifty) == len(one)


def test_pages_of_fifty_newest_first(client, auth, world: World):
    _events(world, 51)
    auth.login_as(world.operator)
    first = client.get("/audit/").get_data(as_text=True)
    second = client.get("/audit/?halaman=2").get_data(as_text=True)
    assert "nama-50" in first and "nama-0" not in first
    assert "nama-0" in second and second.count("Ubah data petugas") == 1


def test_unknown_actions_show_their_token_and_features_add_labels(app):
    assert action_label("training.schedule") == "Jadwalkan bimtek"  # registered by training's access module
    assert action_label("tidak.dikenal") == "tidak.dikenal"


def test_an_event_is_written_with_the_change_or_not_at_all(world: World):
    record("officers.update", actor_id=world.operator.id, election_id=world.election.id)
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == 0
