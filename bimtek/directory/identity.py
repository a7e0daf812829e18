"""Checks and normal forms for NIK, phone numbers, TPS numbers and people's names."""

from __future__ import annotations

import re
import unicodedata

# Only [0-9]: \d and str.isdigit() also accept full-width, Arabic-Indic and superscript digits.
_NIK = re.compile(r"[0-9]{16}", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_PHONE_SEPARATORS = re.compile(r"[ \-.()]")
MAX_TPS = 999
# Bidirectional embeddings, overrides and isolates, and the marks: they reorder what a reader sees.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def digits_text(value: str) -> str:
    """Return the text in NFKC form without spaces, so full-width digits become ASCII ones."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def is_ascii_digits(value: str) -> bool:
    """Say whether the text is one or more ASCII digits 0-9 and nothing else."""
    return _DIGITS.fullmatch(value) is not None


def is_valid_nik(value: str) -> bool:
    """Say whether a NIK has 16 ASCII digits and a plausible structure (the region is never checked)."""
    if not _NIK.fullmatch(value):
        return False
    # Digits 7-12 are the birth date (DDMMYY, women +40): day and month must be possible.
    day, month = int(value[6:8]), int(value[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12 and value[12:] != "0000"


def normalise_nik(value: str) -> str:
    """Return a typed NIK in the form it is stored and compared in (NFKC, no spaces)."""
    return digits_text(value)


def parse_tps(value: str) -> int | None:
    """Return a TPS number 1-999 written in ASCII digits (after NFKC), or None."""
    text = digits_text(value)
    if not is_ascii_digits(text) or len(text) > 3:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_TPS else None


def normalise_phone(value: str) -> str | None:
    """Return an Indonesian mobile number as +628..., or None when it is not one."""
    digits = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value).strip())
    if digits.startswith("+62"):
        rest = digits[3:]
    elif digits.startswith("62"):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        return None
    if not is_ascii_digits(rest) or not rest.startswith("8") or not 9 <= len(rest) <= 12:
        return None
    return "+62" + rest


def whatsapp_number(value: str) -> str | None:
    """Return a phone number in the international digits wa.me links take (6281234567890), or None."""
    phone = normalise_phone(value)
    return phone[1:] if phone else None


def name_problem(value: str) -> str | None:
    """Say in Bahasa Indonesia what makes a person's name unusable, or None when it is fine."""
    for char in value:
        if char in _BIDI:
            return "nama berisi karakter pembalik arah teks"
        category = unicodedata.category(char)
        if category == "Cc":
            return "nama berisi karakter kendali"
        # Zero-width spaces and joiners, word joiners, BOM, soft hyphens: invisible in print and on screen.
        if category == "Cf":
            return "nama berisi karakter tak terlihat"
        if category in ("Cs", "Co", "Cn"):
            return "nama berisi karakter yang tidak sah"
    return None


def normalise_name(value: str) -> str:
    """Return a name in NFC with its runs of white space made single spaces."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def display_phone(value: str | None) -> str:
    """Write a stored +62 number the way officers read it: 0812-3456-7890."""
    if not value:
        return ""
    local = "0" + value[3:]
    return "-".join([local[:4], local[4:8], local[8:]]).rstrip("-")
