"""Pass 37 F5: a file mixing a sweep spec with a scenario's ``[assumptions]`` (no
``format_version``) read as a scenario file is advised the way that keeps the assumption values
(move them to a scenario file the spec names by ``scenario = "FILE.toml"``), not only "remove
name, assumptions", which swept from the defaults; the sweep reader names every unknown
top-level key at once, with its line, and gives the same advice."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import FORMAT_VERSION, ScenarioError, parse_scenario
from chipscope.model.sweep import SpecError, parse_sweep_spec
from chipscope.model.synthetic import synthetic_dataset

Capture = pytest.CaptureFixture[str]
SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())
MX = 'name = "a"\nmetrics = ["share"]\n[grid]\nlock_in = [1, 2]\n[assumptions]\nbass_p = 0.02\n'
MOVE = (f'move name, assumptions to a scenario file (format_version = {FORMAT_VERSION}) named '
        'in mx 1.toml by scenario = "FILE.toml"')


def test_run_scenario_of_a_mix_with_assumptions_is_told_how_to_keep_them() -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(MX, SPECS, "ts/mx 1.toml")
    assert str(err.value) == (
        "ts/mx 1.toml is a mix of a sweep spec and a scenario file: it has the sweep spec keys "
        "metrics, grid beside name, assumptions; move metrics, grid to a sweep spec (a scenario "
        f"file has format_version, name and [assumptions]), or {MOVE} and run "
        "`chipscope-cli sweep 'ts/mx 1.toml' --out FILE.csv`"), str(err.value)
    assert "remove" not in str(err.value)


def test_a_mix_naming_its_base_is_told_to_move_them_into_it() -> None:
    text = 'scenario = "b.toml"\n' + MX
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "mx.toml")
    assert str(err.value).endswith(
        "or move name, assumptions into its base scenario b.toml and run "
        "`chipscope-cli sweep mx.toml --out FILE.csv`"), str(err.value)


@pytest.mark.parametrize("text", [
    'name = "a"\n[grid]\nlock_in = [1, 2]\n',                  # nothing to keep: remove it
    'name = "a"\n[grid]\nlock_in = [1, 2]\n[assumptions]\n',   # an empty [assumptions]
])
def test_a_mix_with_no_assumption_values_keeps_the_remove_advice(text: str) -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, SPECS, "mx.toml")
    assert "or remove name" in str(err.value), str(err.value)
    assert "FILE.toml" not in str(err.value)


def test_the_sweep_reader_names_all_unknown_keys_at_once() -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(MX, SPECS, "ts/mx 1.toml")
    assert str(err.value) == (
        "ts/mx 1.toml: unknown keys 'name' (line 1), 'assumptions' (line 5) (allowed: scenario, "
        f"metrics, grid, sample, ranges); {MOVE} to keep their values"), str(err.value)


def test_the_sweep_reader_keeps_its_one_key_message() -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec('metric = "x"\n[grid]\nlock_in = [1, 2]\n', SPECS, "s.toml")
    assert str(err.value) == ("s.toml: line 1: unknown key 'metric' (allowed: scenario, "
                              "metrics, grid, sample, ranges)"), str(err.value)


def _sweep(db: Path, spec: Path, out: Path, capsys: Capture) -> list[dict[str, str]]:
    code = main(["--db", str(db), "sweep", str(spec), "--workers", "1", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    with out.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_advice_followed_sweeps_from_the_assumption_values(synthetic_db: Path,
                                                               tmp_path: Path,
                                                               capsys: Capture) -> None:
    spec = tmp_path / "mx 1.toml"
    spec.write_text(MX, encoding="utf-8")
    out = tmp_path / "o.csv"
    for command in (["run", "--scenario", str(spec), "--out", str(out)],
                    ["sweep", str(spec), "--workers", "1", "--out", str(out)]):
        assert main(["--db", str(synthetic_db), *command]) == 2
        assert 'scenario = "FILE.toml"' in capsys.readouterr().err
    assert spec.read_text(encoding="utf-8") == MX
    assert not out.exists()
    (tmp_path / "FILE.toml").write_text(
        f'format_version = {FORMAT_VERSION}\nname = "a"\n[assumptions]\nbass_p = 0.02\n',
        encoding="utf-8")
    spec.write_text('scenario = "FILE.toml"\nmetrics = ["share"]\n[grid]\nlock_in = [1, 2]\n',
                    encoding="utf-8")
    kept = _sweep(synthetic_db, spec, out, capsys)
    spec.write_text('metrics = ["share"]\n[grid]\nlock_in = [1, 2]\n', encoding="utf-8")
    defaults = _sweep(synthetic_db, spec, out, capsys)
    assert len(kept) == len(defaults) > 0
    assert [r["value"] for r in kept] != [r["value"] for r in defaults]  # bass_p 0.02 used
