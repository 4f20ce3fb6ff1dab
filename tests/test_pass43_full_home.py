"""Pass 43 F4: CHIPSCOPE_HOME on a full disk with no chipscope.db yet. Making the user's
database from the bundled one failed, and the note (CLI) and the window said "Could not write
the database HOME/chipscope.db (No space left on device). ChipScope keeps your own database in
the folder the CHIPSCOPE_HOME variable names: set it to a folder ChipScope can write to." The
folder is writable; its disk is full. Now the sentence says so and to free space, as every other
full-disk case does (a disk without free inodes: to delete files); nothing is left behind.

The full disk is an fsync refused with ENOSPC (as in tests/test_cli_writes.py); no free inodes
is a temporary file refused with ENOSPC where statvfs counts no free file left."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from chipscope.cli import main
from chipscope.storage import DatabaseFull, files, open_user_database

CHOOSE = "(or set CHIPSCOPE_HOME to a folder on another disk)"
FULL = "could not be written because its disk is full; free some space on it " + CHOOSE
NO_INODES = ("could not be written because its disk can hold no more files (no free inodes, "
             "although bytes are free); delete some files on it " + CHOOSE)
READ_INSTEAD = "The bundled data were read instead (--db PATH reads another database)."


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(folder))
    return folder


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fsync fails as on a full disk (after the bytes went to the page cache)."""
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", fsync)


@pytest.fixture
def no_inodes(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk of ``home`` takes no new file: making one fails with ENOSPC, and statvfs
    counts files with none free (bytes are free)."""
    real_mkstemp, real_statvfs = tempfile.mkstemp, os.statvfs

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs.get("dir") or "") == home:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    def statvfs(path: Any) -> Any:
        st = real_statvfs(path)
        if Path(path) != home:
            return st
        return os.statvfs_result((st.f_bsize, st.f_frsize, st.f_blocks, st.f_bfree,
                                  st.f_bavail, 1000, 0, 0, st.f_flag, st.f_namemax))

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "statvfs", statvfs)


def _check(home: Path, err: str, cause: str) -> None:
    assert f"The database {home / 'chipscope.db'} {cause}." in err, err
    assert "ChipScope can write to" not in err and "No space left" not in err, err
    assert list(home.iterdir()) == []  # no database, no temporary file


def test_a_reading_command_on_a_full_disk_says_the_disk_is_full(
        home: Path, disk_full: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "diff"]) == 0
    out, err = capsys.readouterr()
    _check(home, err, FULL)
    assert err.startswith("Note: The database ") and err.rstrip().endswith(READ_INSTEAD), err
    assert "no data edits; the data are the bundled data." in out


def test_a_writing_command_on_a_full_disk_is_refused_saying_the_disk_is_full(
        home: Path, disk_full: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "drop-edit", "deals", "x"]) == 2
    err = capsys.readouterr().err
    _check(home, err, FULL)
    assert READ_INSTEAD not in err


def test_the_window_is_told_the_disk_is_full(home: Path, disk_full: None) -> None:
    """The window shows this sentence ("Cannot open the database: ...", ui.app)."""
    with pytest.raises(DatabaseFull) as caught:
        open_user_database()
    _check(home, str(caught.value), FULL)


def test_a_disk_without_free_inodes_says_so(
        home: Path, no_inodes: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: "Cannot use the data folder HOME (No space left on device); it must be a folder
    ChipScope can write to" (the write probe's refusal taken for the folder's)."""
    assert main(["data", "diff"]) == 0
    _check(home, capsys.readouterr().err, NO_INODES)
    assert main(["data", "drop-edit", "deals", "x"]) == 2
    _check(home, capsys.readouterr().err, NO_INODES)


def test_a_database_path_given_gets_no_chipscope_home_advice(
        tmp_path: Path, disk_full: None) -> None:
    db = tmp_path / "mine.db"
    with pytest.raises(DatabaseFull) as caught:
        open_user_database(db)
    assert str(caught.value) == (f"The database {db} could not be written because its disk is "
                                 "full; free some space on it.")
    assert not db.exists()
