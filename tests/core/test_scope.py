"""The role × page matrix, built from the app's URL map: each denial next to an in-scope control."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.scope import scope_for
from tests.factories import DESA, KABUPATEN, KECAMATAN, World

# Pages that are public on purpose; everything else needs a log-in.
PUBLIC_ENDPOINTS = {"static", "auth.login", "auth.logout", "home.healthz"}

# Endpoint -> (viewer, in-scope person, out-of-scope person) for pages about one person.
PERSON_PAGES = {
    "officers.show": ("pps", "pantarlih", "other_pantarlih"),
    "officers.edit": ("operator", "pantarlih", "far_pantarlih"),
}
# Endpoint -> (allowed viewer, refused viewer) for pages limited by role.
ROLE_PAGES = {
    "officers.index": ("pps", "pantarlih"),
    "officers.import_list": ("operator", "ppk"),
    "audit.index": ("operator", "ppk"),
    "elections.index": ("admin", "operator"),
    "elections.create": ("admin", "operator"),
    "elections.schedule": ("operator", "ppk"),
}
# Endpoints whose access is tested elsewhere (they need an object made by the test).
TESTED_ELSEWHERE = {
    "officers.sheet", "officers.sheet_pdf", "officers.sheet_csv",  # tests/officers/test_import.py
    "elections.edit",  # tests/elections
    "home.index", "officers.me", "auth.change_password",  # every logged-in user's own pages
}


# POST endpoints limited by role or scope, tested here: endpoint -> (url, form, allowed, refused).
# The refused user posts first (a 404, nothing changes), then the allowed one passes the gate.
POST_PAGES = {
    "officers.import_list": ("/petugas/impor", {}, "operator", "ppk"),
    "elections.create": ("/pemilihan/baru", {}, "admin", "operator"),
    "elections.edit": ("/pemilihan/{election}/ubah", {}, "admin", "operator"),
    "elections.activate": ("/pemilihan/{election}/aktifkan", {}, "admin", "operator"),
    "elections.schedule": ("/pemilihan/jadwal", {}, "operator", "ppk"),
}
# POST endpoints of one's own account or public on purpose (log-in, log-out, own password, own check-in).
OWN_POST_ENDPOINTS = {"auth.login", "auth.logout", "auth.change_password"}
# POST endpoints whose denial-and-control tests live elsewhere in this module.
POST_TESTED_HERE = {
    "officers.reset": "test_who_may_reset_whose_password",
    "officers.edit": "test_person_posts_only_in_scope",
    "officers.close_sheet": "test_only_the_maker_closes_a_password_sheet",
}


def _feature_matrices() -> tuple[set[str], set[str], set[str]]:
    """Collect COVERED_ENDPOINTS, POST_COVERED and PUBLIC_ENDPOINTS from every tests/<feature>/access_matrix.py.

    Each feature lists the endpoints whose in-scope/out-of-scope tests live in its own test
    package (mapping endpoint -> the test that covers it), so this check fails for a page
    or a form action nobody tested.
    """
    covered: set[str] = set()
    posts: set[str] = set()
    public: set[str] = set()
    for path in sorted(Path(__file__).parent.parent.glob("*/access_matrix.py")):
        module = import_module(f"tests.{path.parent.name}.access_matrix")
        covered |= set(getattr(module, "COVERED_ENDPOINTS", {}))
        posts |= set(getattr(module, "POST_COVERED", {}))
        public |= set(getattr(module, "PUBLIC_ENDPOINTS", set()))
    return covered, posts, public


EXTRA_ENDPOINTS, FEATURE_POST_ENDPOINTS, FEATURE_PUBLIC_ENDPOINTS = _feature_matrices()
PUBLIC_ENDPOINTS |= FEATURE_PUBLIC_ENDPOINTS


def _get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint not in PUBLIC_ENDPOINTS]


def test_every_page_is_in_the_matrix(app):
    known = set(PERSON_PAGES) | set(ROLE_PAGES) | TESTED_ELSEWHERE | EXTRA_ENDPOINTS
    missing = sorted(r.endpoint for r in _get_rules(app) if r.endpoint not in known)
    assert missing == [], f"add these endpoints to the access matrix: {missing}"


def _post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in PUBLIC_ENDPOINTS]


def test_every_form_action_is_in_the_matrix(app):
    known = set(POST_PAGES) | OWN_POST_ENDPOINTS | set(POST_TESTED_HERE) | FEATURE_POST_ENDPOINTS
    missing = sorted(r.endpoint for r in _post_rules(app) if r.endpoint not in known)
    assert missing == [], f"add these POST endpoints to the access matrix: {missing}"


def test_every_form_action_needs_login(app, client, world: World):
    for rule in _post_rules(app):
        if rule.endpoint in {"auth.login", "auth.logout"}:
            continue
        values = {arg: 1 if isinstance(rule._converters[arg], IntegerConverter) else "x" for arg in rule.arguments}
        response = client.post(rule.build(values, append_unknown=False)[1])
        assert response.status_code in (302, 404), (rule.endpoint, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], rule.endpoint


@pytest.mark.parametrize("endpoint", sorted(POST_PAGES))
def test_role_form_actions(app, world: World, endpoint):
    url, form, allowed, refused = POST_PAGES[endpoint]
    url = url.format(election=world.election.slug)
    for name, gate_passed in ((refused, False), (allowed, True)):
        client = app.test_client()
        client.post("/login", data={"username": getattr(world, name).username, "password": "rahasia-123"})
        status = client.post(url, data=form).status_code
        assert (status != 404) is gate_passed, (name, url, status)


def test_person_posts_only_in_scope(app, auth, client, world: World):
    auth.login_as(world.operator)
    form = {"full_name": "Nama Baru", "nik": "", "phone": ""}
    assert client.post(f"/petugas/{world.far_pantarlih.id}/ubah", data=form).status_code == 404
    assert client.post(f"/petugas/{world.pantarlih.id}/ubah", data=form).status_code != 404


def test_only_the_maker_closes_a_password_sheet(app, world: World):
    maker, other = app.test_client(), app.test_client()
    maker.post("/login", data={"username": "operator", "password": "rahasia-123"})
    other.post("/login", data={"username": "ppk", "password": "rahasia-123"})
    sheet_url = maker.post(f"/petugas/{world.pantarlih.id}/sandi-baru").headers["Location"]
    assert other.post(f"{sheet_url}/tutup").status_code == 404
    assert maker.get(sheet_url).status_code == 200
    assert maker.post(f"{sheet_url}/tutup").status_code == 302
    assert maker.get(sheet_url).status_code == 404


def test_every_page_needs_login(app, client, world: World):
    for rule in _get_rules(app):
        values = {arg: 1 if isinstance(rule._converters[arg], IntegerConverter) else "x" for arg in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]
        response = client.get(url)
        assert response.status_code in (302, 404), (rule.endpoint, response.status_code)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], rule.endpoint


@pytest.mark.parametrize("endpoint", sorted(PERSON_PAGES))
def test_person_pages_only_in_scope(app, auth, client, world: World, endpoint):
    viewer, inside, outside = (getattr(world, name) for name in PERSON_PAGES[endpoint])
    auth.login_as(viewer)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url_for = lambda person: rule.build({"person_id": person.id})[1]  # noqa: E731
    assert client.get(url_for(inside)).status_code == 200
    assert client.get(url_for(outside)).status_code == 404


@pytest.mark.parametrize("endpoint", sorted(ROLE_PAGES))
def test_role_pages(app, world: World, endpoint):
    allowed, refused = (getattr(world, name) for name in ROLE_PAGES[endpoint])
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = rule.build({})[1]
    for person, expected in ((allowed, 200), (refused, 404)):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get(url).status_code == expected, (person.username, url)


def test_pps_cannot_see_other_desa(app, auth, client, world: World):
    auth.login_as(world.pps)
    listing = client.get("/petugas/").get_data(as_text=True)
    assert world.pantarlih.full_name in listing
    assert world.other_pantarlih.full_name not in listing
    assert client.get(f"/petugas/{world.other_pantarlih.id}").status_code == 404
    assert client.get(f"/petugas/{world.pantarlih.id}").status_code == 200


def test_list_filter_cannot_widen_scope(app, auth, client, world: World):
    auth.login_as(world.pps)
    listing = client.get("/petugas/?wilayah=17.03.06").get_data(as_text=True)
    assert world.other_pantarlih.full_name not in listing


@pytest.mark.parametrize(
    ("viewer", "area", "covers", "not_covers"),
    [
        ("operator", KABUPATEN, "17.03.01.2001", "14.04.18.2002"),
        ("ppk", KECAMATAN, DESA, "17.03.01.2001"),
        ("pps", DESA, DESA, "17.03.06.2002"),
    ],
)
def test_scope_area_by_role(app, world: World, viewer, area, covers, not_covers):
    scope = scope_for(getattr(world, viewer), world.election)
    assert scope.area == area
    assert scope.covers(covers)
    assert not scope.covers(not_covers)


def test_pantarlih_sees_only_themselves(app, world: World):
    scope = scope_for(world.pantarlih, world.election)
    assert not scope.covers(DESA)
    assert scope.can_see_person(world.pantarlih.id)
    assert not scope.can_see_person(world.pps.id)


@pytest.mark.parametrize(
    ("actor", "target", "allowed"),
    [
        ("pps", "pantarlih", True),
        ("pps", "other_pantarlih", False),
        ("pps", "sekretariat", False),
        ("ppk", "pps", True),
        ("ppk", "pantarlih", False),
        ("operator", "pantarlih", True),
        ("operator", "far_pantarlih", False),
        ("sekretariat", "pantarlih", False),
        ("pantarlih", "pps", False),
    ],
)
def test_who_may_reset_whose_password(app, client, world: World, actor, target, allowed):
    client.post("/login", data={"username": getattr(world, actor).username, "password": "rahasia-123"})
    response = client.post(f"/petugas/{getattr(world, target).id}/sandi-baru")
    assert response.status_code == (302 if allowed else 404)
    if allowed:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert getattr(world, target).username in page


def test_admin_sees_everyone(app, world: World):
    scope = scope_for(world.admin, world.election)
    assert scope.role is Role.ADMIN
    assert scope.covers("14.04.18.2002")
    db.session.rollback()


