"""Pass 52 N4: a range bound (low, high, mode) or a sweep's [sample] n or seed written in quotes
was called "not a finite number" / "not a whole number", though it spells one. Now it gets the
words of a quoted assumption or grid value (one rule:
:func:`~chipscope.model.written_numbers.quoted_number`), the sample with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
RANGE = '[ranges.lock_in]\ndist = "{dist}"\nlow = {low}\nhigh = {high}\n'


@pytest.mark.parametrize(("dist", "low", "high", "mode", "said", "line"), [
    ("uniform", '"1"', "2", "", "range low '1'", 4),  # the field's own line (pass 61, m85)
    ("uniform", "1", '"2"', "", "range high '2'", 5),
    ("triangular", "1", "3", 'mode = "2"\n', "range mode '2'", 6),
])
def test_a_quoted_range_bound_is_text_not_a_non_number(
        dist: str, low: str, high: str, mode: str, said: str, line: int) -> None:
    text = "format_version = 2\n" + RANGE.format(dist=dist, low=low, high=high) + mode
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "s.toml")
    assert err.value.problems == [
        f"line {line}: lock_in: {said} is text; write a number without quotes"]


@pytest.mark.parametrize(("sample", "said"), [
    ('n = "10"', "n '10' is text; write a whole number without quotes"),
    ('n = 10\nseed = "7"', "seed '7' is text; write a whole number without quotes"),
])
def test_a_quoted_sample_number_is_text_at_its_line(sample: str, said: str) -> None:
    text = ('metrics = ["share"]\n[sample]\n' + sample + "\n"
            + RANGE.format(dist="uniform", low=1, high=2))
    line = 3 if sample.startswith('n = "') else 4
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(text, SPECS, "s.toml")
    assert str(err.value) == f"s.toml: line {line}: sample: {said}"


def test_the_cli_says_a_quoted_range_bound_is_text_with_exit_status_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.toml"
    written = ("format_version = 2\n" + RANGE.format(dist="uniform", low='"1"', high=2)).encode()
    scenario.write_bytes(written)
    out = tmp_path / "o.csv"
    assert main(["run", "--scenario", str(scenario), "--draws", "2", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "s.toml: line 4: lock_in: range low '1' is text; write a number without quotes" in err
    assert scenario.read_bytes() == written and not out.exists()
