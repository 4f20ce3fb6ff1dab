"""``figure`` (a number as a reader writes it: 1,000,000; 2.5) lives with the other number
formatters in chipscope/model/formatting.py (moved from model/data_checks.py, pass 48 F4)."""

from __future__ import annotations

import math

from chipscope.model import formatting
from chipscope.model.data_checks import off_rule
from chipscope.model.formatting import figure


def test_figure() -> None:
    assert [figure(x) for x in (1e6, 3.5, 1234.5, 0.0001, -2.0)] == [
        "1,000,000", "3.5", "1,234.5", "0.0001", "-2"]


def test_figure_exponent_only_past_the_readable_range() -> None:
    assert [figure(x) for x in (0.0, 2e15, 5e-7, math.inf, math.nan)] == [
        "0", "2e+15", "5e-07", "inf", "nan"]


def test_the_conversion_message_writes_numbers_through_it() -> None:
    assert off_rule(1e6, 2_500_000.0, 1e6, "units") == (
        "1,000,000 does not follow the conversion rule (2,500,000 from 1,000,000 units)")
    assert figure.__module__ == formatting.__name__
