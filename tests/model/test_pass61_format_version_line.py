"""Pass 60 F6: a scenario file's format_version problems name their line, as its other
top-level problems do (KeyLines); a format_version 0 file with an [assumptions] or [ranges]
table is told that version 0 reads the assumptions at the top level."""

from __future__ import annotations

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, SPECS, "b4.toml")
    return caught.value.problems


@pytest.mark.parametrize(("written", "said"), [
    ('"1"', "line 2: format_version '1' is text; write a whole number without quotes"),
    ("1.5", "line 2: format_version must be a whole number, not 1.5 (write "
            "`format_version = 2`)"),
    ("[1]", "line 2: format_version must be a whole number, not [1] (write "
            "`format_version = 2`)"),
    ("true", "line 2: format_version must be a whole number, not true (write "
             "`format_version = 2`)"),
    ("3", "line 2: format_version 3 was written by a newer ChipScope; this version reads "
          "format_version 2 and older (update ChipScope)"),
    ("-1", "line 2: format_version -1 is not supported (this version reads 0, 1, 2)"),
])
def test_a_bad_format_version_names_its_line(written: str, said: str) -> None:
    assert _problems(f'# a comment\nformat_version = {written}\nname = "x"\n[assumptions]\n'
                     ) == [said]


def test_a_missing_format_version_has_no_line() -> None:
    assert _problems('name = "x"\n[assumptions]\n') == [
        "format_version is missing (add `format_version = 2` at the top)"]


def test_version_0_with_an_assumptions_table_says_version_0_is_the_cause() -> None:
    assert _problems('format_version = 0\nname = "x"\n\n[assumptions]\n') == [
        "line 4: [assumptions]: format_version 0 reads assumptions at the top level, with no "
        "[assumptions] table; write `format_version = 2` to use [assumptions]"]


def test_version_0_names_each_table_once() -> None:
    problems = _problems('format_version = 0\nname = "x"\n[assumptions]\nfoo = 1\nbar = 2\n'
                         '[ranges.x]\nlow = 1\n')
    assert problems == [
        "line 3: [assumptions]: format_version 0 reads assumptions at the top level, with no "
        "[assumptions] table; write `format_version = 2` to use [assumptions]",
        "line 6: [ranges]: format_version 0 reads assumptions at the top level, with no "
        "[ranges] table; write `format_version = 2` to use [ranges]"]
