"""Pass 16 (databases and faults, /work/pass16-db.md): a WAL-mode backup renamed over a database
that another program has open got that program's log played in (A2); the killed first save of a
copy was played into another copy restored there (A1); the sentence for a live log beside a
replaced file (D1); an append-only folder's "disk I/O error" (D2); a ``-shm`` or ``-wal`` called
a journal (E1)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from chipscope.storage.companions import odd_companion, odd_companion_words
from chipscope.storage.errors import SQLITE_IOERR_DELETE, write_failed
from chipscope.storage.files import FileRefused
from chipscope.storage.journal import journal_belongs
from chipscope.storage.recovery import journal_path, refuse_foreign_journal, wal_path
from chipscope.storage.repository import open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.schema import StorageError
from tests.other_program import other_program
from tests.storage.killed_save import kill_a_save

_WAL_PROGRAM = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE zz (x)"); c.execute("INSERT INTO zz VALUES (1)")  # in its log only
print("open", flush=True); sys.stdin.readline(); c.close()
"""


@contextmanager
def _wal_program(db: Path) -> Iterator[None]:
    """Another program with ``db`` open in WAL mode, one commit in its log, idle."""
    with other_program(_WAL_PROGRAM, str(db), ready="open"):
        yield


def _refusal(db: Path) -> str:
    with pytest.raises(FileRefused) as refused:
        refuse_foreign_journal(db)
    return str(refused.value)


LIVE = "is the log of another program that has this database open"


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="fcntl lock layout")
def test_a_wal_backup_renamed_over_a_database_another_program_has_open_is_refused(
        db: Path, tmp_path: Path) -> None:
    """A2: with another program holding the ``-shm``, the times were not looked at, and the
    old file's log was played into the restored backup (its edits lost)."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    with closing(sqlite3.connect(backup, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE kept (x)")
        conn.execute("PRAGMA journal_mode=WAL")
    with _wal_program(db):
        now = time.time_ns()
        os.utime(backup, ns=(now - 2 * 10**10, now - 2 * 10**10))  # the backup: made before
        os.utime(wal_path(db), ns=(now - 10**10, now - 10**10))  # the log: written after it
        os.rename(backup, db)  # the restore: the file's ctime moves, its mtime does not
        restored = db.read_bytes()
        message = _refusal(db)
        assert LIVE in message and "move it away" not in message
        assert db.read_bytes() == restored


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="fcntl lock layout")
def test_a_copy_put_over_a_database_another_program_has_open_names_this_database(
        db: Path, tmp_path: Path) -> None:
    """D1: the copy is *this* file, which that program has open; "an earlier file" was wrong,
    and closing the program changes the copy back, so the user is told to check it."""
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(db, fresh)
    with _wal_program(db):
        shutil.copyfile(fresh, db)  # in place: the same inode
        message = _refusal(db)
        assert LIVE in message and "earlier file" not in message
        assert "check the file or restore it again" in message


def test_a_copys_killed_first_save_is_not_played_into_another_copy_restored_there(
        db: Path, tmp_path: Path) -> None:
    """A1: the first save of a file (no lineage row yet) journals no lineage value; another
    copy saved once and restored over it passed the header test, and lost its save."""
    other = tmp_path / "other.db"
    shutil.copyfile(db, other)
    kill_a_save(db, spill=True)
    assert b"csgen:" not in journal_path(db).read_bytes()
    save_scenario(other, "kept", "", {"lock_in": 1.0})
    shutil.copyfile(other, db)
    restored = db.read_bytes()
    assert journal_belongs(db) is False
    with pytest.raises(FileRefused):
        open_user_database(db)
    assert db.read_bytes() == restored


@pytest.mark.parametrize("written", [True, False], ids=["pages written", "file not written yet"])
def test_a_killed_first_save_still_rolls_back_on_its_own_file(
        db: Path, tmp_path: Path, written: bool) -> None:
    """A1's other side: the killed first save's own journal is still this file's."""
    untouched = tmp_path / "untouched.db"
    shutil.copyfile(db, untouched)
    kill_a_save(db, spill=True)
    if not written:
        shutil.copyfile(untouched, db)
    assert journal_belongs(db) is True
    open_user_database(db)
    assert not journal_path(db).exists()
    assert list_scenarios(db) == []
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_journal_sqlite_cannot_delete_names_the_folder(db: Path) -> None:
    """D2: in an append-only folder SQLite cannot delete its journal at the commit
    (SQLITE_IOERR_DELETE); the save said only "disk I/O error"."""
    failure = sqlite3.OperationalError("disk I/O error")
    failure.sqlite_errorcode = SQLITE_IOERR_DELETE  # type: ignore[attr-defined]
    failure.sqlite_errorname = "SQLITE_IOERR_DELETE"  # type: ignore[attr-defined]
    message = str(write_failed(db, failure))
    assert f"cannot delete its journal in the folder {db.resolve().parent}" in message
    assert "does not allow deleting files" in message and "disk I/O error" not in message


def test_an_append_only_folder_save_names_the_folder(db: Path, tmp_path: Path) -> None:
    """D2 for real where ``chattr +a`` works (root on a file system that has it)."""
    folder = tmp_path / "ap"
    folder.mkdir()
    target = folder / "a.db"
    shutil.copyfile(db, target)
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+a", str(folder)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +a is not available here")
    try:
        with pytest.raises(StorageError) as failed:
            save_scenario(target, "one", "", {"lock_in": 1.0})
    finally:
        subprocess.run(["chattr", "-a", str(folder)], check=True)
    # Since pass 18 the folder is named before SQLite writes a page (not after its commit).
    assert f"the folder {folder.resolve()} is append-only" in str(failed.value)
    assert "SQLite must delete its journal there" in str(failed.value)


@pytest.mark.parametrize(("suffix", "role"), [("-journal", "journal"),
                                              ("-wal", "write-ahead log"),
                                              ("-shm", "shared-memory index")])
def test_an_odd_companion_is_named_for_what_sqlite_uses_it_as(
        db: Path, suffix: str, role: str) -> None:
    """E1: a folder at ``-shm`` or ``-wal`` was called "the database's journal"."""
    companion = db.with_name(db.name + suffix)
    companion.mkdir()
    assert odd_companion(db) == companion
    assert f"(SQLite would open it as the database's {role})" in odd_companion_words(companion)
