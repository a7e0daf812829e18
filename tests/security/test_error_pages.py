"""Class 4 (end): a database error gets the page with a clear message; the 500 page itself never fails."""

from __future__ import annotations

from sqlalchemy import func, select, text

import bimtek
import bimtek.officers.views as officer_views
from bimtek.extensions import db
from bimtek.officers.models import Person
from tests.factories import World


def _failing_query(*args, **kwargs):
    # On PostgreSQL this also aborts the transaction, so the page's own queries would fail after it.
    db.session.execute(text("SELECT no_such_column FROM no_such_table"))


def test_database_error_gives_the_page_with_a_message(client, auth, world: World, monkeypatch):
    auth.login_as(world.operator)
    monkeypatch.setattr(officer_views, "officer_page", _failing_query)
    response = client.get("/petugas/")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Data tidak dapat dibaca atau disimpan karena kesalahan basis data." in page
    # The menu (which queries the database) is there: the page rendered after a rollback.
    assert "Keluar" in page


def test_a_failed_write_keeps_nothing(client, auth, world: World, monkeypatch):
    auth.login_as(world.operator)
    real = officer_views.update_person

    def update_then_fail(person, **kwargs):
        real(person, **kwargs)
        db.session.flush()
        _failing_query()

    monkeypatch.setattr(officer_views, "update_person", update_then_fail)
    response = client.post(f"/petugas/{world.pantarlih.id}/ubah", data={"full_name": "Nama Baru",
                                                                       "nik": world.pantarlih.nik})
    assert response.status_code == 500
    db.session.expire_all()
    assert db.session.get(Person, world.pantarlih.id).full_name == "Sri Wahyuni"


def test_the_500_page_survives_its_own_template_failing(app, client, auth, world: World, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    auth.login_as(world.operator)

    def broken(*args, **kwargs):
        raise RuntimeError("view broke")

    def broken_template(*args, **kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(officer_views, "officer_page", broken)
    monkeypatch.setattr(bimtek, "render_template", broken_template)
    response = client.get("/petugas/")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in page and "Coba lagi sebentar lagi" in page
    assert db.session.scalar(select(func.count()).select_from(Person)) == 11
