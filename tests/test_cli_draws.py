"""`chipscope run --draws N`: percentile bands per year, vendor and measure (issue #12)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.ensemble import QUANTILES, run_ensemble
from chipscope.model.uncertainty import default_ranges
from chipscope.storage import open_user_database

PCT = [f"p{q}" for q in QUANTILES]
COLUMNS = ["year", "vendor", "is_history", "measure", "unit", "value", *PCT, "basis"]
Capture = pytest.CaptureFixture[str]


def _run(tmp_path: Path, name: str, *extra: str) -> pd.DataFrame:
    out = tmp_path / name
    assert main(["run", "--out", str(out), *extra]) == 0
    return pd.read_csv(out, comment="#")


def test_draws_write_tidy_percentile_bands(tmp_path: Path, capsys: Capture) -> None:
    frame = _run(tmp_path, "p.csv", "--draws", "64", "--seed", "5")
    assert list(frame.columns) == COLUMNS
    assert set(frame["measure"]) == {"share", "h100e", "units", "spend_usd"}
    assert (np.diff(frame[PCT].to_numpy(), axis=1) >= -1e-9).all()  # p5 <= ... <= p95
    share = frame[frame["measure"] == "share"]
    for _, year in share.groupby("year"):  # the medians of shares need not sum to 100,
        assert year["value"].sum() == pytest.approx(100.0)  # the single run's do
    future = share[~share["is_history"]]
    assert (future["p95"] - future["p5"]).max() > 1.0  # percentage points: a real band
    history = frame[frame["is_history"]]
    assert (history["p5"] == history["p95"]).all()  # no range on the history by default
    out = capsys.readouterr().out
    assert "64 draws (lhs, seed 5)" in out and "5-95 % band" in out


def test_the_bands_are_the_models_percentiles(tmp_path: Path) -> None:
    frame = _run(tmp_path, "p.csv", "--draws", "40", "--seed", "2", "--method", "sobol")
    dataset, _ = open_user_database()
    values = AssumptionSpecs.for_dataset(dataset).defaults()
    result = run_ensemble(dataset, values, default_ranges(dataset, values.specs, values), 40,
                          2, "sobol")
    row = frame[(frame["measure"] == "spend_usd") & (frame["vendor"] == "nvidia")
                & (frame["year"] == int(result.years[-1]))]
    v = result.vendor_ids.index("nvidia")
    np.testing.assert_allclose(row[PCT].to_numpy()[0], result.spend_usd[:, -1, v], rtol=1e-9)


def test_same_seed_same_file_other_seed_other_bands(tmp_path: Path) -> None:
    a = (tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv")
    for path, seed in zip(a, ("1", "1", "2"), strict=True):
        assert main(["run", "--draws", "30", "--seed", seed, "--out", str(path)]) == 0
    assert a[0].read_bytes() == a[1].read_bytes()
    assert a[0].read_bytes() != a[2].read_bytes()


def test_the_basis_applies_to_the_bands(tmp_path: Path) -> None:
    bf16 = _run(tmp_path, "a.csv", "--draws", "16")
    eight = _run(tmp_path, "b.csv", "--draws", "16", "--basis", "8bit")
    assert set(eight["basis"]) == {"8bit"}
    h = (bf16["measure"] == "h100e") & bf16["is_history"]
    assert not np.allclose(eight.loc[h, "p50"], bf16.loc[h, "p50"])  # other chips' factors


@pytest.mark.parametrize(("draws", "words"), [
    ("0", ["--draws: 0 is not from 1 to 100,000"]),
    ("-3", ["--draws: -3 is not from 1 to 100,000"]),
    ("ten", ["--draws: 'ten' is not a whole number"]),
    ("\uff11\uff16", ["is not a whole number: write it with ASCII digits 0-9 (it holds "
                      "U+FF11 FULLWIDTH DIGIT ONE)"]),  # full-width 16: named (pass 50, F6)
    ("1x", ["is not a whole number: write digits 0-9, with an optional sign and _ "
            "between digit groups (such as 32 or 1_000)"]),
    ("1_000_000_000", ["--draws: 1,000,000,000 is not from 1 to 100,000"]),
])
def test_bad_draw_counts_exit_2(draws: str, words: list[str], tmp_path: Path,
                                capsys: Capture) -> None:
    out = tmp_path / "p.csv"
    assert main(["run", "--draws", draws, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("error:") == 1
    assert err.startswith("chipscope-cli: error: --draws: ") and err.count("\n") == 1, err
    for w in words:
        assert w in err, err
    assert not out.exists()


def test_without_draws_run_is_unchanged_and_says_seed_has_no_effect(
        tmp_path: Path, capsys: Capture) -> None:
    frame = _run(tmp_path, "p.csv", "--seed", "3")
    assert list(frame.columns)[:4] == ["year", "adopter", "vendor", "chip"]
    assert "Note: --seed chooses the sample of --draws N and has no effect" in \
        capsys.readouterr().err


def test_a_scenario_files_ranges_join_the_defaults(tmp_path: Path, capsys: Capture) -> None:
    import dataclasses

    from chipscope.model.scenario import Scenario

    if "ranges" not in {f.name for f in dataclasses.fields(Scenario)}:
        pytest.skip("scenario files carry no ranges in this build (branch `ranges` adds them)")
    scenario = tmp_path / "wide.toml"
    scenario.write_text('format_version = 2\n[ranges."vendor.nvidia.price_level_pct"]\n'
                        'dist = "uniform"\nlow = -60\nhigh = 60\n', encoding="utf-8")
    plain = _run(tmp_path, "a.csv", "--draws", "64")
    wide = _run(tmp_path, "b.csv", "--draws", "64", "--scenario", str(scenario))

    def band(frame: pd.DataFrame) -> float:
        row = frame[(frame["measure"] == "share") & (frame["vendor"] == "nvidia")
                    & (frame["year"] == frame["year"].max())]
        return float(row["p95"].iloc[0] - row["p5"].iloc[0])

    assert band(wide) > band(plain) + 1.0  # percentage points
    dataset, _ = open_user_database()
    values = AssumptionSpecs.for_dataset(dataset).defaults()
    known = len(default_ranges(dataset, values.specs, values))
    assert f"of {known + 1} ranged assumptions" in capsys.readouterr().out

