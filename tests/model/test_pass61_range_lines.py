"""Fix m85 (A): a range's problem in a scenario file or sweep spec named the line of its
``[ranges."KEY"]`` header, not the line of the field at fault (``high = "x"``). Now the problem
names the field's own line (dist, low, high, mode, source or an unknown field); a missing field,
or a field whose line cannot be told (an inline table), keeps the header's line, never a wrong
one."""

from __future__ import annotations

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
KEY = "vendor.v0.price_change_pct"
SCENARIO_HEAD = 'format_version = 2\nname = "x"\n'  # the [ranges] header is line 3
SWEEP_HEAD = "sample.n = 4\n\n"  # the [ranges] header is line 3 too


def _range(**fields: str) -> str:
    """``[ranges."KEY"]`` (its line 1) with ``fields`` one a line, in order (line 2 on)."""
    return f'[ranges."{KEY}"]\n' + "".join(f"{k} = {v}\n" for k, v in fields.items())


GOOD = {"dist": '"uniform"', "low": "-20", "high": "-5", "source": '"mine"'}
BAD = [  # (field, its bad value, words of the problem)
    ("dist", '"wobbly"', "unknown distribution 'wobbly'"),
    ("dist", "3", "range dist 3 is not text"),
    ("low", '"x"', "range low"),
    ("low", "-900", "range low -900 is outside the assumption's bounds"),
    ("high", '"x"', "range high"),
    ("high", "900", "range high 900 is outside the assumption's bounds"),
    ("source", "7", "range source 7 is not text"),
    ("colour", '"red"', "unknown range field 'colour'"),
]


def _scenario_problem(text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, SPECS, "s.toml")
    [problem] = caught.value.problems
    return problem


def _sweep_problem(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_sweep_spec(text, SPECS, "s.toml")
    return str(caught.value).removeprefix("s.toml: ")


def _with(field: str, value: str) -> tuple[str, int]:
    """The range with ``field`` set to ``value`` (after the good fields, or in place of the
    good one) and the line (within the range, header 1) that writes it."""
    fields = dict(GOOD)
    fields[field] = value
    return _range(**fields), list(fields).index(field) + 2


@pytest.mark.parametrize(("field", "value", "words"), BAD)
def test_a_scenario_range_problem_names_its_field_line(field: str, value: str,
                                                         words: str) -> None:
    body, at = _with(field, value)
    problem = _scenario_problem(SCENARIO_HEAD + body)
    assert problem.startswith(f"line {at + 2}: {KEY}: "), problem
    assert words in problem


@pytest.mark.parametrize(("field", "value", "words"), BAD)
def test_a_sweep_range_problem_names_its_field_line(field: str, value: str,
                                                    words: str) -> None:
    body, at = _with(field, value)
    problem = _sweep_problem(SWEEP_HEAD + body)
    assert problem.startswith(f"line {at + 2}: {KEY}: "), problem
    assert words in problem


def test_the_example_of_the_report_names_the_line_of_high() -> None:
    text = ('format_version = 2\nname = "x"\n\n[ranges."vendor.v0.price_change_pct"]\n'
            'dist = "uniform"\nlow = 50\nhigh = "x"\n')
    assert _scenario_problem(text).startswith("line 7: vendor.v0.price_change_pct: range high")


def test_a_mode_problem_names_the_line_of_mode() -> None:
    body = _range(dist='"uniform"', low="-20", high="-5", mode="-10")
    problem = _scenario_problem(SCENARIO_HEAD + body)
    assert problem.startswith(f"line 7: {KEY}: only a triangular range takes a mode")


@pytest.mark.parametrize("parse", [_scenario_problem, _sweep_problem])
def test_a_missing_field_names_the_header_line(parse: object) -> None:
    head = SCENARIO_HEAD if parse is _scenario_problem else SWEEP_HEAD
    problem = parse(head + _range(dist='"uniform"', low="-20"))  # type: ignore[operator]
    assert problem.startswith(f"line 3: {KEY}: the range has no 'high'")


@pytest.mark.parametrize("parse", [_scenario_problem, _sweep_problem])
def test_low_above_high_names_the_header_line(parse: object) -> None:
    head = SCENARIO_HEAD if parse is _scenario_problem else SWEEP_HEAD
    problem = parse(head + _range(dist='"uniform"', low="-5", high="-20"))  # type: ignore[operator]
    assert problem.startswith(f"line 3: {KEY}: range low -5 is above its high -20")


def test_a_field_in_an_inline_table_names_the_header_line_not_a_wrong_one() -> None:
    text = SCENARIO_HEAD + f'[ranges]\n"{KEY}" = {{dist = "uniform", low = -20, high = "x"}}\n'
    assert _scenario_problem(text).startswith(f"line 4: {KEY}: range high")


def test_a_field_through_dotted_keys_names_its_own_line() -> None:
    text = SCENARIO_HEAD + ('[ranges]\nlock_in.dist = "uniform"\nlock_in.low = 1\n'
                            'lock_in.high = 9\n')
    assert _scenario_problem(text).startswith("line 6: lock_in: range high 9 is outside")
