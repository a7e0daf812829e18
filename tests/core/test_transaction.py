"""One transaction per request: commit once after success, roll back refusals and errors, keep what must survive."""

from __future__ import annotations

import pytest
from flask import Blueprint
from sqlalchemy import func, select

from bimtek.audit.models import AuditEvent
from bimtek.audit.operations import record
from bimtek.extensions import db
from bimtek.transaction import Refusal, keep


@pytest.fixture
def probe_client(app):
    probe = Blueprint("probe", __name__)

    @probe.post("/probe/ok")
    def ok():
        record("probe.ok", actor_id=None)
        return "ok"

    @probe.post("/probe/refused")
    def refused():
        record("probe.refused", actor_id=None)
        raise Refusal("Permintaan ini ditolak karena contoh.")

    @probe.post("/probe/kept")
    def kept():
        keep(AuditEvent(action="probe.kept", details={}))
        record("probe.lost", actor_id=None)
        raise Refusal("Ditolak, tetapi catatannya tetap.")

    @probe.post("/probe/form-error")
    def form_error():
        record("probe.form", actor_id=None)
        return "isian salah", 422

    @probe.post("/probe/crash")
    def crash():
        record("probe.crash", actor_id=None)
        raise RuntimeError("boom")

    app.register_blueprint(probe)
    return app.test_client()


def _actions() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(AuditEvent.action)))


def test_a_successful_request_commits_once(probe_client):
    assert probe_client.post("/probe/ok").status_code == 200
    assert _actions() == ["probe.ok"]


def test_a_refusal_without_a_referrer_rolls_back_and_shows_its_message(probe_client):
    response = probe_client.post("/probe/refused")
    assert response.status_code == 422
    assert "Permintaan ini ditolak karena contoh." in response.get_data(as_text=True)
    assert _actions() == []


def test_a_refusal_goes_back_to_the_referring_page_with_the_message(probe_client):
    response = probe_client.post("/probe/refused", headers={"Referer": "http://localhost/bimtek/?q=a"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/bimtek/?q=a"
    with probe_client.session_transaction() as session:
        assert session["_flashes"] == [("error", "Permintaan ini ditolak karena contoh.")]
    assert _actions() == []


def test_a_foreign_referrer_is_not_followed(probe_client):
    response = probe_client.post("/probe/refused", headers={"Referer": "https://evil.example/x"})
    assert response.status_code == 422


def test_kept_rows_survive_a_refusal_and_nothing_else_does(probe_client):
    assert probe_client.post("/probe/kept").status_code == 422
    assert _actions() == ["probe.kept"]


def test_an_error_page_rolls_back(probe_client):
    assert probe_client.post("/probe/form-error").status_code == 422
    assert _actions() == []


def test_an_unexpected_error_rolls_back(probe_client):
    with pytest.raises(RuntimeError):
        probe_client.post("/probe/crash")
    assert _actions() == []
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_a_failed_login_is_counted_even_though_the_login_is_refused(client, world):
    from bimtek.auth.models import LoginFailure

    for _attempt in range(2):
        page = client.post("/login", data={"username": world.pantarlih.username, "password": "salah-sekali"})
        assert "kata sandi salah" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 2
