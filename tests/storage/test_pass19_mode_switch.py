"""Pass 19 (D4): while another program switched the database between WAL and rollback mode, a
read now and then said "m.db-wal beside it was left by a crash of another copy of the database;
move it away" although that program was running (moving its log away would lose its commits):
the log was seen before that program deleted it and the header read after it rewrote it. The
crash sentence is now said only when the log stayed as it was and no other process holds a
lock on the file or its ``-shm``; these moments are made here without a race."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.storage import recovery
from chipscope.storage.errors import DatabaseBusy
from chipscope.storage.files import FileRefused
from chipscope.storage.recovery import refuse_foreign_journal, wal_path
from chipscope.storage.sqlite_locks import SHM_DMS_BYTE
from chipscope.storage.wal_file import shm_path
from tests.other_program import other_program

pytestmark = pytest.mark.skipif(sys.platform not in ("linux", "darwin"),
                                reason="fcntl lock layout")

_CRASH = """
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE zz (x)"); c.execute("INSERT INTO zz VALUES (1)")
os._exit(0)
"""
_LOCK = """
import fcntl, sys
f = open(sys.argv[1], "r+b")
fcntl.lockf(f, fcntl.LOCK_SH, 1, int(sys.argv[2]))
print("held", flush=True); sys.stdin.readline()
"""


def _with_crash_log(db: Path, tmp_path: Path) -> Path:
    """A copy of ``db`` (rollback mode, header 1/1) with a log of committed frames beside it
    that is another file's: what a reader sees once a switching program rewrote the header."""
    other = tmp_path / "other.db"
    shutil.copyfile(db, other)
    subprocess.run([sys.executable, "-c", _CRASH, str(other)], check=True, timeout=60)
    copy = tmp_path / "m.db"
    shutil.copyfile(db, copy)
    shutil.copyfile(wal_path(other), wal_path(copy))
    shm_path(copy).write_bytes(bytes(32768))
    return copy


def test_a_log_of_a_crash_is_still_called_one(db: Path, tmp_path: Path) -> None:
    copy = _with_crash_log(db, tmp_path)
    with pytest.raises(FileRefused, match="left by a crash of another copy"):
        refuse_foreign_journal(copy)


def test_a_program_seen_only_at_the_second_look_is_no_crash(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """That program let go of its locks for a moment at the first look, and holds its -shm's
    dead-man switch again at the next."""
    copy = _with_crash_log(db, tmp_path)
    real, calls = recovery.wal_holder, []

    def holder_missed_once(path: Path) -> tuple[int, bool] | None:
        calls.append(path)
        return None if len(calls) == 1 else real(path)

    monkeypatch.setattr(recovery, "wal_holder", holder_missed_once)
    with (other_program(_LOCK, str(shm_path(copy)), str(SHM_DMS_BYTE), ready="held"),
          pytest.raises(FileRefused) as refused):
        refuse_foreign_journal(copy)
    assert "crash" not in str(refused.value) and "move it away" not in str(refused.value)
    assert "log of another program that has this database open" in str(refused.value)


@pytest.mark.parametrize("byte", [120, 123], ids=["write lock", "a read mark"])
def test_any_lock_on_the_shm_means_no_crash(db: Path, tmp_path: Path, byte: int) -> None:
    copy = _with_crash_log(db, tmp_path)
    with (other_program(_LOCK, str(shm_path(copy)), str(byte), ready="held"),
          pytest.raises(DatabaseBusy, match="try again")):
        refuse_foreign_journal(copy)


def test_a_log_deleted_between_the_looks_is_no_crash(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program left WAL mode (deleting its log) between the look at the log and the look
    at the header: nothing is refused, the file is read as it is."""
    copy = _with_crash_log(db, tmp_path)
    real = recovery.wal_holder

    def leaves_wal_mode(path: Path) -> tuple[int, bool] | None:
        wal_path(path).unlink(missing_ok=True)
        return real(path)

    monkeypatch.setattr(recovery, "wal_holder", leaves_wal_mode)
    refuse_foreign_journal(copy)
    with sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
