"""`chipscope market-check`: the CSV, the printed table, exit codes and bad reported rows."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.model.market_check import COLUMNS
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database

Capture = pytest.CaptureFixture[str]

REPORTED = """record_id,vendor_group,vendor_ids,year,metric,kind,period,period_months,period_note,value_usd,basis,comparison,comparable_fraction,fraction_derivation,source_id,confidence,notes
q_guide,Vendor 0,v0,2026,Revenue guidance,guidance,Q1 FY2027,3,"a quarter x 4",2500000000,"chips, networking",central,0.8,"compute share, test",synthetic,medium,
dc_2025,Vendors 0+1,v0+v1,2025,Data centre revenue,reported,FY2026,12,"fiscal year ~ CY2025",9000000000,"chips, networking",central,0.75,test,synthetic,high,
other,Vendor 2,v2,2025,Segment revenue,reported,FY2026,12,"fiscal year",1000000000,segment,context,,not compared,synthetic,low,
"""


def write_folder(folder: Path, reported: str | None = REPORTED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    if reported is not None:
        (folder / "reported.csv").write_text(reported, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "checked.db"
    build_database(write_folder(tmp_path / "csv"), path)
    return path


def _fails(argv: list[str], capsys: Capture, *words: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and "Traceback" not in err
    for w in words:
        assert w in err, err
    return err


def test_writes_the_csv_and_prints_a_table_with_units(db: Path, tmp_path: Path,
                                                      capsys: Capture) -> None:
    out = tmp_path / "check.csv"
    assert main(["market-check", "--db", str(db), "--out", str(out)]) == 0
    frame = pd.read_csv(out, comment="#")
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["record_id"]) == ["dc_2025", "other", "q_guide"]
    guide = frame.set_index("record_id").loc["q_guide"]
    assert guide["annual_usd"] == 1e10 and guide["comparable_usd"] == pytest.approx(8e9)
    printed = capsys.readouterr().out
    for words in ("Modelled $B", "Reported $B", "Comparable $B", "Gap %", "2026*",
                  "Q1 FY2027", "context: not compared", f"3 rows written to {out}"):
        assert words in printed, words


def test_stdout_gets_the_csv_and_stderr_the_table(db: Path, capsys: Capture) -> None:
    assert main(["market-check", "--db", str(db), "--out", "-"]) == 0
    captured = capsys.readouterr()
    frame = pd.read_csv(io.StringIO(captured.out), comment="#")
    assert len(frame) == 3
    assert "Gap %" in captured.err and "Modelled $B" in captured.err


def test_set_moves_the_projected_rows_only(db: Path, tmp_path: Path) -> None:
    runs = {}
    for level in (-40, 40):
        out = tmp_path / f"c{level}.csv"
        assert main(["market-check", "--db", str(db), "--out", str(out),
                     "--set", f"vendor.v0.price_level_pct={level}"]) == 0
        runs[level] = pd.read_csv(out, comment="#").set_index("record_id")["modelled_usd"]
    assert runs[-40]["q_guide"] != runs[40]["q_guide"]
    assert runs[-40]["dc_2025"] == runs[40]["dc_2025"]  # history does not move


def test_user_errors_exit_2(db: Path, tmp_path: Path, capsys: Capture) -> None:
    _fails(["market-check", "--db", str(db), "--out", str(tmp_path / "x.csv"),
            "--set", "vendor.v0.price_level_pct=900"], capsys, "--set", "price_level_pct")
    _fails(["market-check", "--db", str(db), "--out", str(tmp_path / "no" / "x.csv")],
           capsys, "Cannot write the CSV file", "does not exist; make it or choose another folder")
    assert main(["market-check", "--db", str(db)]) == 2  # --out is required
    capsys.readouterr()


def test_a_dataset_without_reported_figures_says_so(tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "plain.db"
    build_database(write_folder(tmp_path / "csv", reported=None), db)
    _fails(["market-check", "--db", str(db), "--out", str(tmp_path / "x.csv")], capsys,
           "no reported figures")


@pytest.mark.parametrize("old, new, column, words", [
    (",v0+v1,", ",v0+nobody,", "vendor_ids", "'nobody' is not a known vendor"),
    (",central,0.75,", ",central,,", "comparable_fraction", "needs the part of the figure"),
    (",central,0.75,", ",central,75,", "comparable_fraction", "outside [0, 1]"),
    (",2025,Data", ",20x5,Data", "year", "is not a number"),
])
def test_bad_reported_rows_name_file_line_and_column(tmp_path: Path, capsys: Capture,
                                                     old: str, new: str, column: str,
                                                     words: str) -> None:
    line = 3  # the header is line 1; dc_2025 is on line 3 (the quoted fields hold no newline)
    lines = REPORTED.splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    folder = write_folder(tmp_path / "csv", "\n".join(lines) + "\n")
    err = _fails(["data", "check", "--csv-dir", str(folder)], capsys)
    assert f"{folder / 'reported.csv'}, line {line}, column {column}" in err, err
    assert words in err
    _fails(["data", "build", "--csv-dir", str(folder), "--out", str(tmp_path / "x.db")], capsys,
           f"reported.csv, line {line}, column {column}")
