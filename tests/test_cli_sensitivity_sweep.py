"""`chipscope sensitivity` and `chipscope sweep`, in process, on a synthetic database."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from chipscope import cli_sweep
from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def _fails(argv: list[str], capsys: Capture, *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and err.count("\n") == 1, err
    for w in words:
        assert w in err, err
    return err


def test_sensitivity_writes_the_tornado(db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "t.csv"
    assert main(["sensitivity", "--db", str(db), "--metric", "share:v1:2029",
                 "--out", str(out)]) == 0
    frame = pd.read_csv(out, comment="#")
    assert frame.loc[0, "metric"] == "share:v1:2029" and frame.loc[0, "metric_unit"] == "%"
    assert list(frame["swing"]) == sorted(frame["swing"], reverse=True)
    assert frame["source"].notna().all()
    assert "Widest swings" in capsys.readouterr().out


def test_sensitivity_uses_the_scenario_ranges(db: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 2\n[ranges."vendor.v1.price_level_pct"]\n'
                        'dist = "uniform"\nlow = -50\nhigh = 50\n', encoding="utf-8")
    out = tmp_path / "t.csv"
    assert main(["sensitivity", "--db", str(db), "--metric", "h100e:v1:2029", "--scenario",
                 str(scenario), "--out", str(out)]) == 0
    row = pd.read_csv(out, comment="#").set_index("key").loc["vendor.v1.price_level_pct"]
    assert (row["value_low"], row["value_high"]) == pytest.approx((-45.0, 45.0))
    assert row["source"] == "user"


@pytest.mark.parametrize(("metric", "words"), [
    ("share:acme:2029", ("--metric", "unknown vendor 'acme'", "v0, v1")),
    ("size:v1:2029", ("unknown kind 'size'",)),
    ("share:v1:2039", ("2039 is outside the projection's years",)),
])
def test_sensitivity_bad_metric_exits_2(db: Path, tmp_path: Path, capsys: Capture,
                                        metric: str, words: tuple[str, ...]) -> None:
    _fails(["sensitivity", "--db", str(db), "--metric", metric, "--out",
            str(tmp_path / "t.csv")], capsys, *words)
    assert not (tmp_path / "t.csv").exists()


def test_a_bad_range_in_the_scenario_exits_2(db: Path, tmp_path: Path, capsys: Capture
                                            ) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 2\n[ranges.lock_in]\ndist = "uniform"\nlow = 4\n'
                        'high = 2\n', encoding="utf-8")
    _fails(["sensitivity", "--db", str(db), "--metric", "share:v1:2029", "--scenario",
            str(scenario), "--out", str(tmp_path / "t.csv")], capsys,
           "s.toml", "lock_in: range low 4 is above its high 2")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sweep_grid_writes_tidy_rows(db: Path, tmp_path: Path, workers: str) -> None:
    spec = tmp_path / "grid.toml"
    spec.write_text('metrics = ["share:v1:2029", "spend"]\n[grid]\nlock_in = [1, 2, 4]\n'
                    '"deal.d0.enabled" = [true, false]\n', encoding="utf-8")
    out = tmp_path / "r.csv"
    assert main(["sweep", str(spec), "--db", str(db), "--out", str(out),
                 "--workers", workers]) == 0
    frame = pd.read_csv(out, comment="#")
    assert list(frame.columns) == ["scenario_id", "lock_in", "deal.d0.enabled", "metric",
                                   "year", "vendor", "value"]
    assert frame["scenario_id"].nunique() == 6
    per_scenario = 1 + 4 * 5  # one share, spend of 4 vendors in 2026-2030
    assert len(frame) == 6 * per_scenario
    first = frame[(frame["scenario_id"] == 0) & (frame["metric"] == "share")]
    assert first["lock_in"].item() == 1 and first["year"].item() == 2029


def test_sweep_sample_with_a_base_scenario(db: Path, tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text('format_version = 1\n[assumptions]\nlock_in = 0.5\n',
                                        encoding="utf-8")
    spec = tmp_path / "s.toml"
    spec.write_text('scenario = "base.toml"\nmetrics = ["share:v0:2030"]\n[sample]\nn = 5\n'
                    'seed = 2\n[ranges.switching_speed]\ndist = "uniform"\nlow = 0.1\n'
                    'high = 0.2\n', encoding="utf-8")
    out = tmp_path / "r.csv"
    assert main(["sweep", str(spec), "--db", str(db), "--out", str(out), "--workers",
                 "1"]) == 0
    frame = pd.read_csv(out, comment="#")
    assert len(frame) == 5 and frame["switching_speed"].between(0.1, 0.2).all()


def test_sweep_spec_errors_exit_2(db: Path, tmp_path: Path, capsys: Capture) -> None:
    spec = tmp_path / "bad.toml"
    spec.write_text("[grid]\nlock_in = [1, 9]\n", encoding="utf-8")
    _fails(["sweep", str(spec), "--db", str(db), "--out", str(tmp_path / "r.csv")], capsys,
           "bad.toml: line 2: grid: lock_in: 9 is out of range")
    spec.write_text('scenario = "missing.toml"\n[grid]\nlock_in = [1]\n', encoding="utf-8")
    _fails(["sweep", str(spec), "--db", str(db), "--out", str(tmp_path / "r.csv")], capsys,
           "missing.toml")
    _fails(["sweep", str(spec), "--db", str(db), "--out", str(tmp_path / "r.csv"),
            "--workers", "0"], capsys, "--workers: 0 is not from 1 to 256")
    assert not (tmp_path / "r.csv").exists()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_only_on_a_terminal() -> None:
    tty, pipe = _Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = cli_sweep.Progress(4, stream)
        bar.update(2)
        bar.update(2)
        bar.close()
    assert "2/4 scenarios" in tty.getvalue() and "4/4 scenarios" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_sensitivity_variance_ranks_inputs(db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "v.csv"
    assert main(["sensitivity", "--db", str(db), "--metric", "share:v1:2029", "--method",
                 "variance", "--draws", "40", "--seed", "1", "--out", str(out)]) == 0
    frame = pd.read_csv(out, comment="#")
    assert list(frame["first_order_index"]) == sorted(frame["first_order_index"], reverse=True)
    assert frame["first_order_index"].between(0, 1).all() and (frame["n"] == 40).all()
    assert "first-order index" in capsys.readouterr().out
    _fails(["sensitivity", "--db", str(db), "--metric", "share:v1:2029", "--method",
            "variance", "--draws", "0", "--out", str(out)], capsys, "--draws: 0 is not from 32")
    assert main(["sensitivity", "--db", str(db), "--metric", "share:v1:2029", "--draws", "40",
                 "--out", str(out)]) == 0  # the tornado draws nothing: said, not ignored
    assert "Note: --draws applies to --method variance" in capsys.readouterr().err


def test_sweep_results_do_not_depend_on_the_workers(db: Path, tmp_path: Path) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text('metrics = ["share:v1:2029"]\n[sample]\nn = 12\nseed = 5\n'
                    'defaults = true\n', encoding="utf-8")
    texts = []
    for workers in ("1", "3"):
        out = tmp_path / f"r{workers}.csv"
        assert main(["sweep", str(spec), "--db", str(db), "--out", str(out), "--workers",
                     workers]) == 0
        texts.append(out.read_text(encoding="utf-8"))
    assert texts[0] == texts[1] and texts[0].count("\n") == 13
