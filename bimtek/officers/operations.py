"""Writes on officers: editing people, resetting passwords, one-time password sheets (imports: imports.py)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.audit.operations import record
from bimtek.auth.forgot import resolve_password_help
from bimtek.auth.operations import issue_one_time_password
from bimtek.extensions import db
from bimtek.jobs import storage as job_storage
from bimtek.officers.models import PasswordSheet, Person
from bimtek.regions.models import Region
from bimtek.spreadsheet import csv_text
from bimtek.transaction import Refusal

PASSWORD_SHEET_LIFETIME = timedelta(hours=24)


def password_entry(person: Person, title: str, region: Region, password: str) -> dict:
    """Return one line of a password sheet."""
    return {
        "name": person.full_name,
        "username": person.username,
        "title": title,
        "region": region.display_name,
        "password": password,
        # For the slip's WhatsApp link; the sheet is seen only by whoever manages the person.
        "phone": person.phone,
    }


PASSWORD_SHEET_HEADER = ["nama", "nama_pengguna", "jabatan", "wilayah", "kata_sandi_sekali_pakai"]


def password_sheet_csv(entries: list[dict]) -> str:
    """Render one-time passwords as CSV, every cell neutralised (a name may start with '=')."""
    return csv_text(
        PASSWORD_SHEET_HEADER,
        ([e["name"], e["username"], e["title"], e["region"], e["password"]] for e in entries),
    )


class IdentityTaken(Refusal):
    """The NIK or phone number belongs to someone else; `field` names which."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def update_person(person: Person, *, full_name: str, nik: str, phone: str | None, actor_id: int,
                  election_id: int | None, region_code: str) -> list[str]:
    """Correct a person's name, NIK and phone; return the changed fields (recorded in the audit trail)."""
    others = select(Person.id).where(Person.id != person.id)
    if db.session.scalar(others.where(Person.nik == nik)):
        raise IdentityTaken("nik", "NIK ini sudah dipakai orang lain.")
    if phone and db.session.scalar(others.where(Person.phone == phone)):
        raise IdentityTaken("phone", "Nomor HP ini sudah dipakai orang lain.")
    wanted = {"full_name": full_name, "nik": nik, "phone": phone}
    changes = sorted(name for name, value in wanted.items() if getattr(person, name) != value)
    for name in changes:
        setattr(person, name, wanted[name])
    record("officers.update", actor_id=actor_id, election_id=election_id, subject_id=person.id,
           region_code=region_code, fields=changes)
    return changes


def reset_password(person: Person, *, actor_id: int, election_id: int | None, region_code: str) -> str:
    """Give a person a new one-time password and record who did it."""
    password = issue_one_time_password(person)
    resolve_password_help(person.id, actor_id=actor_id)
    record("auth.password_reset", actor_id=actor_id, election_id=election_id, subject_id=person.id,
           region_code=region_code)
    return password


def create_password_sheet(entries: list[dict], *, created_by_id: int) -> PasswordSheet:
    """Keep one-time passwords for the operator to print once."""
    forget_expired_sheets()
    sheet = PasswordSheet(token=secrets.token_urlsafe(24), created_by_id=created_by_id, entries=entries)
    db.session.add(sheet)
    db.session.flush()
    return sheet


def clear_password_sheet(sheet: PasswordSheet) -> None:
    """Forget the passwords on a sheet and its printed PDF, if a job made one (they remain valid for their owners)."""
    sheet.entries = []
    sheet.cleared_at = clock.now()
    if sheet.pdf_job_token:
        job_storage.remove_all(sheet.pdf_job_token)


def forget_expired_sheets() -> None:
    """Clear the sheets nobody closed within their lifetime: no password stays on the server longer."""
    expired = select(PasswordSheet).where(
        PasswordSheet.cleared_at.is_(None), PasswordSheet.created_at < clock.now() - PASSWORD_SHEET_LIFETIME
    )
    for sheet in db.session.scalars(expired):
        clear_password_sheet(sheet)


def visible_sheet(sheet: PasswordSheet) -> bool:
    return sheet.cleared_at is None and clock.now() - sheet.created_at < PASSWORD_SHEET_LIFETIME
