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


def test_pages_stay_light_on_demo_data(app, client):
    from bimtek.demo.operations import seed_demo
    from bimtek.extensions import db

    seed_demo()
    db.session.commit()
    budget = 60 * 1024
    assert len(client.get("/login").data) < budget
    for username, paths in {
        "kpu.bengkuluutara": ["/", "/petugas/", "/audit/", "/petugas/impor", "/pemilihan/jadwal"],
        "admin": ["/", "/pemilihan/", "/petugas/"],
        "ppk.demo": ["/", "/petugas/"],
        "pps.demo": ["/", "/petugas/"],
        "pantarlih.demo": ["/", "/petugas/saya"],
    }.items():
        c = app.test_client()
        c.post("/login", data={"username": username, "password": "bimtek-demo"})
        for path in paths:
            response = c.get(path)
            assert response.status_code == 200, (username, path)
            assert len(response.data) < budget, (username, path, len(response.data))


def test_static_files_are_cached_for_a_year(client):
    response = client.get("/static/bimtek.css?v=1")
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600



# Whatever the number of courses, sessions and attempts: each course used to cost three queries.
# Per feature, never per course: courses, quizzes, training, cases, certificates and the reports'
# quiz reminders each read what they show in one or two statements for every course at once.
HOME_PAGE_QUERIES = 20


def test_home_page_runs_a_fixed_number_of_queries(client, auth, world, max_queries):
    from tests.courses.conftest import sync_shipped_content

    courses = [c for c in sync_shipped_content().values() if "pantarlih" in c.audience]
    assert len(courses) >= 2
    auth.login_as(world.pantarlih)
    with max_queries(HOME_PAGE_QUERIES) as statements:
        page = client.get("/").get_data(as_text=True)
    assert all(course.title in page for course in courses)
    lesson_reads = [s for s in statements if "FROM lesson" in s and "progress" not in s]
    assert len(lesson_reads) == 2  # the course cards and the quiz reminders
