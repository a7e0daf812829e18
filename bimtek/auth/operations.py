"""Passwords, one-time passwords, authentication and throttling."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from bimtek import clock
from bimtek.auth.models import LoginFailure
from bimtek.extensions import db
from bimtek.transaction import keep
from bimtek.directory.identity import normalise_phone
from bimtek.directory.models import Person

# No 0/O, 1/l/i: one-time passwords are read aloud and typed on phones.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
MIN_PASSWORD_LENGTH = 8
# Login failures count against both keys even for unknown names, so probing learns nothing.
_DUMMY_HASH = generate_password_hash("bimtek-dummy", method="pbkdf2:sha256:1000")


def new_one_time_password() -> str:
    """Return a random high-entropy one-time password like 'k7mp-q2xr-9hta'."""
    raw = "".join(secrets.choice(_OTP_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def set_password(person: Person, password: str) -> None:
    """Set a password the person chose (slow hash) and end their other sessions."""
    person.password_hash = generate_password_hash(password, method=current_app.config["BIMTEK_PASSWORD_METHOD"])
    person.must_change_password = False
    person.session_version = (person.session_version or 0) + 1


def issue_one_time_password(person: Person) -> str:
    """Give the person a one-time password they must change at first log-in; return it."""
    password = new_one_time_password()
    person.password_hash = generate_password_hash(
        password, method=current_app.config["BIMTEK_ONE_TIME_PASSWORD_METHOD"]
    )
    person.must_change_password = True
    person.session_version = (person.session_version or 0) + 1
    return password


def find_account(login: str) -> Person | None:
    """Find the person by username or phone number."""
    login = login.strip()
    clauses = [func.lower(Person.username) == login.lower()]
    if phone := normalise_phone(login):
        clauses.append(Person.phone == phone)
    return db.session.scalar(select(Person).where(or_(*clauses)).limit(1))


@dataclass(frozen=True)
class LoginResult:
    person: Person | None
    throttled: bool = False


def _recent_failures(column, value: str) -> int:
    since = clock.now() - current_app.config["BIMTEK_LOGIN_WINDOW"]
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(column == value, LoginFailure.at >= since)
    )


def authenticate(login: str, password: str, address: str) -> LoginResult:
    """Check a log-in, counting failures per account and per address."""
    account_key = login.strip().lower()[:64]
    config = current_app.config
    if (
        _recent_failures(LoginFailure.account_key, account_key) >= config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or _recent_failures(LoginFailure.address, address) >= config["BIMTEK_LOGIN_MAX_FAILURES_PER_ADDRESS"]
    ):
        return LoginResult(None, throttled=True)
    person = find_account(login)
    ok = check_password_hash(person.password_hash if person else _DUMMY_HASH, password)
    if person and ok and person.is_active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key))
        person.last_login_at = clock.now()
        return LoginResult(person)
    # Saved even though the request is refused: the throttle counts it.
    keep(LoginFailure(account_key=account_key, address=address[:64]))
    return LoginResult(None)
