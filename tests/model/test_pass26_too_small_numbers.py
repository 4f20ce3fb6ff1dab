"""Pass 26 (F5): the rule that a non-zero number too small for a float (``1e-400``) is refused
rather than read as 0 covered ``[assumptions]``, ``--set`` and sweep ``[grid]`` values but not
range bounds (``[ranges.x] low = 1e-400`` ran as a range from 0) nor a sweep's ``[sample] n``
(told "not 0.0" where the file says 1e-400). Now every number of a scenario file or sweep spec
is held to it, and the message names the line, the key and the number as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.scenario_checks import load_toml
from chipscope.model.text_rules import value_shown

RANGE = '[ranges.lock_in]\ndist = "uniform"\nlow = {low}\nhigh = {high}\n'


@pytest.mark.parametrize(("low", "high", "key", "line", "written"), [
    ("1e-400", "2", "low", 6, "1e-400"),
    ("0", "-1e-400", "high", 7, "-1e-400"),
    ("+1_0e-4_00", "2", "low", 6, "+1_0e-4_00")])
def test_a_range_bound_that_reads_as_0_is_refused_in_a_scenario_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], low: str, high: str, key: str,
        line: int, written: str) -> None:
    further = "larger value"  # pass 31: lock_in takes 0 to 5, so no "number further from 0"
    scenario = tmp_path / "s.toml"
    scenario.write_text("format_version = 1\n[assumptions]\nlock_in = 1.0\n"
                        + RANGE.format(low=low, high=high), encoding="utf-8")
    before = scenario.read_bytes()
    out = tmp_path / "o.csv"
    assert main(["run", "--scenario", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert (f"{scenario.name}: line {line}: ranges.lock_in.{key}: {written} is too small for a "
            f"number here (it would read as 0); write 0 or a {further}") in err
    assert err.count("\n") == 1
    assert not out.exists() and scenario.read_bytes() == before


@pytest.mark.parametrize(("spec", "said"), [
    ("[sample]\nn = 3\n" + RANGE.format(low="1e-400", high="1e-400"),
     "line 5: ranges.lock_in.low: 1e-400 is too small for a number here"),
    ("[sample]\nn = 1e-400\n" + RANGE.format(low="0", high="1"),
     "line 2: sample.n: 1e-400 is too small for a number here (it would read as 0); write a "
     "whole number from 1 to 100,000"),
    ("[grid]\nlock_in = [0.5, 1e-400]\n",
     "line 2: grid.lock_in: 1e-400 is too small for a number here (it would read as 0); write 0 "
     "or a larger value")])
def test_a_number_that_reads_as_0_is_refused_in_a_sweep_spec(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, said: str) -> None:
    path = tmp_path / "g.toml"
    path.write_text(spec, encoding="utf-8")
    out = tmp_path / "g.csv"
    assert main(["sweep", "--out", str(out), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: {said}" in err and "0.0" not in err
    assert not out.exists()


def test_zero_and_subnormal_bounds_are_still_taken(tmp_path: Path) -> None:
    from chipscope.model.scenario_checks import too_small_numbers  # new in pass 26

    text = ("format_version = 1\n# low = 1e-400 in a comment is no number\n[assumptions]\n"
            "lock_in = 1.0\n" + RANGE.format(low="0e-400", high="5e-324"))
    assert too_small_numbers(load_toml(text, "scenario file"), text) == []
    scenario = tmp_path / "s.toml"
    scenario.write_text(text, encoding="utf-8")
    assert main(["run", "--scenario", str(scenario), "--out", str(tmp_path / "o.csv")]) == 0


def test_a_toml_decimal_is_shown_as_written() -> None:
    doc = load_toml("n = 1e-400\nm = 2.50\n", "sweep spec")
    assert (value_shown(doc["n"]), value_shown(doc["m"])) == ("1e-400", "2.50")
