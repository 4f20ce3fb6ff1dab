"""Pass 46 F5: a database whose path is longer than SQLite can open (its unix VFS keeps 512 bytes
for a path, "-journal" included: 504 bytes open, 505 do not) was called "damaged (unable to open
database file); rebuild it or restore a copy": false and dangerous advice (a rebuild throws away
saved scenarios and edits), also for the store ChipScope had just copied itself under a deep
CHIPSCOPE_HOME. A private copy in a temporary folder (TMPDIR) too deep was called read-only. Now
each names the path's length and the limit, and what to do (a shorter folder, CHIPSCOPE_HOME or
TMPDIR elsewhere); the store is not even made."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import StorageError, load_dataset
from tests.deal_edits import deals_db

LIMIT = 504


def _deep(base: Path, length: int, name: str = "") -> Path:
    """A folder (made) under ``base`` such that folder/name is ``length`` bytes long."""
    folder = base.resolve()
    need = length - len(str(folder)) - (len(name) + 1 if name else 0)
    while need > 0:
        step = min(200, need - 1)  # a separator, then the part's name
        if need - step - 1 == 1:  # one byte left could not hold a separator and a name
            step -= 1
        folder = folder / ("s" * step)
        need -= step + 1
    assert need == 0
    folder.mkdir(parents=True, exist_ok=True)
    assert len(str(folder / name if name else folder)) == length
    return folder


def _copy_to(db: Path, base: Path, length: int) -> Path:
    target = _deep(base, length, "c.db") / "c.db"
    shutil.copyfile(db, target)
    return target


def test_the_limit_is_where_sqlite_has_it(tmp_path: Path) -> None:
    db, _d0 = deals_db(tmp_path)
    assert load_dataset(_copy_to(db, tmp_path / "ok", LIMIT)).frames  # 504 bytes: read
    far = _copy_to(db, tmp_path / "far", LIMIT + 1)
    with pytest.raises(StorageError) as caught:
        load_dataset(far)
    assert str(caught.value) == (
        f"The database {far} cannot be opened: its path is too long ({LIMIT + 1} bytes; SQLite "
        f"can open paths of at most {LIMIT} bytes); use a folder with a shorter path (nothing "
        "was changed).")


@pytest.mark.parametrize("length", [530, 3845])
def test_a_long_db_path_is_not_called_damaged(tmp_path: Path, length: int,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db, _d0 = deals_db(tmp_path)
    far = _copy_to(db, tmp_path / "far", length)
    before = far.read_bytes()
    assert main(["run", "--db", str(far), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert f"its path is too long ({length:,} bytes; SQLite can open paths of at most" in err
    assert "damaged" not in err and "rebuild" not in err, err
    assert far.read_bytes() == before and sorted(os.listdir(far.parent)) == ["c.db"]


def test_a_deep_chipscope_home_names_the_length_and_makes_no_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = _deep(tmp_path, 512)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    status = main(["run", "--out", str(tmp_path / "r.csv")])
    err = capsys.readouterr().err
    assert "its path is too long (525 bytes; SQLite can open paths of at most 504 bytes); set " \
           "CHIPSCOPE_HOME to a folder with a shorter path" in err, err
    assert "damaged" not in err, err
    assert status in (0, 2)  # read the bundled data instead, or refused: never "damaged"
    assert list(home.iterdir()) == []  # no store made that could never be opened


def test_data_build_refuses_a_path_sqlite_cannot_open(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _db, _d0 = deals_db(tmp_path)
    folder = _deep(tmp_path / "deep", 512)
    target = folder / "b.db"
    assert main(["data", "build", "--csv-dir", str(tmp_path / "csv"), "--out",
                 str(target)]) == 2
    err = capsys.readouterr().err
    assert f"Cannot build the database {target}: its path is too long (517 bytes" in err, err
    assert list(folder.iterdir()) == []


def test_a_private_copy_under_a_deep_tmpdir_names_tmpdir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _d0 = deals_db(tmp_path)
    deep_tmp = _deep(tmp_path / "tmp", 490)
    writer = sqlite3.connect(db)  # a log beside the file: it is read from a private copy
    try:
        writer.execute("PRAGMA journal_mode = WAL").fetchone()
        writer.execute("CREATE TABLE IF NOT EXISTS other_program (x)")
        writer.commit()
        assert Path(f"{db}-wal").exists()
        monkeypatch.setattr(tempfile, "tempdir", str(deep_tmp))
        with pytest.raises(StorageError) as caught:
            load_dataset(db)
    finally:
        writer.close()
    said = str(caught.value)
    assert f"in the temporary folder {deep_tmp} the copy's path is too long (" in said, said
    assert said.endswith("set TMPDIR to a folder with a shorter path (nothing was changed).")
    assert "read-only" not in said and "damaged" not in said
