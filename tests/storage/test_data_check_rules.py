"""`data check` applies the rules the next steps apply (pass 10: C5, C9, C14, C15).

- C5: the folder's calibration_targets.csv is checked with the reader ``calibrate`` uses (it
  passed check and build, then calibrate refused it); "inf" is "not a finite number" there too.
- C9: a non-ASCII id (an NFD "café", U+0131 U+0307) is refused by data check and import-edits:
  assumption keys are plain ASCII, so its assumptions could not be set.
- C14: range messages show the value as typed and say "below 0 (the least allowed)", not
  "outside [0, inf]"; an integer year is not shown as 99999999999.0.
- C15: sources' retrieved and url follow the edit checks' rules; meta needs a name.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.edit_checks import field_problems
from chipscope.model.edits import EditSource
from chipscope.model.synthetic import synthetic_frames
from chipscope.model.table_checks import check_table, date_problem, url_problem
from chipscope.storage import StorageError
from chipscope.storage.calibration_files import read_calibration_targets

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
Rows = list[list[str]]
SOURCE = EditSource("Example News", "https://example.com/a", "2026-01-30", "MIT")


@pytest.fixture
def real_csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    return folder


def _set(folder: Path, table: str, row: int, column: str, value: str) -> Path:
    """Set one cell of ``<table>.csv`` (``row`` 0 is the first record, on line 2)."""
    path = folder / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows: Rows = list(csv.reader(f))
    rows[row + 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return path


def _both_refuse(folder: Path, capsys: Capture, *words: str) -> str:
    """`data check` and `data build` both exit 2 naming ``words``; no database is written."""
    out = folder.parent / "out.db"
    errors = []
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(out)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.count("chipscope-cli: error:") == 1 and "unexpected" not in err, err
        for w in words:
            assert w in err, (w, err)
        errors.append(err)
    assert not out.exists() and errors[0] == errors[1]
    return errors[0]


# --- C5: the calibration targets beside the tables ---------------------------------------------
@pytest.mark.parametrize(("row", "column", "value", "words"), [
    (0, "units", "inf", "line 2, column units: 'inf' is not a finite number"),
    (0, "h100e", "-Infinity", "line 2, column h100e: '-Infinity' is not a finite number"),
    (1, "quarter", "5", "line 3, column quarter: '5' is not a quarter (1 to 4)"),
    (0, "vendor_id", "nobody", "line 2, column vendor_id: 'nobody' is not in the dataset"),
    (1, "year", "2025", "line 3, column year: 2025, but line 2 is for 2026; the targets are for "
                        "one year"),
])
def test_data_check_refuses_what_calibrate_refuses(real_csvs: Path, capsys: Capture, row: int,
                                                   column: str, value: str, words: str) -> None:
    path = _set(real_csvs, "calibration_targets", row, column, value)
    _both_refuse(real_csvs, capsys, f"{path}, {words}")
    # calibrate refuses the file with the same words (it did; data check passed it)
    assert main(["calibrate", "--targets", str(path), "--draws", "0", "--jobs", "1"]) == 2
    assert f"{path}, {words}" in capsys.readouterr().err


def test_calibrate_calls_inf_not_a_finite_number_too(real_csvs: Path) -> None:
    path = _set(real_csvs, "calibration_targets", 0, "units", "inf")
    with pytest.raises(StorageError, match=r"line 2, column units: 'inf' is not a finite number"):
        read_calibration_targets(path)


def test_a_folder_without_targets_is_still_checked(real_csvs: Path, capsys: Capture) -> None:
    (real_csvs / "calibration_targets.csv").unlink()
    assert main(["data", "check", "--csv-dir", str(real_csvs)]) == 0


def test_targets_are_checked_even_when_a_table_is_broken(real_csvs: Path,
                                                         capsys: Capture) -> None:
    chips = _set(real_csvs, "chips", 0, "tdp_w", "hot")
    targets = _set(real_csvs, "calibration_targets", 0, "units", "inf")
    _both_refuse(real_csvs, capsys, f"{chips}, line 2, column tdp_w",
                 f"{targets}, line 2, column units: 'inf' is not a finite number")


# --- C15: sources and meta follow the edit checks' rules ---------------------------------------
@pytest.mark.parametrize(("column", "value", "why"), [
    ("retrieved", "2025-13-45", "'2025-13-45' is not a date written YYYY-MM-DD"),
    ("retrieved", "2025-W01-1", "'2025-W01-1' is not a date written YYYY-MM-DD"),
    ("retrieved", "2999-01-01", "2999-01-01 is in the future"),
    ("url", "javascript:alert(1)",
     "'javascript:alert(1)' is not a web address starting http:// or https://"),
])
def test_sources_follow_the_rules_of_an_edits_source(real_csvs: Path, capsys: Capture,
                                                     column: str, value: str, why: str) -> None:
    path = _set(real_csvs, "sources", 1, column, value)
    _both_refuse(real_csvs, capsys, f"{path}, line 3, column {column}: {why}")
    fields = {"citation": "Example News", "url": "https://example.com/a",
              "retrieved": "2026-01-30", "licence": "MIT", column: value}
    assert EditSource(**fields).problems() == {column: f"{column}: {why}"}  # import-edits


@pytest.mark.parametrize("value", ["2026-01-30", " 2026-01-30", "undated",
                                   "undated (Feb 2026)", "undated (~Apr 2026)"])
def test_dates_both_accept(value: str) -> None:
    assert date_problem(value, today=date(2026, 2, 1)) is None
    assert "retrieved" not in EditSource("c", "https://e.com/a", value, "MIT").problems()


def test_an_empty_url_is_allowed_in_the_table_but_an_edits_source_needs_one() -> None:
    frame = synthetic_frames()["sources"]
    assert frame["url"].eq("").all() and check_table("sources", frame) == []
    assert url_problem("") is not None
    assert "url" in EditSource("c", "", "2026-01-30", "MIT").problems()


@pytest.mark.parametrize("text", ["key,value\n", "key,value\ndate,2026-05-10\nversion,1\n"])
def test_meta_without_a_name_is_refused(real_csvs: Path, capsys: Capture, text: str) -> None:
    meta = real_csvs / "meta.csv"
    meta.write_text(text, encoding="utf-8")
    _both_refuse(real_csvs, capsys, f"{meta}: key name: missing; add a row name,")


def test_meta_without_a_date_is_still_allowed(real_csvs: Path, capsys: Capture) -> None:
    (real_csvs / "meta.csv").write_text("key,value\nname,Mine\n", encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(real_csvs)]) == 0


# --- C9: ids are plain ASCII ------------------------------------------------------------------
NFD_CAFE = "cafe\u0301"
DOTTED = "a\u0131\u0307"


@pytest.mark.parametrize(("table", "column", "value", "char"), [
    ("chips", "chip_id", DOTTED, "U+0131 LATIN SMALL LETTER DOTLESS I"),
    ("adopters", "adopter_id", NFD_CAFE, "U+0301 COMBINING ACUTE ACCENT"),
    ("vendors", "vendor_id", "caf\u00e9", "U+00E9 LATIN SMALL LETTER E WITH ACUTE"),
])
def test_data_check_refuses_a_non_ascii_id(real_csvs: Path, capsys: Capture, table: str,
                                           column: str, value: str, char: str) -> None:
    path = _set(real_csvs, table, 0, column, value)
    _both_refuse(real_csvs, capsys, f"{path}, line 2, column {column}: ",
                 f"contains {char}; ids are plain ASCII (letters, digits, _ and -)")


def test_an_edit_refuses_a_non_ascii_id() -> None:
    """import-edits and the data editor check an added row with the same id rule."""
    fields = {"adopter_id": NFD_CAFE, "name": "Caf\u00e9 Lab", "kind": "AI lab",
              "derivation": "guess"}
    problems = field_problems("adopters", fields, SOURCE, "low")
    assert "U+0301 COMBINING ACUTE ACCENT" in problems["adopter_id"], problems
    assert "ids are plain ASCII" in problems["adopter_id"]


# --- C14: numbers in range messages ------------------------------------------------------------
@pytest.mark.parametrize(("table", "column", "value", "words"), [
    ("budgets", "budget_usd", "-1", "column budget_usd: -1 is below 0 (the least allowed)"),
    ("chips", "launch_year", "99999999999", "column launch_year: 99999999999 is outside "
                                            "[2000, 2040]"),
    ("deals", "start_fraction", "1.5", "column start_fraction: 1.5 is outside [0, 0.99]"),
    ("chips", "price_usd", "50", "column price_usd: 50 is outside [100, 10000000]"),
])
def test_range_messages_show_the_value_as_typed(real_csvs: Path, capsys: Capture, table: str,
                                                column: str, value: str, words: str) -> None:
    path = _set(real_csvs, table, 0, column, value)
    err = _both_refuse(real_csvs, capsys, f"{path}, line 2, {words}")
    assert "inf]" not in err and ".0 is" not in err


def test_a_typed_whole_number_from_a_database_is_shown_whole() -> None:
    chips = synthetic_frames()["chips"].astype(object)
    chips.loc[0, "launch_year"] = 99999999999.0  # as a database row reads back
    chips.loc[1, "tdp_w"] = -1.0
    problems = check_table("chips", pd.DataFrame(chips))
    assert "chips, line 2, column launch_year: 99999999999 is outside [2000, 2040]" in problems
    assert "chips, line 3, column tdp_w: -1 is outside [1, 100000]" in problems



def test_one_problem_in_a_database_names_the_database(tmp_path: Path, capsys: Capture) -> None:
    """Pass 10 re-check, D9: `data check --db` named the database for two problems and more,
    but printed one problem without it ("deals table, row 1, ...": which database?)."""
    import sqlite3

    db = tmp_path / "mine.db"
    shutil.copyfile(DATA / "chipscope.db", db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE deals SET amount = 'abc' WHERE rowid = (SELECT min(rowid) "
                     "FROM deals)")
    conn.close()
    assert main(["data", "check", "--db", str(db)]) == 2
    assert capsys.readouterr().err == (f"chipscope-cli: error: {db}: deals table, row 1, column "
                                       "amount: 'abc' is not a number\n")
