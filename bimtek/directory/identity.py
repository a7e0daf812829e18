"""Checks and normal forms for NIK and phone numbers."""

from __future__ import annotations

import re

_NIK = re.compile(r"^\d{16}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


def is_valid_nik(value: str) -> bool:
    """Say whether a NIK has 16 digits and a plausible structure (the region is never checked)."""
    if not _NIK.match(value):
        return False
    # Digits 7-12 are the birth date (DDMMYY, women +40): day and month must be possible.
    day, month = int(value[6:8]), int(value[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and value[12:] != "0000"


def normalise_phone(value: str) -> str | None:
    """Return an Indonesian mobile number as +628..., or None when it is not one."""
    digits = _PHONE_SEPARATORS.sub("", value.strip())
    if digits.startswith("+62"):
        rest = digits[3:]
    elif digits.startswith("62"):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        return None
    if not rest.isdigit() or not rest.startswith("8") or not 9 <= len(rest) <= 12:
        return None
    return "+62" + rest


def display_phone(value: str | None) -> str:
    """Write a stored +62 number the way officers read it: 0812-3456-7890."""
    if not value:
        return ""
    local = "0" + value[3:]
    return "-".join([local[:4], local[4:8], local[8:]]).rstrip("-")
