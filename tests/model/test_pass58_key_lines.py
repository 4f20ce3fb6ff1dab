"""Fix m72 (E): a problem with a key's value in a scenario file or sweep spec named the key but
not its line ("r.toml: vendor.aws.price_level_pct: 900 is out of range ..."), though a number
too small and a TOML syntax error named theirs. Now each such problem starts with "line N: ",
the line that writes the key whatever its layout (quoted, dotted, under a table header);
a key that cannot be placed (inside an inline table) keeps the message without a line, never a
wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
HEAD = 'format_version = 2\nname = "x"\n'
OUT = "vendor.v0.price_change_pct: 900 is out of range"


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, SPECS, "s.toml")
    return caught.value.problems


def _spec_error(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        parse_sweep_spec(text, SPECS, "s.toml")
    return str(caught.value)


@pytest.mark.parametrize(("body", "line"), [
    ('[assumptions]\n"vendor.v0.price_change_pct" = 900\n', 4),  # quoted at the top
    ('[assumptions]\nlock_in = 1\nvendor.v0.price_change_pct = 900  # dotted\n', 5),
    ('[assumptions.vendor.v0]\n\nprice_change_pct = 900\n', 5),  # under a table header
    ('[assumptions.vendor]\nv0.price_change_pct = 900\n', 4),  # header and dotted
    ("[assumptions]\n'vendor.v0.price_change_pct'= 900\n", 4),  # literal quotes, no space
])
def test_a_value_problem_names_the_line_of_its_key(body: str, line: int) -> None:
    [problem] = _problems(HEAD + body)
    assert problem.startswith(f"line {line}: {OUT}")


def test_a_key_in_an_inline_table_gets_no_line_and_no_wrong_one() -> None:
    from chipscope.model.toml_lines import key_lines  # imported here: the fix's module

    text = HEAD + "[assumptions]\nvendor = {v0 = {price_change_pct = 900}}\n"
    [problem] = _problems(text)
    assert problem.startswith(OUT)
    assert "vendor.v0.price_change_pct" not in key_lines(text)


def test_a_key_written_in_a_multi_line_string_is_not_its_line() -> None:
    text = ('format_version = 2\ndescription = """\n[assumptions]\nlock_in = 9\n"""\n'
            "[assumptions]\nlock_in = 9\n")
    [problem] = _problems(text)
    assert problem.startswith("line 7: lock_in: 9 is out of range")


def test_two_problems_on_two_lines_and_an_unknown_key() -> None:
    text = HEAD + "[assumptions]\nlock_in = 9\nswitching_speed = 1.5\nbogus = 1\n"
    assert _problems(text) == [
        "line 4: lock_in: 9 is out of range (allowed 0 to 5)",
        "line 5: switching_speed: 1.5 is out of range (allowed 0 to 1)",
        "line 6: unknown assumption 'bogus'; `chipscope-cli assumptions` lists them"]


def test_text_and_whole_number_problems_name_their_lines() -> None:
    text = HEAD + '[assumptions]\nlock_in = "2"\nhorizon_year = 2030.5\n'
    problems = _problems(text)
    assert problems[0].startswith("line 4: lock_in: '2' is text; write a number")
    assert problems[1].startswith("line 5: horizon_year: 2030.5 must be a whole number")


def test_an_empty_table_and_a_key_given_twice_name_their_lines() -> None:
    text = (HEAD + '[assumptions]\n"vendor.v0.price_change_pct" = 1\n'
            "[assumptions.vendor.v0]\nprice_change_pct = 2\n[assumptions.adopter.typo]\n")
    assert _problems(text) == [
        "line 4: vendor.v0.price_change_pct: given twice (once as a dotted key, once in a "
        "table); keep one of the two spellings",
        "line 7: adopter.typo: an empty table, not a value (give a number or remove it)"]


def test_a_version_0_file_names_the_line_of_a_top_level_key() -> None:
    [problem] = _problems('format_version = 0\nname = "old"\nlock_in = 9\n')
    assert problem.startswith("line 3: lock_in: 9 is out of range")


@pytest.mark.parametrize(("body", "line"), [
    ('[ranges."vendor.v0.price_change_pct"]\ndist = "uniform"\nlow = 1\nhigh = 900\n', 6),
    ('[ranges]\nlock_in.dist = "uniform"\nlock_in.low = 1\nlock_in.high = 9\n', 6),
])
def test_a_range_problem_names_the_line_of_its_range(body: str, line: int) -> None:
    [problem] = _problems(HEAD + body)
    assert problem.startswith(f"line {line}: ") and "is outside the assumption's bounds" in problem


def test_a_sweep_grid_names_the_line_of_its_key_not_of_a_namesake() -> None:
    text = ('[grid.vendor.v0]\nprice_change_pct = [1]\n[grid.vendor.v1]\n'
            "price_change_pct = [900]\n")
    assert _spec_error(text).startswith(
        "s.toml: line 4: grid: vendor.v1.price_change_pct: 900 is out of range")
    dotted = "grid.vendor.v1.price_change_pct = [900]\n"
    assert _spec_error(dotted).startswith("s.toml: line 1: grid: vendor.v1.price_change_pct")


def test_a_sweep_sample_names_the_line_of_its_key() -> None:
    text = 'sample.n = 0\n[ranges.lock_in]\ndist = "uniform"\nlow = 1\nhigh = 2\n'
    assert _spec_error(text).startswith("s.toml: line 1: sample: n must be a whole number")


def test_the_cli_names_the_line_and_leaves_the_file_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "r.toml"
    scenario.write_bytes(b'format_version = 1\nname = "x"\n\n[assumptions]\n'
                         b'"vendor.aws.price_level_pct" = 900\n')
    before = scenario.read_bytes()
    out = tmp_path / "a.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    assert ("r.toml: line 5: vendor.aws.price_level_pct: 900 is out of range (allowed -90 to "
            "300 %)") in capsys.readouterr().err
    assert scenario.read_bytes() == before and not out.exists()
