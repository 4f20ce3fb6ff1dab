"""Pass 18 (databases, /work/pass18-db.md): a database that another program has open in WAL
mode. A WAL-mode backup restored with `cp -p` (same file, old mtime) was taken for a chmod and
the program's log was read over it (A1); its ``-shm`` deleted, it was taken for an
exclusive-mode program and a save went where its next commit overwrote it (A2); its shrinking
checkpoint was called a copy-over (D2); its ``-wal`` deleted, reads showed stale data and a
save failed with a bare "disk I/O error" (D4)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from chipscope.storage import wal_file
from chipscope.storage.files import FileRefused
from chipscope.storage.recovery import refuse_foreign_journal, wal_path
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.schema import StorageError
from chipscope.storage.wal_file import shm_path
from tests.other_program import other_program

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="fcntl lock layout, /proc")

_PROGRAM = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
if sys.argv[2] == "shrink":  # the file grows, then VACUUM shrinks it in the log
    c.execute("CREATE TABLE big (b)"); c.execute("INSERT INTO big VALUES (zeroblob(200000))")
    c.execute("DROP TABLE big"); c.execute("VACUUM")
else:
    c.execute("CREATE TABLE zz (x)"); c.execute("INSERT INTO zz VALUES (1)")
if sys.argv[2] != "write":
    c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
print("open", flush=True); sys.stdin.readline(); c.close()
"""
LIVE = "is the log of another program that has this database open"


@contextmanager
def _wal_program(db: Path, how: str) -> Iterator[None]:
    """Another program with ``db`` open in WAL mode, idle; ``how``: "write" (a commit in its
    log, no checkpoint), "checkpoint" (then checkpointed), "shrink" (a VACUUM that shrank the
    database, checkpointed: the file truncated)."""
    with other_program(_PROGRAM, str(db), how, ready="open"):
        yield


def _log_written_before(db: Path, seconds: int) -> None:
    now = time.time_ns()
    os.utime(wal_path(db), ns=(now - seconds * 10**9, now - seconds * 10**9))


def _copy_keeping_times(backup: Path, db: Path) -> None:
    """`cp -p backup db`: the bytes into the same file, then the backup's times."""
    with open(db, "r+b") as target:
        target.write(backup.read_bytes())
        target.truncate()
    info = os.stat(backup)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize("how", ["checkpoint", "write"])
def test_a_wal_backup_restored_with_cp_p_is_refused(db: Path, tmp_path: Path,
                                                     how: str) -> None:
    """A1: same inode, mtime older than the log: taken for a chmod, the content never looked
    at; the program's log was read over the backup and a save went into the mix."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    with closing(sqlite3.connect(backup, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE kept (x)")
        conn.execute("PRAGMA journal_mode=WAL")
    hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(backup, ns=(hour_ago, hour_ago))
    with _wal_program(db, how):
        _log_written_before(db, 10)
        inode = os.stat(db).st_ino
        _copy_keeping_times(backup, db)
        assert os.stat(db).st_ino == inode and os.stat(db).st_mtime_ns == hour_ago
        with pytest.raises(FileRefused) as refused:
            save_scenario(db, "mine", "", {})
        assert db.read_bytes() == backup.read_bytes()
    message = str(refused.value)
    assert LIVE in message and "move it away" not in message
    if how == "checkpoint":  # the checkpoint's pages are not in the file: certain
        assert "restore it again" in message
    else:  # nothing copied in yet: the content cannot tell it from a chmod
        assert "replaced, copied over or had its permissions changed" in message


def test_chmod_before_any_checkpoint_cannot_be_told_from_cp_p(db: Path) -> None:
    """A1's other side, said in the sentence: the same refusal, naming the chmod as a cause."""
    with _wal_program(db, "write"):
        now = time.time_ns()
        os.utime(db, ns=(now - 2 * 10**10, now - 2 * 10**10))
        _log_written_before(db, 10)
        os.chmod(db, 0o600)
        with pytest.raises(FileRefused) as refused:
            refuse_foreign_journal(db)
    assert "had its permissions changed since that program opened it" in str(refused.value)


@pytest.mark.parametrize("companion", ["shm", "wal", "wal made anew"])
def test_a_companion_deleted_under_a_live_wal_program_is_named(db: Path,
                                                                companion: str) -> None:
    """A2: ``-shm`` deleted, the program taken for an exclusive-mode one and the save said
    "saved" (then overwritten by its next commit). D4: ``-wal`` deleted, reads showed stale
    data, a save failed with "disk I/O error" (or, beside a new empty ``-wal``, reads
    missed its commits)."""
    with _wal_program(db, "write"):
        deleted = shm_path(db) if companion == "shm" else wal_path(db)
        deleted.unlink()
        if companion == "wal made anew":
            deleted.write_bytes(b"")
        before = db.read_bytes()
        with pytest.raises(FileRefused) as refused:
            save_scenario(db, "mine", "", {})
        with pytest.raises(StorageError) as read:
            list_scenarios(db)
        assert db.read_bytes() == before
        if companion == "shm":
            assert not shm_path(db).exists()  # none made beside the file
    sentence = (f"another program has this database open and its {deleted.name} was deleted; "
                "close that program before using the file.")
    assert sentence in str(refused.value) and sentence in str(read.value)


def test_a_live_programs_shrinking_checkpoint_is_no_copy_over(db: Path) -> None:
    """D2: pages beyond the shrunk database were compared with a truncated file, and every
    read and save was refused with "replaced or copied over ... restore it again"."""
    with _wal_program(db, "shrink"):
        _log_written_before(db, 10)
        assert wal_file.checkpointed(db) is True
        refuse_foreign_journal(db)
        assert save_scenario(db, "mine", "", {})
        assert "mine" in [row.name for row in list_scenarios(db)]
