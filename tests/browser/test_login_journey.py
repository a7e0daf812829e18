"""First journey: a Pantarlih logs in, sees their home page, logs out."""

import pytest

from tests.browser.conftest import login, logout


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["page", "small_page"])
def test_pantarlih_logs_in_and_out(request, live_server, fixture):
    page = request.getfixturevalue(fixture)
    login(page, live_server, "pantarlih.demo")
    assert page.url.rstrip("/") == live_server
    assert page.locator("h1").inner_text() == "Halo, Sri Wahyuni"
    assert "Pantarlih TPS 001" in page.content()
    if fixture == "small_page":
        # Nothing spills sideways on a 360 px phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    logout(page)
    assert page.url.endswith("/login")
    assert "Anda sudah keluar." in page.content()
    page.goto(live_server + "/")
    assert "/login" in page.url


@pytest.mark.browser
def test_wrong_password_in_browser(live_server, page):
    login(page, live_server, "pantarlih.demo", "salah")
    assert "kata sandi salah" in page.content()
