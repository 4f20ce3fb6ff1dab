"""Pass 62 F4 (a, c): pass 61 F7's "chmod u+wx" for the database writers and the data folder
to be made. A command that writes ``--db`` (import-edits, drop-edit) whose database's folder
cannot be entered and is not writable either (mode 000) is told u+wx, one step (SQLite makes
its journal there), not the reader's u+x and then "is read-only"; a reader (run --db) keeps
u+x. A data folder (CHIPSCOPE_HOME) to be made in a folder of mode 000 is told u+wx for that
folder; one that can be entered but not written (u+x only) is told "chmod u+w"."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

WX = "make that folder accessible and writable (chmod u+wx) or choose another one"
X = "make that folder accessible (chmod u+x) or choose another one"


@pytest.fixture
def place(tmp_path: Path) -> Path:
    skip_unless_permission_bits_apply(tmp_path)
    shut = tmp_path / "shut"
    shut.mkdir()
    shutil.copy(paths.data_source_dir() / "chipscope.db", shut / "my.db")
    with open(paths.data_source_dir() / "chips.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["chip_id"] == "h100")
    row["memory_gb"] = "81" if row["memory_gb"] != "81" else "82"
    with open(tmp_path / "ic.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    return tmp_path


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _shut_then_follow(place: Path, *args: str):  # type: ignore[no-untyped-def]
    """``args`` on shut/my.db with shut of mode 000 (its refusal), then after the advice."""
    shut, db = place / "shut", place / "shut" / "my.db"
    before = _md5(db)
    shut.chmod(0)
    try:
        done = cli_without_dac("--db", "shut/my.db", *args, cwd=place)
        shut.chmod(0o300)  # what the advice says: chmod u+wx
        again = cli_without_dac("--db", "shut/my.db", *args, cwd=place)
    finally:
        shut.chmod(0o700)
    assert done.returncode == 2, done.stderr
    assert (f"The database shut/my.db cannot be written: its folder {shut} cannot be entered "
            f"(permission denied); {WX}; nothing was changed.") in done.stderr
    assert "u+x)" not in done.stderr
    return before, again


def test_import_edits_gets_u_wx_and_following_it_imports(place: Path) -> None:
    before, again = _shut_then_follow(place, "data", "import-edits", "ic.csv")
    assert again.returncode == 0, again.stderr
    assert "Imported 1 edit(s)" in again.stdout
    assert _md5(place / "shut" / "my.db") != before


def test_drop_edit_gets_u_wx_and_following_it_drops(place: Path) -> None:
    made = cli_without_dac("--db", "shut/my.db", "data", "import-edits", "ic.csv", cwd=place)
    assert made.returncode == 0, made.stderr
    _before, again = _shut_then_follow(place, "data", "drop-edit", "chips", "h100")
    assert again.returncode == 0, again.stderr
    assert "Dropped" in again.stdout


def test_a_reader_keeps_u_x(place: Path) -> None:
    shut = place / "shut"
    shut.chmod(0)
    try:
        done = cli_without_dac("--db", "shut/my.db", "run", "--out", "y.csv", cwd=place)
    finally:
        shut.chmod(0o700)
    assert done.returncode == 2, done.stderr
    assert (f"Cannot read the database shut/my.db: its folder {shut} cannot be entered "
            f"(permission denied); {X}.") in done.stderr
    assert "u+wx" not in done.stderr


def test_a_data_folder_to_be_made_in_a_shut_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    p000 = tmp_path / "p000"
    p000.mkdir()
    home = p000 / "h"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    p000.chmod(0)
    try:
        first = cli_without_dac("run", "--out", "x.csv", cwd=tmp_path)
        p000.chmod(0o100)  # u+x only: still not writable
        second = cli_without_dac("run", "--out", "x.csv", cwd=tmp_path)
        p000.chmod(0o300)  # u+wx, as the first Note says
        third = cli_without_dac("run", "--out", "x.csv", cwd=tmp_path)
    finally:
        p000.chmod(0o700)
    assert first.returncode == 0, first.stderr
    assert (f"Note: Cannot use the data folder {home}: the folder {p000} cannot be entered "
            f"(permission denied); {WX} (see CHIPSCOPE_HOME).") in first.stderr
    assert second.returncode == 0, second.stderr
    assert (f"Note: Cannot use the data folder {home} (it cannot be made in {p000}: read-only "
            "permissions); make that folder writable (chmod u+w) or choose another one (see "
            "CHIPSCOPE_HOME).") in second.stderr
    assert third.returncode == 0, third.stderr
    assert "Note:" not in third.stderr
    assert (home / paths.DB_FILENAME).is_file()
