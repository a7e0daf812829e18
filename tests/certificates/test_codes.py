"""Verification codes: random enough, typed loosely, and every single typo or neighbour swap caught."""

from __future__ import annotations

import math
import random

from bimtek.certificates import codes


def test_alphabet_has_no_lookalikes_and_codes_carry_50_bits():
    assert codes.ALPHABET == "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    assert not set("01OIL") & set(codes.ALPHABET)
    assert codes.RANDOM_LENGTH * math.log2(31) >= 50


def test_new_codes_are_well_formed_and_differ():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == 12 and codes.shape(code) is codes.CodeShape.WELL_FORMED for code in made)


def test_display_groups_in_fours_and_typing_is_loose():
    code = "K7QX4M2P9TR" + codes.check_character("K7QX4M2P9TR")
    shown = codes.display(code)
    assert shown == f"K7QX-4M2P-9TR{code[-1]}"
    for typed in (shown, shown.lower(), code.lower(), f" {shown[:6]} {shown[6:]} "):
        assert codes.normalise(typed) == code
        assert codes.shape(typed) is codes.CodeShape.WELL_FORMED


def test_known_check_character():
    # By hand: values of "22222222222" are all 0, so the weighted sum is 0 and the check value is 0 -> "2".
    assert codes.check_character("22222222222") == "2"
    # "3" has value 1 in position 1: sum 1; 12 * c ≡ -1 (mod 31) -> c = 18, which is "M".
    assert codes.check_character("32222222222") == "M"


def test_every_single_character_change_is_caught():
    rng = random.Random(1)
    for _ in range(150):
        code = codes.new_code()
        for position in range(len(code)):
            for char in codes.ALPHABET:
                if char != code[position]:
                    typo = code[:position] + char + code[position + 1:]
                    assert codes.shape(typo) is codes.CodeShape.MISTYPED, (code, typo)
        rng.random()


def test_every_swap_of_neighbours_is_caught():
    for _ in range(3000):
        code = codes.new_code()
        for position in range(len(code) - 1):
            if code[position] != code[position + 1]:
                swapped = code[:position] + code[position + 1] + code[position] + code[position + 2:]
                assert codes.shape(swapped) is codes.CodeShape.MISTYPED, (code, swapped)


def test_characters_outside_the_alphabet_and_wrong_lengths_are_typos():
    code = codes.new_code()
    for bad in ("0", "1", "O", "I", "L", "-", "é"):
        assert codes.shape(code[:5] + bad + code[6:]) is codes.CodeShape.MISTYPED
    assert codes.shape(code[:-1]) is codes.CodeShape.MISTYPED
    assert codes.shape(code + "2") is codes.CodeShape.MISTYPED
    assert codes.shape("") is codes.CodeShape.MISTYPED
