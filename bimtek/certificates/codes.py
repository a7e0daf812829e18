"""Verification codes: random, typed from paper, with a check character that catches typos.

A code is 11 random characters over a 31-character alphabet (no 0/O, 1/I/L), about 54 bits,
followed by one check character, printed in groups of four: ``K7QX-4M2P-9TRW``. The check
character makes sum(position × value) over all 12 characters divisible by 31; because 31 is
prime and the weights 1..12 are distinct and non-zero modulo 31, every change of one character
and every swap of two neighbouring characters breaks the sum.
"""

from __future__ import annotations

import enum
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASE = len(ALPHABET)  # 31, a prime
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
GROUP = 4
_VALUE = {char: index for index, char in enumerate(ALPHABET)}


class CodeShape(enum.StrEnum):
    """What a typed code looks like before anyone looks it up."""

    WELL_FORMED = "well_formed"
    MISTYPED = "mistyped"


def _weighted_sum(chars: str) -> int:
    return sum((position + 1) * _VALUE[char] for position, char in enumerate(chars))


def check_character(body: str) -> str:
    """Return the character that makes the weighted sum of body + it divisible by 31."""
    weight = len(body) + 1
    # weight × value ≡ -sum (mod 31); pow(weight, -1, 31) is the inverse of the weight.
    value = (-_weighted_sum(body) * pow(weight, -1, BASE)) % BASE
    return ALPHABET[value]


def new_code() -> str:
    """Return a fresh random code (12 characters, no dashes)."""
    body = "".join(secrets.choice(ALPHABET) for _position in range(RANDOM_LENGTH))
    return body + check_character(body)


def normalise(typed: str) -> str:
    """Return the code as stored: upper case, without dashes or spaces."""
    return "".join(char for char in typed.upper() if char not in "- \t\r\n")


def shape(typed: str) -> CodeShape:
    """Say whether a typed code could be real (alphabet, length, check character) or was mistyped."""
    code = normalise(typed)
    if len(code) != LENGTH or any(char not in _VALUE for char in code):
        return CodeShape.MISTYPED
    return CodeShape.WELL_FORMED if _weighted_sum(code) % BASE == 0 else CodeShape.MISTYPED


def display(code: str) -> str:
    """Return the code as printed: groups of four joined by dashes."""
    code = normalise(code)
    return "-".join(code[start:start + GROUP] for start in range(0, len(code), GROUP))
