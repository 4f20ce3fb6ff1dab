"""`chipscope run` and `market-check` CSVs carry the metadata block; pandas loads them."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.model.export_meta import read_metadata


@pytest.fixture
def db(synthetic_db: Path) -> Path:
    return synthetic_db


def test_run_out_file_has_metadata(db: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "s.toml"
    scenario.write_text('format_version = 1\nname = "Sticky"\n[assumptions]\nlock_in = 2.5\n',
                        encoding="utf-8")
    out = tmp_path / "p.csv"
    assert main(["run", "--db", str(db), "--scenario", str(scenario), "--set",
                 "switching_speed=0.5", "--basis", "8bit", "--out", str(out)]) == 0
    meta = read_metadata(out.read_text(encoding="utf-8"))
    assert meta["dataset"] == "Synthetic dataset" and meta["dataset_date"] == "2026-01-01"
    assert meta["scenario"] == "Sticky + --set"
    assert meta["changed_assumptions"] == "lock_in=2.5; switching_speed=0.5"
    assert meta["compute_basis"].startswith("8bit")
    assert meta["exported_by"].startswith("ChipScope ")
    assert "12 significant digits" in meta["precision"]
    frame = pd.read_csv(out, comment="#")
    assert len(frame) > 0 and set(frame["basis"]) == {"8bit"}


def test_run_to_stdout_has_metadata(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--db", str(db), "--out", "-"]) == 0
    text = capsys.readouterr().out
    assert read_metadata(text)["scenario"] == "defaults"
    assert read_metadata(text)["changed_assumptions"] == "none (the defaults)"
    assert not pd.read_csv(io.StringIO(text), comment="#").empty


def test_market_check_has_metadata(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"  # the bundled dataset: the synthetic one reports nothing
    assert main(["market-check", "--set", "lock_in=2", "--out", str(out)]) == 0
    meta = read_metadata(out.read_text(encoding="utf-8"))
    assert meta["changed_assumptions"] == "lock_in=2" and meta["dataset_date"]
    assert not pd.read_csv(out, comment="#").empty
