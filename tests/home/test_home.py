"""Home page and health check."""

from tests.factories import World


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True}


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_home_shows_role_and_next_steps(client, auth, world: World):
    auth.login_as(world.operator)
    page = client.get("/").get_data(as_text=True)
    assert "Halo, Rahmat Operator" in page
    assert "Operator KPU Kabupaten/Kota" in page
    assert "Impor daftar petugas" in page


def test_pantarlih_home_has_no_operator_steps(client, auth, world: World):
    auth.login_as(world.pantarlih)
    page = client.get("/").get_data(as_text=True)
    assert "Pantarlih TPS 001" in page
    assert "Impor daftar petugas" not in page
    assert "Coklit dimulai 14 hari lagi." in page
