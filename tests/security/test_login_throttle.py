"""Class 2: throttling per resolved account (not per spelling), never locking out a whole address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bimtek import clock, create_app
from bimtek.auth.models import LoginFailure
from bimtek.config import TestingConfig
from bimtek.extensions import db
from tests.conftest import FreshContextClient
from tests.factories import PASSWORD, World, make_person

PHONE = "+6281234567890"
# Ten ways of typing one number: the old counter keyed on the text saw ten accounts.
SPELLINGS = ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890", "0812 3456 7890",
             "(0812) 3456 7890", "0812.3456.7890", "+62 812 3456 7890", "+62-812-3456-7890", "62 812-3456-7890"]
THROTTLED = "Terlalu banyak percobaan"


def _failures() -> int:
    return db.session.scalar(select(func.count()).select_from(LoginFailure))


def test_ten_failures_under_any_spelling_lock_the_account_even_for_the_right_password(client, auth, app):
    make_person("Budi", username="budi", phone=PHONE)
    db.session.commit()
    assert app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"] <= 10
    for typed in SPELLINGS[: app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"]]:
        assert auth.login(typed, "tebakan-salah").status_code == 200
    for typed in ("budi", "BUDI", "0812 34567890", "+6281234567890"):
        response = auth.login(typed, PASSWORD)
        assert response.status_code == 429, typed
        assert THROTTLED in response.get_data(as_text=True)


def test_the_account_opens_again_after_the_window(client, auth, app):
    make_person("Budi", username="budi", phone=PHONE)
    db.session.commit()
    for _ in range(10):
        auth.login("budi", "salah")
    assert auth.login("budi").status_code == 429
    with clock.frozen_at(clock.now() + timedelta(minutes=16)):
        assert auth.login("budi").status_code == 302


def test_unknown_names_are_counted_by_normalised_phone(client, auth, app):
    for typed in SPELLINGS:
        auth.login(typed, "salah")
    assert auth.login("0812-3456-7890", "apa-saja").status_code == 429
    assert db.session.scalar(select(LoginFailure.account_key).limit(1)) == "hp:+6281234567890"


def test_a_guesser_behind_the_same_address_locks_nobody_else_out(client, auth, world: World, app):
    # Officers in one hall share one hotspot address: 40 failures from it on other names.
    for i in range(40):
        auth.login(f"tebak{i}", "salah")
    assert auth.login("pps").status_code == 302


def test_address_limit_refuses_guesses_and_accounts_that_address_attacked(client, auth, world: World, app):
    app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ADDRESS"] = 5
    auth.login("pps", "salah")
    for i in range(4):
        auth.login(f"tebak{i}", "salah")
    response = auth.login("operator", "masih-salah")
    assert response.status_code == 429 and THROTTLED in response.get_data(as_text=True)
    # An account this address has been guessing at is refused even with the right password ...
    assert auth.login("pps").status_code == 429
    # ... an account it has not touched is not.
    assert auth.login("ppk").status_code == 302


def _proxied_app(_migrated, tmp_path, count: int):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=_migrated, WTF_CSRF_ENABLED=False,
                     BIMTEK_UPLOAD_DIR=str(tmp_path / "uploads"), BIMTEK_PROXY_COUNT=count)
    app.test_client_class = FreshContextClient
    return app


@pytest.mark.parametrize(("count", "expected"), [(1, "203.0.113.7"), (0, "127.0.0.1")])
def test_client_address_is_read_behind_the_configured_proxies(app, _migrated, tmp_path, count, expected):
    proxied = _proxied_app(_migrated, tmp_path, count)
    # A client may send its own X-Forwarded-For; the one proxy appends the address it saw.
    proxied.test_client().post("/login", data={"username": "x", "password": "y"},
                               headers={"X-Forwarded-For": "10.9.9.9, 203.0.113.7"})
    db.session.expire_all()
    assert db.session.scalar(select(LoginFailure.address)) == expected


def test_proxy_count_comes_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "BIMTEK_PROXY_COUNT": "2", "BIMTEK_INSTANCE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", "from bimtek.config import Config; print(Config.BIMTEK_PROXY_COUNT)"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "2"
    env.pop("BIMTEK_PROXY_COUNT")
    out = subprocess.run([sys.executable, "-c", "from bimtek.config import Config; print(Config.BIMTEK_PROXY_COUNT)"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"


def test_an_unknown_name_is_checked_against_a_hash_of_the_real_method(client, auth, app, monkeypatch):
    import bimtek.auth.operations as operations

    checked = []
    real = operations.check_password_hash
    monkeypatch.setattr(operations, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    app.config["BIMTEK_PASSWORD_METHOD"] = "scrypt"
    auth.login("tidak-ada-orangnya", "salah")
    assert checked and checked[0].startswith("scrypt:")


def test_old_failure_rows_are_pruned(client, auth, app):
    db.session.add(LoginFailure(account_key="u:lama", address="198.51.100.1", at=clock.now() - timedelta(days=2)))
    db.session.commit()
    auth.login("baru", "salah")
    db.session.expire_all()
    assert db.session.scalars(select(LoginFailure.account_key)).all() == ["u:baru"]
    assert _failures() == 1
