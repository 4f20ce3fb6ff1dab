"""Pass 33 F1, F2: a sweep [sample] drawing only from its base scenario's ranges, and the
example a [grid] key given one value (not a list) is shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.sweep import SpecError, parse_sweep_spec, scenario_table
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.uncertainty import Range

Capture = pytest.CaptureFixture[str]
DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
BASE = SPECS.defaults()
BASE_ONLY = 'scenario = "base.toml"\n[sample]\nn = 4\nseed = 1\n'


# --- F1: the base scenario's ranges count ----------------------------------------------------
def test_a_sample_may_draw_only_from_the_base_scenarios_ranges() -> None:
    spec = parse_sweep_spec(BASE_ONLY, SPECS, "w.toml")
    keys, table = scenario_table(spec, DATASET, BASE,
                                 {"lock_in": Range("lock_in", "uniform", 1.0, 2.0)})
    assert keys == ("lock_in",) and table.shape == (4, 1)
    assert ((table >= 1.0) & (table <= 2.0)).all()


def test_no_ranges_in_the_spec_nor_its_base_names_both() -> None:
    spec = parse_sweep_spec(BASE_ONLY, SPECS, "w.toml")
    with pytest.raises(ValueError, match=r"^line 2: a sample needs ranges, and neither this "
                       r"spec nor its base scenario 'base.toml' has any: add \[ranges.KEY\]"):
        scenario_table(spec, DATASET, BASE, {})


def test_no_ranges_and_no_base_scenario_offers_all_three_ways() -> None:
    with pytest.raises(SpecError, match=r"^w.toml: line 1: a sample needs ranges: add "
                       r"\[ranges.KEY\] tables, defaults = true .*, or a base scenario"):
        parse_sweep_spec("[sample]\nn = 2\n", SPECS, "w.toml")


def _write(folder: Path, base: str, spec: str) -> Path:
    (folder / "base.toml").write_text(base, encoding="utf-8")
    (folder / "w.toml").write_text(spec, encoding="utf-8")
    return folder / "w.toml"


def test_cli_sample_from_the_base_ranges_runs(synthetic_db: Path, tmp_path: Path) -> None:
    spec = _write(tmp_path, 'format_version = 2\nname = "x"\n[ranges]\n'
                  'lock_in = {dist = "uniform", low = 1, high = 2}\n', BASE_ONLY)
    out = tmp_path / "o.csv"
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--workers", "1",
                 "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert frame["scenario_id"].nunique() == 4 and frame["lock_in"].between(1, 2).all()


@pytest.mark.parametrize(("base", "words"), [
    ('format_version = 2\n[ranges]\n"deal.d0.enabled" = {dist = "uniform", low = 0, '
     'high = 1}\n', ("base.toml", "deal.d0.enabled", "cannot carry a range")),
    ('format_version = 2\n[ranges]\nlock_in = {dist = "uniform", low = 1e-400, high = 1}\n',
     ("base.toml", "1e-400")),
    ('format_version = 2\nname = "x"\n', ("w.toml: line 2: a sample needs ranges",
                                          "base scenario 'base.toml' has any")),
])
def test_cli_the_base_is_checked_before_the_sample_is_refused(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, base: str,
        words: tuple[str, ...]) -> None:
    folder = tmp_path / "specs"
    folder.mkdir()
    spec = _write(folder, base, BASE_ONLY)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = folder / "o.csv"
    assert main(["sweep", str(spec), "--db", str(synthetic_db), "--workers", "1",
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    for w in words:
        assert w in err, err
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# --- F2: the example a single grid value is shown is one the key takes -----------------------
@pytest.mark.parametrize(("line", "example"), [
    ('"deal.d0.enabled" = true', "deal.d0.enabled must be a list of values, e.g. "
     "deal.d0.enabled = [true, false]"),
    ("bass_p = 0.01", "bass_p must be a list of values, e.g. bass_p = [0.01]"),
    ("lock_in = 3", "lock_in must be a list of values, e.g. lock_in = [3]"),
    ("bass_p = []", "bass_p lists no values; give at least one, e.g. bass_p = ["),
    ("bass_p = 5", "bass_p: 5 is out of range"),
])
def test_a_single_grid_value_gets_an_example_the_key_takes(line: str, example: str) -> None:
    with pytest.raises(SpecError) as err:
        parse_sweep_spec(f"[grid]\n{line}\n", SPECS, "g.toml")
    message = str(err.value)
    assert message.startswith("g.toml: line 2: grid: ")
    assert example in message
    if "e.g. " in message:  # the example itself is a grid the key takes
        shown = message.split("e.g. ", 1)[1]
        key, _, value = shown.partition(" = ")
        key = f'"{key}"' if "." in key else key
        spec = parse_sweep_spec(f"[grid]\n{key} = {value}\n", SPECS, "g.toml")
        assert len(spec.grid[key.strip('"')]) >= 1
