"""Passwords, one-time passwords, authentication and throttling."""

from __future__ import annotations

import secrets
import unicodedata
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
# The dummy hash an unknown name is checked against, one per hashing method: checking it costs
# the same time as checking a real account's password, so timing does not tell names apart.
_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    method = current_app.config["BIMTEK_PASSWORD_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    return _DUMMY_HASHES[method]


def new_one_time_password() -> str:
    """Return a random high-entropy one-time password like 'k7mp-q2xr-9hta'."""
    raw = "".join(secrets.choice(_OTP_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def set_password(person: Person, password: str) -> None:
    """Set a password the person chose (slow hash) and end their other sessions."""
    person.password_hash = generate_password_hash(password, method=current_app.config["BIMTEK_PASSWORD_METHOD"])
    person.must_change_password = False
    person.session_version = (person.session_version or 0) + 1


def end_sessions(person: Person) -> None:
    """End every log-in session of the person (cookies carry the version they were made with)."""
    person.session_version = (person.session_version or 0) + 1


def one_time_passwords(count: int, method: str) -> list[tuple[str, str]]:
    """Make one-time passwords with their hashes (no app needed: a thread can make them ahead)."""
    return [(password, generate_password_hash(password, method=method))
            for password in (new_one_time_password() for _ in range(count))]


def give_one_time_password(person: Person, password_hash: str) -> None:
    """Set a one-time password's hash on the person: changed at first log-in, other sessions ended."""
    person.password_hash = password_hash
    person.must_change_password = True
    person.session_version = (person.session_version or 0) + 1


def issue_one_time_password(person: Person) -> str:
    """Give the person a one-time password they must change at first log-in; return it."""
    [(password, password_hash)] = one_time_passwords(1, current_app.config["BIMTEK_ONE_TIME_PASSWORD_METHOD"])
    give_one_time_password(person, password_hash)
    return password


def _login_text(login: str) -> str:
    return unicodedata.normalize("NFKC", login).strip()


def find_account(login: str) -> Person | None:
    """Find the person by username or phone number."""
    login = _login_text(login)
    clauses = [func.lower(Person.username) == login.lower()]
    if phone := normalise_phone(login):
        clauses.append(Person.phone == phone)
    return db.session.scalar(select(Person).where(or_(*clauses)).limit(1))


@dataclass(frozen=True)
class LoginResult:
    person: Person | None
    throttled: bool = False


def account_key(login: str, person: Person | None) -> str:
    """Return what failures are counted against: the account, else the normalised phone or name typed.

    Keyed on the account rather than the text, so '0812...', '+62812...' and '0812-...' are one
    counter, not three.
    """
    if person is not None:
        return f"id:{person.id}"
    login = _login_text(login)
    if phone := normalise_phone(login):
        return f"hp:{phone}"
    return f"u:{login.lower()}"[:64]


def _recent_failures(*conditions) -> int:
    since = clock.now() - current_app.config["BIMTEK_LOGIN_WINDOW"]
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(*conditions, LoginFailure.at >= since)
    )


def authenticate(login: str, password: str, address: str) -> LoginResult:
    """Check a log-in, throttling guesses per account and, far more loosely, per address.

    An account with too many recent failures refuses every log-in, the right password
    included. An address over its own (much higher) limit is refused only for wrong passwords
    and for accounts that address has been guessing at: officers share a hall's hotspot or a
    carrier's NAT, and one guesser must not lock all of them out.
    """
    config = current_app.config
    address = address[:64]
    person = find_account(login)
    key = account_key(login, person)
    if _recent_failures(LoginFailure.account_key == key) >= config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"]:
        return LoginResult(None, throttled=True)
    ok = check_password_hash(person.password_hash if person else _dummy_hash(), password)
    if _recent_failures(LoginFailure.address == address) >= config["BIMTEK_LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        guessed_here = _recent_failures(LoginFailure.address == address, LoginFailure.account_key == key)
        if not ok or guessed_here:
            _record_failure(key, address)
            return LoginResult(None, throttled=True)
    if person and ok and person.is_active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == key))
        person.last_login_at = clock.now()
        return LoginResult(person)
    _record_failure(key, address)
    return LoginResult(None)


def _record_failure(key: str, address: str) -> None:
    # Rows older than the window count for nothing: prune them as new ones come in.
    since = clock.now() - current_app.config["BIMTEK_LOGIN_WINDOW"]
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < since))
    # Kept even though the request is refused (429): the throttle counts it.
    keep(LoginFailure(account_key=key, address=address))
