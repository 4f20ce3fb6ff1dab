"""`data check` catches everything `data build` would trip on (issue 10), on the real CSVs.

Ids and keys with spaces around them, years such as ``2022.0``, keys equal after normalisation,
non-finite numbers and ids a spreadsheet reads as a formula (or with '=' or '.', which break
assumption keys) are problems naming the file, line and column; check and build agree (exit 2),
and build never reaches the database's own constraints.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from chipscope.cli import main
from chipscope.model.dataset import Dataset, DatasetError
from chipscope.model.table_checks import coerce_table
from chipscope.storage import build_database, load_dataset
from chipscope.storage import repository as repository_module
from chipscope.storage.csv_source import validate_source
from chipscope.storage.schema import StorageError

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
Rows = list[list[str]]


@pytest.fixture
def real_csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    return folder


def _edit(folder: Path, table: str, change: Callable[[list[str], Rows], None]) -> Path:
    """Apply ``change(header, records)`` to ``<table>.csv`` (records without the header)."""
    path = folder / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, records = rows[0], rows[1:]
    change(header, records)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *records])
    return path


def _set(row: int, column: str, value: str) -> Callable[[list[str], Rows], None]:
    def change(header: list[str], records: Rows) -> None:
        records[row][header.index(column)] = value
    return change


def _append_copy(row: int, column: str, value: str) -> Callable[[list[str], Rows], None]:
    def change(header: list[str], records: Rows) -> None:
        new = list(records[row])
        new[header.index(column)] = value
        records.append(new)
    return change


def _both_refuse(folder: Path, capsys: Capture, *words: str) -> str:
    """`data check` and `data build` both exit 2 with one message holding ``words``; the
    database is not written."""
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
    assert not out.exists()
    assert errors[0] == errors[1]  # the same validation, the same words
    return errors[0]


def test_the_real_data_passes(real_csvs: Path, capsys: Capture) -> None:
    assert main(["data", "check", "--csv-dir", str(real_csvs)]) == 0
    assert main(["data", "build", "--csv-dir", str(real_csvs), "--out",
                 str(real_csvs.parent / "out.db")]) == 0


# 1-based line = record position + 2 (no multi-line records in these rows' files)
@pytest.mark.parametrize(("table", "column", "value", "words"), [
    ("vendors", "vendor_id", "nvidia ", "'nvidia ' has spaces around it"),
    ("vendors", "vendor_id", "NVIDIA", "duplicate key (vendor_id='NVIDIA'), repeats line 2"),
    ("vendors", "vendor_id", "\uff4e\uff56\uff49\uff44\uff49\uff41",  # fullwidth "nvidia"
     "repeats line 2"),
    ("chips", "chip_id", " a100", "' a100' has spaces around it"),
    ("history", "year", " 2022", "' 2022' has spaces around it"),
    ("history", "year", "2022.0", "'2022.0' is not a whole number written as digits"),
    ("history", "year", "02022", "duplicate key (year='02022', adopter_id='amazon', "
                                 "chip_id='a100'), repeats line 2"),
    ("history", "adopter_id", "amazon\t", "has spaces around it"),
    ("vendors", "vendor_id", "nvi\u200bdia", "invisible or control character U+200B"),
])
def test_keys_equal_after_normalisation(real_csvs: Path, capsys: Capture, table: str,
                                        column: str, value: str, words: str) -> None:
    path = _edit(real_csvs, table, _append_copy(0, column, value))
    n = path.read_text(encoding="utf-8").count("\n")  # the appended record's line
    _both_refuse(real_csvs, capsys, f"{path}, line {n}, column ", words)


@pytest.mark.parametrize("value", ["Infinity", "-inf", "nan", "1e999"])
@pytest.mark.parametrize(("table", "columns"), [
    ("deals", ("amount", "h100e_per_year")),  # passed check and build before, then ran empty
    ("chips", ("memory_gb",)),
    ("history", ("units_p95",)),
])
def test_non_finite_numbers(real_csvs: Path, capsys: Capture, value: str, table: str,
                            columns: tuple[str, ...]) -> None:
    for column in columns:
        path = _edit(real_csvs, table, _set(2, column, value))
    err = _both_refuse(real_csvs, capsys, f"{path}, line 4, column {columns[-1]}: {value!r}")
    assert "finite number" in err or "is not a number" in err


@pytest.mark.parametrize(("value", "words"), [
    ("=cmd|' /C calc'!A0", "starts with '=', which a spreadsheet reads as a formula"),
    ("+a100", "starts with '+'"),
    ("-a100", "starts with '-'"),
    ("@a100", "starts with '@'"),
    ("a100.sxm", "contains '.'; an id may not"),
    ("a100=x", "contains '='"),
])
def test_ids_spreadsheets_or_assumption_keys_would_misread(
        real_csvs: Path, capsys: Capture, value: str, words: str) -> None:
    path = _edit(real_csvs, "chips", _set(0, "chip_id", value))
    _both_refuse(real_csvs, capsys, f"{path}, line 2, column chip_id: ", words)


def test_every_kind_of_id_is_checked(real_csvs: Path, capsys: Capture) -> None:
    paths = [_edit(real_csvs, t, _set(0, c, "x.y")) for t, c in (
        ("sources", "source_id"), ("vendors", "vendor_id"), ("adopters", "adopter_id"),
        ("deals", "deal_id"), ("reported", "record_id"))]
    _both_refuse(real_csvs, capsys, *(f"{p}, line 2, column " for p in paths))


def test_repeated_line_is_the_file_line(real_csvs: Path, capsys: Capture) -> None:
    """The line a duplicate repeats is the file's line, past multi-line quoted fields."""
    _edit(real_csvs, "sources", _set(0, "citation", "two\nlines"))  # record 0: lines 2-3
    path = _edit(real_csvs, "sources", _append_copy(3, "citation", "copy"))
    last = path.read_text(encoding="utf-8").count("\n")  # the appended record's line
    err = _both_refuse(real_csvs, capsys)
    assert f"{path}, line {last}, column source_id: duplicate key" in err
    assert err.rstrip().endswith("repeats line 6")  # record 3 starts on line 6, not 5


def test_build_turns_a_refused_row_into_a_clear_error(
        real_csvs: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a check ever let a duplicate through, build names the file, line and column (exit
    2) instead of "unexpected IntegrityError", and writes nothing."""
    sound = validate_source

    def lenient(source: object) -> Dataset:
        dataset = sound(source)  # type: ignore[arg-type]
        frames = dict(dataset.frames)
        vendors = source.frames["vendors"]  # type: ignore[attr-defined]
        frames["vendors"] = coerce_table("vendors", pd.concat([vendors, vendors.iloc[[0]]],
                                                              ignore_index=True))
        return Dataset(frames)

    monkeypatch.setattr(repository_module, "validate_source", lenient)
    out = real_csvs.parent / "out.db"
    with pytest.raises(DatasetError) as info:
        build_database(real_csvs, out)
    [problem] = info.value.problems
    assert problem.startswith(f"{real_csvs / 'vendors.csv'}, line 13, column vendor_id: the "
                              "database refused the row (UNIQUE constraint failed")
    assert main(["data", "build", "--csv-dir", str(real_csvs), "--out", str(out)]) == 2
    assert "unexpected" not in capsys.readouterr().err
    assert not out.exists()


def test_database_with_a_non_finite_number_is_refused(real_csvs: Path, tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    db = tmp_path / "inf.db"
    build_database(real_csvs, db)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE deals SET amount = 1e999, h100e_per_year = 1e999 WHERE rowid = 1")
    with pytest.raises(StorageError, match=r"deals table, row 1, column amount: inf is not a "
                                           "finite number"):
        load_dataset(db)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_among_the_csvs_does_not_hang(real_csvs: Path, capsys: Capture) -> None:
    (real_csvs / "meta.csv").unlink()
    os.mkfifo(real_csvs / "meta.csv")
    _both_refuse(real_csvs, capsys, f"{real_csvs / 'meta.csv'}: it is a pipe (FIFO)")
