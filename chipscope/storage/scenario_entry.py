"""The one rule for a scenario ChipScope stores, saved or autosaved: its name (not empty, not
too long, no control or bidi character; NFC), its description (no control character: the file
it exports to must read back) and its values (finite numbers or NaN for "none", each named
when it is not)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from chipscope.model.scenario import clean_name, name_problem
from chipscope.model.text_rules import hidden_character, shortened


def values_json(values: Mapping[str, float]) -> str:
    out: dict[str, float | None] = {}
    for key, value in values.items():
        try:
            number = float(value)
        except (TypeError, ValueError):  # "abc", None: named, not Python's own words
            raise ValueError(f"{key}: {shortened(repr(value))} is not a number") from None
        if math.isinf(number):
            raise ValueError(f"{key}: {value!r} is not a finite number")
        out[str(key)] = None if math.isnan(number) else number
    return json.dumps(out, sort_keys=True, allow_nan=False)


def checked_name(name: str) -> str:
    if why := name_problem(name):  # empty, too long, control or bidi characters
        raise ValueError(f"name: {why}")
    return clean_name(name)  # NFC: one name however its accents were typed


def checked_entry(name: str, description: str, values: Mapping[str, float]) -> tuple[str, str]:
    """(NFC name, values as JSON) of a scenario to store, saved or autosaved alike; ValueError
    naming the field for a bad name, description (a control character: the file it exports
    to must read back) or value."""
    clean = checked_name(name)
    if why := hidden_character(description):
        raise ValueError(f"description: {why}")
    return clean, values_json(values)
