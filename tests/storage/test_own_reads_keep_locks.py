"""ChipScope's own reads of the database file never drop this process's SQLite locks on it.

Closing any descriptor of a file drops every POSIX lock the process holds on it. ChipScope
read the header, the pages a journal is compared with and the private copy through
descriptors it then closed: another thread's read or save in the same program (a window's
autosave beside its worker's save) lost its lock, and another program could write the file
under the read, or beside the save (two writers: a damaged file)."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import check_database, inspect_database, load_dataset, read_connection
from chipscope.storage.database_file import read_database_head
from chipscope.storage.errors import StorageError, refuse_read_only
from chipscope.storage.recovery import journal_path

_OTHER = """\
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
try:
    conn.execute(sys.argv[2])
except sqlite3.OperationalError as exc:
    print(exc)
else:
    print("got it")
"""


def _another_program(db: Path, statement: str) -> str:
    """What another process's ``statement`` (a lock it asks for, without waiting) gets."""
    done = subprocess.run([sys.executable, "-c", _OTHER, str(db), statement],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


READS: dict[str, Callable[[Path, Path], object]] = {
    "load": lambda db, _tmp: load_dataset(db),
    "inspect": lambda db, _tmp: inspect_database(db),
    "data check": lambda db, _tmp: check_database(db),
    "header": lambda db, _tmp: read_database_head(db),
    "private copy": lambda db, tmp: read_connection.private_copy(db, tmp),
    "write check": lambda db, _tmp: refuse_read_only(db),  # every writer asks it first
}


@pytest.mark.parametrize("read", READS)
def test_a_read_here_keeps_another_thread_s_read_lock(db: Path, tmp_path: Path, read: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM chips").fetchone()  # its shared lock
        assert _another_program(db, "BEGIN EXCLUSIVE") == "database is locked"
        READS[read](db, tmp_path)
        # Before, the lock was gone: another program could write under the read.
        assert _another_program(db, "BEGIN EXCLUSIVE") == "database is locked"


@pytest.mark.parametrize("read", READS)
def test_a_read_here_keeps_another_thread_s_save_lock(db: Path, tmp_path: Path, read: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE chips SET name = name || ' (draft)'")  # a journal beside it now
        assert journal_path(db).exists()
        assert _another_program(db, "BEGIN IMMEDIATE") == "database is locked"
        # What a reader makes of a write in progress is not the point here.
        with contextlib.suppress(StorageError):
            READS[read](db, tmp_path)
        # Before, the lock was gone: a second writer beside the first.
        assert _another_program(db, "BEGIN IMMEDIATE") == "database is locked"
        writer.execute("ROLLBACK")
