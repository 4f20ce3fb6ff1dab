"""Pass 59. F3: the advice for a decimal comma or thousands separators gave ".5" for ",5",
which TOML rejects; every advised number is now one TOML and --set both read ("0.5").
F6: an escaped quote before the closing quotes of a basic string ended the string early in
the line scan, so a key below got a wrong line; escapes are skipped, and a key two lines claim
gets no line (never a wrong one). F7: a scenario file's unknown top-level key and its name or
description of the wrong type had no line, though a sweep spec's do."""

from __future__ import annotations

import re
import tomllib

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.param_specs import ParamSpec
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.toml_lines import key_lines
from chipscope.model.written_numbers import number_advice

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
SPEC = ParamSpec("demand_growth_pct", "Budget growth", "%/yr", -1e9, 1e9, 35, "Growth.")


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, SPECS, "s.toml")
    return caught.value.problems


@pytest.mark.parametrize(("text", "numbers"), [
    (",5", ["0.5"]), ("-,5", ["-0.5"]), ("+,5", ["+0.5"]), ("00,5", ["0.5"]),
    ("0,5", ["0.5"]), ("1,000", ["1000", "1.000"]), ("0,500", ["500", "0.500"]),
    ("012,345", ["12345", "12.345"]), ("+1,000,000", ["+1000000"]), ("1 000.5", ["1000.5"]),
    ("-1.000,25", ["-1000.25"]), ("0.000,5", ["0.5"]),
])
def test_every_advised_number_is_read_by_toml_and_set(text: str, numbers: list[str]) -> None:
    advice = number_advice(text)
    assert advice is not None
    advised = re.findall(r"(?:: |, or )([^ ,]+)", advice)
    assert advised == numbers
    for number in advised:
        assert tomllib.loads(f"x = {number}")["x"] == float(number)
        assert SPEC.parse(number) == float(number)


def test_a_scenario_files_decimal_comma_advice_can_be_pasted() -> None:
    problems = _problems('format_version = 1\nname = "x"\n[assumptions]\n'
                         'demand_growth_pct = ",5"\n')
    assert len(problems) == 1 and problems[0].endswith(
        "and write the decimal comma as a point: 0.5 (allowed -50 to 300 %/yr)"), problems


def test_an_escaped_quote_before_closing_quotes_keeps_the_lines() -> None:
    text = ('format_version = 1\nname = "x"\ndescription = """x \\""" \n[assumptions]\n'
            'lock_in = 4\n"""\n[assumptions]\nlock_in = 99\n')
    problems = _problems(text)
    assert len(problems) == 1 and problems[0].startswith("line 8: lock_in: 99 is out of range")


@pytest.mark.parametrize(("text", "line"), [
    ('d = """x\\\\"""\nb = 1\n', 2),            # an escaped backslash: the quotes close
    ('d = "a\\"b"\nb = 1\n', 2),                # single-line, an escaped quote
    ('d = """a\nb""""\nb = 1\n', 3),            # a quote before the closing three
    ("d = '''a\\'''\nb = 1\n", 2),              # a literal string has no escapes
])
def test_strings_with_escapes_end_where_toml_ends_them(text: str, line: int) -> None:
    tomllib.loads(text)
    assert key_lines(text)["b"] == line


def test_a_key_two_lines_claim_gets_no_line() -> None:
    lines = key_lines("[a]\nx = 1\n[a]\nx = 2\ny = 3\n")
    assert "a.x" not in lines and "a" not in lines and lines["a.y"] == 5


@pytest.mark.parametrize(("text", "problem"), [
    ('format_version = 1\nname = "x"\nfoo = 1\n', "line 3: unknown top-level key 'foo'"),
    ("format_version = 1\n\nname = 7\n", "line 3: name must be a string in quotes, not a number"),
    ('format_version = 1\nname = "x"\ndescription = [1]\n',
     "line 3: description must be a string in quotes, not a list"),
    ('format_version = 1\n\nname = " "\n', "line 3: name must not be empty"),
])
def test_scenario_top_level_problems_name_their_line(text: str, problem: str) -> None:
    assert [p for p in _problems(text) if p.startswith(problem)], _problems(text)
