"""Scenario names that would show as another name (pass 10, W3): characters that show as
nothing where they stand are refused, naming the character; the same characters where they
show something (emoji, keycaps, Persian and Indic joiners) are kept."""

from __future__ import annotations

import pytest

from chipscope.model.scenario import name_problem


@pytest.mark.parametrize(("name", "code"), [
    ("a\ufe0f", "U+FE0F"), ("a\U000E0041", "U+E0041"), ("\U000E0001x", "U+E0001"),
    ("\u0301\u0301", "U+0301"), ("a\uffff", "U+FFFF"), ("a\ufdd0", "U+FDD0"),
    ("a\u200db", "U+200D"), ("a\u200c", "U+200C"), ("a\u2060b", "U+2060"),
    ("\u00adab", "U+00AD"), ("a\u3164", "U+3164"), ("x \u0301", "U+0301"),
    ("a\u200b", "U+200B"), ("x\u202e", "U+202E"), ("1\ufe0f", "U+FE0F"),
    ("a\u2800", "U+2800"), ("\u2800", "U+2800"), ("a\u17b4", "U+17B4"), ("a\u17b5", "U+17B5")])
def test_a_character_that_shows_as_nothing_is_named(name: str, code: str) -> None:
    why = name_problem(name)
    assert why is not None and code in why and "invisible" in why


@pytest.mark.parametrize("name", [
    "Caf\u00e9", "Cafe\u0301", "\u2764\ufe0f plan", "1\ufe0f\u20e3 first",
    "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\u0645\u06cc\u200c\u0634\u0648\u0645",
    "\u0915\u094d\u200d\u0937", "\U0001F1FA\U0001F1F8", "\u4e2d\u6587", "Price war (2)"])
def test_visible_uses_of_those_characters_are_kept(name: str) -> None:
    assert name_problem(name) is None
