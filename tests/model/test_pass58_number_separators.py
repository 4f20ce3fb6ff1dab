"""Numbers written with thousands separators or a decimal comma ("1,000,000", "0,5", "1.000,5")
are named with the number they mean, wherever a number is typed or read (a --set value, a CSV
cell, a scenario file's quoted value); a quoted number with a full-width digit names the digit
(left from pass 57)."""

from __future__ import annotations

import pytest

from chipscope.model.param_specs import ParamSpec
from chipscope.model.written_numbers import not_a_number, quoted_number

SPEC = ParamSpec("demand_growth_pct", "Budget growth", "%/yr", -50, 300, 35, "Growth.")


@pytest.mark.parametrize(("text", "advice"), [
    ("1,000,000", "write it without the thousands separators: 1000000"),
    ("1,000", "write it without the thousands separators: 1000, or 1.000 if the comma is a "
              "decimal point"),
    ("1,000.5", "write it without the thousands separators: 1000.5"),
    ("-1 000", "write it without the thousands separators: -1000"),
    ("0,5", "write the decimal comma as a point: 0.5"),
    ("1.000,5", "write it with a decimal point and no separators: 1000.5"),
])
def test_separators_are_named_with_the_number_meant(text: str, advice: str) -> None:
    assert not_a_number(text) == f"is not a number: {advice}"
    with pytest.raises(ValueError) as typed:
        SPEC.parse(text)
    assert str(typed.value) == (f"demand_growth_pct: {text!r} is not a number: {advice} "
                                f"(allowed {SPEC.range_text()})")


@pytest.mark.parametrize("text", ["12,34,567", "1,2,3", "lots", "1e"])
def test_other_text_gets_no_separator_advice(text: str) -> None:
    assert not_a_number(text) == "is not a number"


@pytest.mark.parametrize(("text", "tail"), [
    ("1\uff14", "write it with ASCII digits 0-9 (it holds U+FF14 FULLWIDTH DIGIT FOUR)"),
    ("1,000", "write it without the thousands separators: 1000, or 1.000 if the comma is a "
              "decimal point"),
])
def test_a_quoted_value_that_is_no_number_either_says_both(text: str, tail: str) -> None:
    expected = f"{text!r} is text; write a number without quotes, and {tail}"
    assert quoted_number(text) == expected
    with pytest.raises(ValueError) as taken:
        SPEC.take(text)
    assert str(taken.value) == f"demand_growth_pct: {expected} (allowed {SPEC.range_text()})"


def test_a_quoted_number_keeps_the_plain_words() -> None:
    assert quoted_number("12") == "'12' is text; write a number without quotes"
    assert (quoted_number("true", "true or false")
            == "'true' is text; write true or false without quotes")
