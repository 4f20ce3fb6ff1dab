"""`chipscope backtest` and `chipscope calibrate`: outputs, exit statuses, bad input."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from chipscope import cli_calibration
from chipscope.__main__ import main
from chipscope.model import backtest as bt
from chipscope.model import calibration as cal
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames
from chipscope.storage import build_database

Capture = pytest.CaptureFixture[str]
QUICK = cal.FitOptions(popsize=3, generations=3, polish_evaluations=20)


def _db(tmp_path: Path, **kwargs: int) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, frame in synthetic_frames(**kwargs).items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    path = tmp_path / "synthetic.db"
    build_database(folder, path)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return _db(tmp_path)


@pytest.fixture
def targets(tmp_path: Path) -> Path:
    path = tmp_path / "targets.csv"
    path.write_text("year,vendor_id,h100e,h100e_p5,h100e_p95,source_id,confidence\n"
                    "2026,v0,300,200,400,synthetic,medium\n2026,v1,100,50,200,synthetic,low\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cal, "FIT_OPTIONS", QUICK)
    monkeypatch.setattr(cal, "BOOTSTRAP_OPTIONS", QUICK)


def _fails(argv: list[str], capsys: Capture, *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("chipscope-cli: error:") == 1
    assert "Traceback" not in err and err.count("\n") == 1, err
    for w in words:
        assert w in err, err
    return err


# --- backtest -----------------------------------------------------------------------------
def test_backtest_writes_rows_and_prints_a_summary(db: Path, tmp_path: Path,
                                                   capsys: Capture) -> None:
    out = tmp_path / "bt.csv"
    assert main(["backtest", "--db", str(db), "--base-year", "2023", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == bt.COLUMNS
    assert sorted(frame["year"].unique()) == [2024, 2025]
    text = capsys.readouterr().out
    assert "base year 2023" in text and "2024-2025" in text and "reference price" in text
    for name in ("Vendor 0", "Vendor 1", "all vendors", "Overall: mean absolute share error"):
        assert name in text
    assert f"{len(frame)} rows written to {out}" in text


def test_backtest_to_stdout_and_markdown(db: Path, capsys: Capture) -> None:
    assert main(["backtest", "--db", str(db), "--base-year", "2024", "--out", "-",
                 "--markdown"]) == 0
    cap = capsys.readouterr()
    assert cap.out.splitlines()[0] == ",".join(bt.COLUMNS)
    assert "| vendor | share error (pp, mean abs) |" in cap.err
    assert "|---|---:|" in cap.err


def test_backtest_takes_scenario_and_set(db: Path, tmp_path: Path, capsys: Capture) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\nname = "S"\n[assumptions]\nswitching_speed = 0\n')
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["backtest", "--db", str(db), "--base-year", "2024", "--out", str(a),
                 "--scenario", str(scenario)]) == 0
    assert main(["backtest", "--db", str(db), "--base-year", "2024", "--out", str(b),
                 "--set", "switching_speed=1"]) == 0
    frozen, moved = pd.read_csv(a), pd.read_csv(b)
    assert not frozen["modelled_share_pct"].equals(moved["modelled_share_pct"])
    # kappa 0 keeps each adopter's 2024 mix; the market's modelled shares are the engine's.
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.engine import project

    ds = synthetic_dataset()
    a = AssumptionSpecs.for_dataset(ds).defaults().replace(
        {"base_year": 2024, "horizon_year": 2026, "switching_speed": 0})
    p = project(ds, a)
    mix = p.vendor_shares("h100e")[p.year_index(2025)] * 100
    for r in frozen.to_dict("records"):
        assert r["modelled_share_pct"] == pytest.approx(mix[ds.vendor_ids.index(r["vendor"])])


@pytest.mark.parametrize("year", ["2022", "2025", "2030"])
def test_backtest_impossible_base_year(db: Path, capsys: Capture, year: str) -> None:
    _fails(["backtest", "--db", str(db), "--base-year", year], capsys,
           f"base year {year} cannot be back-tested", "2023 to 2024")


def test_backtest_history_too_short(tmp_path: Path, capsys: Capture) -> None:
    db = _db(tmp_path, n_history_years=2)
    _fails(["backtest", "--db", str(db), "--base-year", "2023"], capsys, "too short")


def test_backtest_bad_set_and_unwritable_output(db: Path, tmp_path: Path,
                                                capsys: Capture) -> None:
    _fails(["backtest", "--db", str(db), "--base-year", "2023", "--set", "lock_in=99"],
           capsys, "lock_in")
    _fails(["backtest", "--db", str(db), "--base-year", "2023", "--out",
            str(tmp_path / "no" / "x.csv")], capsys, "Cannot write the CSV file",
           "does not exist; make it or choose another folder")


# --- calibrate ----------------------------------------------------------------------------
def test_calibrate_reports_stale_defaults(db: Path, targets: Path, capsys: Capture,
                                          quick: None) -> None:
    assert main(["calibrate", "--db", str(db), "--targets", str(targets)]) == 1
    cap = capsys.readouterr()
    assert cli_calibration.STALE in cap.err
    lines = cap.out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("parameter"))
    assert lines[header].split() == ["parameter", "fitted", "default", "fitted.py", "bounds"]
    assert {line.split()[0] for line in lines[header + 1:]} == set(cal.FITTED_KEYS)


def test_calibrate_agrees(db: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch,
                          quick: None) -> None:
    """Exit 0 when the fit, fitted.py and the defaults agree to the printed precision."""
    defaults = AssumptionSpecs.for_dataset(synthetic_dataset()).defaults()
    values = {k: defaults[k] for k in cal.FITTED_KEYS}
    monkeypatch.setattr(cal, "fit", lambda *a, **k: cal.Fit(values, values, 0.1, 0.1, 1))
    monkeypatch.setattr(cli_calibration, "_shipped_fitted", lambda: values)
    assert main(["calibrate", "--db", str(db), "--no-targets"]) == 0
    assert "The shipped defaults are the fitted ones." in capsys.readouterr().out
    # fitted.py current, but the defaults not taken from it: stale too, and it says why.
    monkeypatch.setattr(cli_calibration, "_shipped_fitted",
                        lambda: {**values, "lock_in": 0.5})
    monkeypatch.setattr(cal, "fit", lambda *a, **k: cal.Fit(
        {**values, "lock_in": 0.5}, {**values, "lock_in": 0.5}, 0.1, 0.1, 1))
    assert main(["calibrate", "--db", str(db), "--no-targets"]) == 1
    assert "not taken from fitted.FITTED" in capsys.readouterr().err


def test_calibrate_write(db: Path, targets: Path, tmp_path: Path, capsys: Capture,
                         quick: None) -> None:
    out = tmp_path / "fitted.py"
    argv = ["calibrate", "--db", str(db), "--targets", str(targets), "--write", "--fitted",
            str(out), "--draws", "2", "--jobs", "1"]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert f"Wrote {out}." in text and "Bootstrap: 2 draws" in text
    assert text.splitlines()[2].split()[-3:] == ["p5", "p50", "p95"]
    spec = importlib.util.spec_from_file_location("fitted_test", out)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.FITTED) == set(cal.FITTED_KEYS) == set(module.RANGES)
    assert module.DRAWS == 2 and module.ERROR >= 0
    first = out.read_text(encoding="utf-8")
    assert main(argv) == 0  # deterministic: the same text again
    assert out.read_text(encoding="utf-8") == first


def test_calibrate_will_not_overwrite_a_foreign_file(db: Path, tmp_path: Path, capsys: Capture,
                                                     quick: None) -> None:
    out = tmp_path / "fitted.py"
    out.write_text("# hand-written\n", encoding="utf-8")
    _fails(["calibrate", "--db", str(db), "--no-targets", "--write", "--fitted", str(out),
            "--draws", "1", "--jobs", "1"], capsys, "(it lacks its header)")
    assert out.read_text(encoding="utf-8") == "# hand-written\n"


def test_calibrate_bad_input(db: Path, tmp_path: Path, capsys: Capture) -> None:
    bad = tmp_path / "t.csv"
    bad.write_text("year,vendor_id,h100e,source_id,confidence\n2026,v0,1,nowhere,low\n")
    _fails(["calibrate", "--db", str(db), "--targets", str(bad)], capsys,
           str(bad), "line 2, column source_id")
    _fails(["calibrate", "--db", str(db)], capsys, "'nvidia' is not in the dataset")
    _fails(["calibrate", "--db", str(db), "--write", "--draws", "0"], capsys, "--draws")
    (tmp_path / "short").mkdir()
    short = _db(tmp_path / "short", n_history_years=2)
    _fails(["calibrate", "--db", str(short), "--no-targets"], capsys, "too short")


def test_calibrate_stale_advice_repeats_the_database_and_targets_fitted(
        db: Path, targets: Path, capsys: Capture, quick: None) -> None:
    """m77: pasted without them, calibrate --write would fit other data (the default database
    and the bundled targets) than the fit this verdict is about."""
    import shlex

    assert main(["calibrate", "--db", str(db), "--targets", str(targets)]) == 1
    err = capsys.readouterr().err
    assert (f"{cli_calibration.STALE} --db {shlex.quote(str(db))} --targets "
            f"{shlex.quote(str(targets))} (fitted.py differs in") in err, err
