"""Scenario files with ranges (format_version 2): round trip, migration, and bad ranges."""

from __future__ import annotations

import tomllib

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import (
    FORMAT_VERSION,
    Scenario,
    ScenarioError,
    dump_scenario,
    parse_scenario,
)
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.uncertainty import Range

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, SPECS, source="bad.toml")
    return info.value.problems


def test_ranges_round_trip_through_a_file() -> None:
    s = Scenario("R", "with ranges", {"lock_in": 2.0}, {
        "lock_in": Range("lock_in", "triangular", 1.0, 4.0, 2.5, "user"),
        "vendor.v0.price_change_pct": Range("vendor.v0.price_change_pct", "normal", -30.0,
                                            -5.0, None, "analyst's guess"),
        "adopter.a0.base_demand_h100e": Range("adopter.a0.base_demand_h100e", "lognormal",
                                              1e3, 1.7e5, None, "user"),
    })
    text = dump_scenario(s, SPECS)
    assert tomllib.loads(text)["format_version"] == FORMAT_VERSION == 2
    back = parse_scenario(text, SPECS)
    assert back == s
    assert back.ranges["vendor.v0.price_change_pct"].source == "analyst's guess"


def test_a_scenario_without_ranges_is_still_written_as_version_1() -> None:
    text = dump_scenario(Scenario("Plain", "", {"lock_in": 2.0}), SPECS)
    assert tomllib.loads(text)["format_version"] == 1
    assert "[ranges" not in text


def test_version_1_files_load_with_no_ranges() -> None:
    s = parse_scenario('format_version = 1\nname = "Old"\n[assumptions]\nlock_in = 2\n', SPECS)
    assert s.values == {"lock_in": 2.0} and s.ranges == {}


def test_a_version_0_file_migrates_through_version_1() -> None:
    s = parse_scenario('format_version = 0\nname = "Older"\nlock_in = 1.5\n', SPECS)
    assert s.values == {"lock_in": 1.5} and s.ranges == {}


def test_nested_range_tables_are_the_same_as_quoted_keys() -> None:
    quoted = parse_scenario('format_version = 2\n[ranges."vendor.v0.price_change_pct"]\n'
                            'dist = "uniform"\nlow = -20\nhigh = 0\n', SPECS)
    nested = parse_scenario('format_version = 2\n[ranges.vendor.v0.price_change_pct]\n'
                            'dist = "uniform"\nlow = -20\nhigh = 0\n', SPECS)
    assert quoted.ranges == nested.ranges
    assert quoted.ranges["vendor.v0.price_change_pct"].low == -20.0


@pytest.mark.parametrize(("body", "problem"), [
    ('[ranges.lock_in]\ndist = "uniform"\nlow = 3\nhigh = 1\n',
     "line 2: lock_in: range low 3 is above its high 1"),
    ('[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 9\n',
     "line 5: lock_in: range high 9 is outside the assumption's bounds (0 to 5)"),
    ('[ranges.lock_in]\ndist = "gamma"\nlow = 1\nhigh = 2\n',
     "line 3: lock_in: unknown distribution 'gamma' (allowed uniform, triangular, normal, "
     "lognormal)"),
    ('[ranges.lock_inn]\ndist = "uniform"\nlow = 1\nhigh = 2\n',
     "line 2: ranges: unknown assumption 'lock_inn'; did you mean lock_in?"),
    ('[ranges]\nlock_in = 3\n', "line 3: ranges: 'lock_in' must be a table"),
    ('[ranges.lock_in]\ndist = "uniform"\nlow = 1\n', "line 2: lock_in: the range has no 'high'"),
    ('[ranges."deal.d0.enabled"]\ndist = "uniform"\nlow = 0\nhigh = 1\n',
     "line 2: deal.d0.enabled: cannot carry a range (a switch)"),
])
def test_bad_ranges_get_one_sentence_naming_the_key(body: str, problem: str) -> None:
    [got] = _problems("format_version = 2\n" + body)
    assert got.startswith(problem)


def test_a_range_in_a_version_1_file_is_migrated_not_refused() -> None:
    # version 1 never had ranges, but a hand-edited one with a [ranges] table still loads
    s = parse_scenario('format_version = 1\n[ranges.lock_in]\ndist = "uniform"\nlow = 1\n'
                       'high = 2\n', SPECS)
    assert s.ranges["lock_in"].high == 2.0


@pytest.mark.parametrize("first", [True, False])
def test_a_range_given_in_two_spellings_is_refused(first: bool) -> None:
    """Pass 11, D1: the later one silently won; [assumptions] already refused the same."""
    quoted = '[ranges."vendor.v0.price_change_pct"]\ndist = "uniform"\nlow = -10\nhigh = 0\n'
    nested = '[ranges.vendor.v0.price_change_pct]\ndist = "uniform"\nlow = -50\nhigh = -40\n'
    text = "format_version = 2\n" + (quoted + nested if first else nested + quoted)
    assert _problems(text) == ["line 2: ranges: vendor.v0.price_change_pct: given twice (once as a "
                               "dotted key, once in a table); keep one of the two spellings"]
