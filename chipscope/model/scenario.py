"""Scenario files: a named set of assumption values as TOML text, and back. Pure: no file I/O.

A scenario file stores only the values that differ from the defaults::

    format_version = 1
    name = "Cheaper AMD"
    description = "AMD cuts prices 25 %/yr"

    [assumptions]
    demand_growth_pct = 50
    "vendor.amd.price_change_pct" = -25        # a quoted dotted key ...

    [assumptions.vendor.nvidia]                # ... or nested tables, flattened with "."
    supply_cap_h100e = "none"

Older layouts are migrated on reading (:data:`_MIGRATIONS`); a file from a newer ChipScope is
refused with a message saying so. ``docs/scenario-format.md`` documents the format.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from chipscope.model.arrays import same_value
from chipscope.model.assumptions import (
    Assumptions,
    AssumptionSpecs,
    ParamSpec,
    unknown_key_message,
)
from chipscope.model.file_kinds import (
    SCENARIO_KEYS,
    is_sweep_spec,
    mixed_file_given,
    sweep_spec_given,
)
from chipscope.model.formatting import capped
from chipscope.model.scenario_checks import MAX_NESTING as MAX_NESTING  # re-exported
from chipscope.model.scenario_checks import (
    TomlProblem,
    flat_keys,
    given_twice,
    load_toml,
    range_number,
    too_small_numbers,
)
from chipscope.model.scenario_checks import clean_name as clean_name  # re-exported
from chipscope.model.scenario_checks import name_problem as name_problem  # re-exported
from chipscope.model.scenario_ranges import dump_ranges, migrate_1_to_2, parse_ranges
from chipscope.model.text_rules import hidden_character, value_shown
from chipscope.model.toml_lines import KeyLines
from chipscope.model.toml_words import toml_key, toml_string
from chipscope.model.uncertainty import Range
from chipscope.model.written_numbers import quoted_number, type_name

FORMAT_VERSION = 2
"""The newest scenario format this ChipScope reads; it writes it for a scenario with ranges
(:mod:`chipscope.model.scenario_ranges`), and version 1 otherwise, which older versions read."""

TOP_LEVEL_KEYS = SCENARIO_KEYS

BOM = "\ufeff"


@dataclass(frozen=True, eq=False)
class Scenario:
    """A named set of assumption values (usually only those that differ from the defaults).

    ``values`` maps assumption keys to floats; NaN means "none" for optional assumptions.
    Equality treats NaN as equal to NaN.
    """

    name: str
    description: str = ""
    values: dict[str, float] = field(default_factory=dict)
    ranges: dict[str, Range] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.name == other.name and self.description == other.description
                and self.values.keys() == other.values.keys()
                and all(same_value(v, other.values[k]) for k, v in self.values.items())
                and self.ranges == other.ranges)

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def from_assumptions(cls, name: str, description: str, assumptions: Assumptions) -> Scenario:
        """The scenario holding what ``assumptions`` changed from the defaults."""
        return cls(name, description, assumptions.changed())

    def apply(self, base: Assumptions) -> Assumptions:
        """``base`` with this scenario's values; ValueError names every bad key or value."""
        return base.replace(self.values)


MAX_LISTED = 20
"""Problems listed in one message; the rest are counted."""


class ScenarioError(ValueError):
    """A scenario file cannot be used. ``problems`` lists each one, naming its key."""

    def __init__(self, source: str, problems: list[str], *, named: bool = False):
        self.source = source
        self.problems = problems
        self.named = named  # problems[0] is said of the file: "SOURCE is ..."
        if named:  # the one problem follows the file's name: "FILE is a sweep spec, ..."
            message = f"{source} is {problems[0]}"
        elif len(problems) == 1:
            message = f"{source}: {problems[0]}"
        else:
            message = f"{source} has {len(problems):,} problems:\n" + "\n".join(
                f"  - {p}" for p in capped(problems, MAX_LISTED))
        super().__init__(message)


# --- reading ----------------------------------------------------------------------------------
def parse_scenario(text: str, specs: AssumptionSpecs, source: str = "scenario.toml", *,
                   base: bool = False, db: object = None) -> Scenario:
    """Parse and validate a scenario file.

    Parameters
    ----------
    text : str
        The file's TOML text.
    specs : AssumptionSpecs
        The assumptions of the dataset the scenario is for.
    source : str
        How to name the file in messages; its stem is the name when the file has none.
    base : bool
        Whether the file is read as a sweep's base scenario (what a sweep spec given here is
        told to do).
    db : object
        The database the command was given (``--db``), named by a command the advice prints.

    Returns
    -------
    Scenario
        Name, description and the values the file sets (floats, NaN for "none").

    Raises
    ------
    ScenarioError
        (a ValueError) listing every problem: TOML syntax (with its line), a missing or
        unsupported ``format_version``, unknown keys, wrong types and out-of-range values.
    """
    try:
        doc = load_toml(text, "scenario file")
    except TomlProblem as exc:
        raise ScenarioError(source, [str(exc)]) from None
    if is_sweep_spec(doc):  # not "format_version is missing": adding it breaks the spec
        raise ScenarioError(source, [sweep_spec_given(source, base, db)], named=True)
    if mixed := mixed_file_given(doc, source, base, db):  # nor for a spec with a name beside
        raise ScenarioError(source, [mixed], named=True)
    if too_small := too_small_numbers(doc, text, _takes_number(doc, specs), specs):
        raise ScenarioError(source, too_small)
    written = doc
    lines = KeyLines(text)  # "line N: " of a key's problem
    doc = _upgrade(doc, source, lines.prefix("format_version"))
    problems: list[str] = []
    for key in doc:
        if key not in TOP_LEVEL_KEYS:
            problems.append(f"{lines.prefix(key)}unknown top-level key {key!r} (allowed: "
                            f"{', '.join(TOP_LEVEL_KEYS)}; assumption values go under "
                            "[assumptions])")
    name = _text_field(doc, "name", PurePath(source).stem or "Scenario", problems, lines)
    description = _text_field(doc, "description", "", problems, lines)
    raw = doc.get("assumptions", {})
    values: dict[str, float] = {}
    if not isinstance(raw, dict):
        problems.append(f"{lines.prefix('assumptions')}assumptions must be a table "
                        "([assumptions]), "
                        f"not {type_name(raw)}")
    else:
        twice: list[str] = []
        flat = flat_keys(raw, lambda v: v == {}, twice)
        top = "" if written.get("format_version") == 0 else "assumptions."  # where written
        said: set[str] = set()  # the tables format_version 0 does not read
        problems += [lines.prefix(top + k) + given_twice(k) for k in twice]
        for key, value in flat.items():
            if not top and (head := key.partition(".")[0]) in ("assumptions", "ranges"):
                if head not in said:  # once per table, at its header's line
                    said.add(head)
                    problems.append(lines.prefix(head) + _tables_in_version_0(head))
                continue
            if value == {}:  # [assumptions.adopter.typo] with nothing under it: not dropped
                problems.append(f"{lines.prefix(top + key)}{key}: an empty table, not a value "
                                "(give a number or remove it)")
                continue
            if key not in specs:  # near-miss suggestions only for the problems a message shows
                problems.append(lines.prefix(top + key) + unknown_key_message(
                    key, specs, suggest=len(problems) < MAX_LISTED))
                continue
            try:
                values[key] = specs[key].take(value)
            except ValueError as exc:
                problems.append(lines.prefix(top + key) + str(exc))
    ranges = parse_ranges(doc.get("ranges", {}), specs, problems, shown=MAX_LISTED,
                          lines=lines)
    if not problems:
        try:
            specs.defaults().replace(values)  # cross-key rules, e.g. horizon after base year
        except ValueError as exc:
            problems.append(str(exc))
    if not problems:  # a too-small number the checks above let through is never read as 0
        problems = too_small_numbers(written, text)
    if problems:
        raise ScenarioError(source, problems)
    return Scenario(name, description, values, ranges)


def _takes_number(doc: dict[str, Any], specs: AssumptionSpecs
                  ) -> Callable[[str, int], bool]:
    """Whether a key path of ``doc`` (as written, before :func:`_upgrade`), so many lists deep,
    is a number the file may set: an assumption's value or a range's low, high or mode, each
    one number (not in a list); at the top level for format_version 0, which put the
    assumptions there."""
    version = doc.get("format_version")
    top = type(version) is int and version == 0

    def takes(path: str, lists: int) -> bool:
        head, _, rest = path.partition(".")
        if top and head not in ("format_version", "name", "description"):
            head, rest = "assumptions", path
        return (lists == 0 and rest in specs if head == "assumptions"
                else head == "ranges" and range_number(rest, lists, specs))
    return takes


def _tables_in_version_0(head: str) -> str:
    """Why the [assumptions] or [ranges] table (``head``) of a format_version 0 file is
    refused: version 0 reads the assumptions at the top level (pass 60 F6)."""
    return (f"[{head}]: format_version 0 reads assumptions at the top level, with no [{head}] "
            f"table; write `format_version = {FORMAT_VERSION}` to use [{head}]")


def _upgrade(doc: dict[str, Any], source: str, at: str = "") -> dict[str, Any]:
    """``doc`` upgraded to the current format; ScenarioError for a format_version that is
    missing or not one this version reads, after ``at`` ("line N: " of format_version)."""
    version = doc.get("format_version")
    if version is None:
        raise ScenarioError(source, [
            f"format_version is missing (add `format_version = {FORMAT_VERSION}` at the top)"])
    if isinstance(version, str):  # "2": text to TOML, though it spells a number
        raise ScenarioError(source, [
            f"{at}format_version {quoted_number(version, 'a whole number')}"])
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioError(source, [f"{at}format_version must be a whole number, not "
                                     f"{value_shown(version)} (write `format_version = "
                                     f"{FORMAT_VERSION}`)"])
    shown = value_shown(version)  # never Python's words, even for a huge number
    if version > FORMAT_VERSION:
        raise ScenarioError(source, [
            f"{at}format_version {shown} was written by a newer ChipScope; this version reads "
            f"format_version {FORMAT_VERSION} and older (update ChipScope)"])
    if version not in _MIGRATIONS and version != FORMAT_VERSION:
        raise ScenarioError(source, [
            f"{at}format_version {shown} is not supported (this version reads "
            f"{', '.join(map(str, sorted([*_MIGRATIONS, FORMAT_VERSION])))})"])
    while version < FORMAT_VERSION:
        doc = _MIGRATIONS[version](doc)
        version += 1
    return doc


def _migrate_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 0 put assumption keys at the top level, next to name and description."""
    out: dict[str, Any] = {"format_version": 1}
    assumptions: dict[str, Any] = {}
    for key, value in doc.items():
        if key in ("name", "description"):
            out[key] = value
        elif key != "format_version":
            assumptions[key] = value
    out["assumptions"] = assumptions
    return out


_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_0_to_1, 1: migrate_1_to_2}
"""_MIGRATIONS[n] turns a version-n document into a version n + 1 document."""


def _text_field(doc: dict[str, Any], key: str, default: str, problems: list[str],
                lines: KeyLines) -> str:
    if key == "name" and key not in doc and name_problem(default):
        default = "Scenario"  # a file name with a control character: not the file's fault
    value = doc.get(key, default)
    if not isinstance(value, str):
        problems.append(f"{lines.prefix(key)}{key} must be a string in quotes, "
                        f"not {type_name(value)}")
        return default
    if key == "name" and not value.strip():
        problems.append(f"{lines.prefix(key)}name must not be empty")
    elif key == "name" and (why := name_problem(value)):
        problems.append(f"{lines.prefix(key)}name: {why}")
    elif key == "description" and (why := hidden_character(value)):
        problems.append(f"{lines.prefix(key)}description: {why}")
    return clean_name(value) if key == "name" else value


# --- writing ----------------------------------------------------------------------------------


def dump_scenario(scenario: Scenario, specs: AssumptionSpecs) -> str:
    """Scenario file text holding the values that differ from the defaults.

    ``parse_scenario(dump_scenario(s, specs), specs)`` equals ``s`` with its default-valued
    entries dropped: floats are written with ``repr``, which reads back bit for bit.

    Raises
    ------
    ValueError
        If the scenario holds a key ``specs`` does not know.
    """
    unknown = [k for k in scenario.values if k not in specs]
    if unknown:
        raise ValueError("; ".join(capped(
            [unknown_key_message(k, specs) for k in unknown[:MAX_LISTED]] + unknown[MAX_LISTED:],
            MAX_LISTED)))
    unknown = [k for k in scenario.ranges if k not in specs]
    if unknown:
        raise ValueError(f"ranges: {unknown_key_message(unknown[0], specs)}")
    version = FORMAT_VERSION if scenario.ranges else 1
    lines = [
        f"# ChipScope scenario (format_version {version}).",
        "# Only values that differ from the defaults are listed; every other assumption keeps",
        "# its default. `chipscope-cli assumptions` lists every key with its unit and bounds.",
        f"format_version = {version}",
        f"name = {toml_string(scenario.name)}",
        f"description = {toml_string(scenario.description)}",
        "",
        "[assumptions]",
    ]
    for key, spec in specs.items():
        if key not in scenario.values or same_value(scenario.values[key], spec.default):
            continue
        value = scenario.values[key]
        comment = f"{spec.label}: default {spec.format(spec.default)}, {spec.range_text()}"
        lines.append("# " + " ".join(comment.split()))
        lines.append(f"{toml_key(key)} = {_toml_value(spec, value)}")
    return "\n".join(lines + dump_ranges(scenario.ranges, specs)) + "\n"


def _toml_value(spec: ParamSpec, value: float) -> str:
    if spec.kind == "bool":
        return "true" if value else "false"
    if math.isnan(value):
        return '"none"'
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(float(value))
