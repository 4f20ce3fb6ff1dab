"""The ``[ranges]`` part of a scenario file (format_version 2): the user's ranges on inputs.

::

    format_version = 2
    [assumptions]
    lock_in = 2.0

    [ranges.lock_in]                               # a bare key ...
    dist = "triangular"
    low = 1.0
    high = 4.0

    [ranges."vendor.amd.price_change_pct"]         # ... or a quoted dotted one
    dist = "normal"          # uniform, triangular (optional mode), normal, lognormal
    low = -30                # normal / lognormal: the 5th and 95th percentiles
    high = -5

An assumption without a range keeps its default range, if it has one
(:func:`chipscope.model.uncertainty.default_ranges`). Pure: no file I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chipscope.model.assumptions import SUGGESTED, AssumptionSpecs
from chipscope.model.scenario_checks import flat_keys, given_twice
from chipscope.model.toml_lines import KeyLines
from chipscope.model.toml_words import toml_key, toml_string
from chipscope.model.uncertainty import RANGE_FIELDS, Range, range_from_mapping, range_paths


def _is_leaf(table: Mapping[str, Any]) -> bool:
    """A range's own table (dist, low, high, ...) rather than a level of a nested key; a
    table as a field's value (``dist = {a = 1}``) is that field's wrong value, not a level."""
    return bool(table) and any(k in RANGE_FIELDS for k in table) and not any(
        isinstance(v, dict) for k, v in table.items() if k not in RANGE_FIELDS)


def _flatten(table: Mapping[str, Any], problems: list[str], lines: KeyLines
             ) -> dict[str, Mapping[str, Any]]:
    twice: list[str] = []
    flat = flat_keys(table, lambda v: not v or _is_leaf(v), twice)
    problems += [f"{lines.prefix('ranges.' + k)}ranges: {given_twice(k)}" for k in twice]
    out: dict[str, Mapping[str, Any]] = {}
    for full, value in flat.items():
        at = lines.prefix(f"ranges.{full}")
        if not isinstance(value, dict):
            problems.append(f"{at}ranges: {full!r} must be a table ([ranges.\"{full}\"] with "
                            "dist, low and high), not a single value")
        elif not value:
            problems.append(f"{at}ranges: {full!r} is an empty table (a range needs dist, low "
                            "and high; remove it for no range)")
        else:
            out[full] = value
    return out


def parse_ranges(raw: object, specs: AssumptionSpecs, problems: list[str], *,
                 shown: int = SUGGESTED, lines: KeyLines | None = None) -> dict[str, Range]:
    """The checked ranges of a scenario file's ``[ranges]`` table; each problem (one sentence
    naming the key and the cause, after "line N: " when ``lines``, the file's, tell
    it) is appended to ``problems``. An unknown key gets near-miss
    suggestions only while ``problems`` holds fewer than ``shown`` (the problems a message
    lists): difflib for each of 40,000 unknown keys took 12 s, for a count."""
    if not isinstance(raw, dict):
        problems.append("ranges must be a table ([ranges.KEY] with dist, low and high)")
        return {}
    lines = lines or KeyLines("")
    out: dict[str, Range] = {}
    for key, fields in _flatten(raw, problems, lines).items():
        try:
            out[key] = range_from_mapping(key, fields, specs, suggest=len(problems) < shown)
        except ValueError as exc:
            problems.append(lines.prefix(*range_paths(key, exc)) + str(exc))
    return out


def dump_ranges(ranges: Mapping[str, Range], specs: AssumptionSpecs) -> list[str]:
    """Scenario file lines for ``ranges``, in the specs' order (empty list: none)."""
    lines: list[str] = []
    for key in specs:
        r = ranges.get(key)
        if r is None:
            continue
        name = toml_key(key)
        lines += ["", f"# {specs[key].label} ({specs[key].unit or 'no unit'})",
                  f"[ranges.{name}]"]
        for field, value in r.to_mapping().items():
            text = toml_string(value) if isinstance(value, str) else repr(float(value))
            lines.append(f"{field} = {text}")
    return lines


def migrate_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no ranges: every input keeps its default range."""
    return {**doc, "format_version": 2}
