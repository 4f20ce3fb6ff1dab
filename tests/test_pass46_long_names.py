"""Pass 46 F3: a database whose file name is 248-255 bytes. It is a legal name, but SQLite makes
its journal beside it as "<name>-journal" (8 bytes more, over the file system's 255), so every
write failed with SQLite's raw "could not be written (unable to open database file)", and
``data build`` made such a database happily ("Built ..."). Now ``data build`` refuses the name up
front, every write names the cause (the name is too long for SQLite's "-journal" beside it, at
most 247 bytes), reading still works, and the window's lock note says the lock's name is too
long instead of "the folder refuses it"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.cli import main
from tests.deal_edits import deals_db, edits_file, import_edits

LIMIT = 255 - len("-journal")  # 247 bytes on every Linux file system the tests run on


def _long_name(folder: Path, length: int) -> Path:
    return folder / ("d" * (length - 3) + ".db")


def _csv_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of CSV files for ``data build`` (and the small database built from it)."""
    db, _d0 = deals_db(tmp_path)
    return tmp_path / "csv", db


@pytest.mark.parametrize("length", [LIMIT + 1, 253, 255])
def test_data_build_refuses_a_name_without_room_for_the_journal(
        tmp_path: Path, length: int, capsys: pytest.CaptureFixture[str]) -> None:
    csv, _db = _csv_folder(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = _long_name(out_dir, length)
    assert main(["data", "build", "--csv-dir", str(csv), "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert (f"its file name is too long ({length} bytes; SQLite needs room for its "
            f"\"-journal\" file beside it: at most {LIMIT} bytes); give it a shorter name") \
        in err, err
    assert list(out_dir.iterdir()) == []  # nothing made


def test_data_build_takes_the_longest_name_that_leaves_room(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv, _db = _csv_folder(tmp_path)
    target = _long_name(tmp_path, LIMIT)
    status = main(["data", "build", "--csv-dir", str(csv), "--out", str(target)])
    assert status == 0, capsys.readouterr()
    assert target.is_file()


def test_a_write_to_such_a_database_names_the_length_and_reading_still_works(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    long_db = _long_name(tmp_path, 253)
    shutil.copyfile(db, long_db)  # made by another program, or by an older ChipScope
    before = long_db.read_bytes()
    edits = edits_file(tmp_path / "edits.csv", {**d0, "description": "changed by pass 46"})
    assert import_edits(edits, long_db) == 2
    err = capsys.readouterr().err
    assert "its file name is too long (253 bytes" in err, err
    assert "unable to open database file" not in err, err
    assert long_db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ddd")) \
        == [long_db.name]  # nothing left beside it
    assert main(["run", "--db", str(long_db), "--out", str(tmp_path / "r.csv")]) == 0
    assert long_db.read_bytes() == before
    assert import_edits(edits, db) == 0  # the same edit to a shorter name is taken


def test_the_window_lock_note_names_the_name_length(tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from chipscope.ui.scenarios.autosave_lock import _cause

    db = _long_name(tmp_path, 251)  # its ".lock" is 256 bytes
    assert _cause(db) == ("its name is too long: 256 bytes, where the folder's file system "
                          "allows at most 255; give the database a shorter name")
