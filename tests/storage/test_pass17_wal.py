"""Pass 17 (databases, /work/pass17-db.md): a log beside a database that another program has
open in WAL mode. A WAL-mode backup copied over the database (in place, or to a temp file
renamed into place) got that program's log played in (A1); an exclusive-mode program's log was
called a crash's, to be moved away (D2); chmod of the file was called a replacement (D3)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

import chipscope
from chipscope.storage import wal_file
from chipscope.storage.errors import DatabaseBusy
from chipscope.storage.files import FileRefused
from chipscope.storage.recovery import refuse_foreign_journal, wal_holder, wal_path
from chipscope.storage.wal_file import shm_path
from tests.other_program import other_program

pytestmark = pytest.mark.skipif(sys.platform not in ("linux", "darwin"),
                                reason="fcntl lock layout")

_WAL_PROGRAM = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "exclusive":
    c.execute("PRAGMA locking_mode=EXCLUSIVE")
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE zz (x)"); c.execute("INSERT INTO zz VALUES (1)")
if sys.argv[2] == "more":  # a reader on the log: the next commit cannot start it afresh
    r = sqlite3.connect(sys.argv[1], isolation_level=None)
    r.execute("BEGIN"); r.execute("SELECT count(*) FROM zz").fetchone()
if sys.argv[2] != "write":
    c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()  # the file written after the log
if sys.argv[2] == "more":
    c.execute("INSERT INTO zz VALUES (2)")  # in its log only, after what was copied in
    c.execute("INSERT INTO zz VALUES (3)")
print("open", flush=True); sys.stdin.readline(); c.close()
"""
LIVE = "is the log of another program that has this database open"


@contextmanager
def _wal_program(db: Path, how: str = "write") -> Iterator[None]:
    """Another program with ``db`` open in WAL mode, a commit in its log, idle; ``how``:
    "write" (no checkpoint), "checkpoint", "more" (a checkpoint, then a commit), "exclusive"
    (with ``locking_mode=EXCLUSIVE`` and a checkpoint)."""
    with other_program(_WAL_PROGRAM, str(db), how, ready="open"):
        yield


def _log_written_before(db: Path, seconds: int) -> None:
    """The log's last write: ``seconds`` before now (the file is changed after it)."""
    now = time.time_ns()
    os.utime(wal_path(db), ns=(now - seconds * 10**9, now - seconds * 10**9))


def _wal_backup(db: Path, tmp_path: Path) -> Path:
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    with closing(sqlite3.connect(backup, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE kept (x)")
        conn.execute("PRAGMA journal_mode=WAL")
    return backup


@pytest.mark.parametrize("renamed", [False, True], ids=["cp in place", "cp to a temp, mv"])
def test_a_wal_backup_copied_over_a_database_another_program_has_open_is_refused(
        db: Path, tmp_path: Path, renamed: bool) -> None:
    """A1: the copy has a new mtime, which looked like that program's checkpoint, and its log
    was played into the backup (the backup's edits lost, exit 0)."""
    backup = _wal_backup(db, tmp_path)
    with _wal_program(db):
        _log_written_before(db, 10)
        if renamed:
            shutil.copyfile(backup, tmp_path / ".restore.tmp")
            os.replace(tmp_path / ".restore.tmp", db)
        else:
            shutil.copyfile(backup, db)
        with pytest.raises(FileRefused) as refused:
            refuse_foreign_journal(db)
        assert LIVE in str(refused.value) and "move it away" not in str(refused.value)
        assert db.read_bytes() == backup.read_bytes()


def test_a_live_programs_checkpoint_with_later_commits_is_no_replacement(db: Path) -> None:
    """A1's other side: the pages its checkpoint copied in are in the file (the ``-shm`` says
    which), though it committed more since."""
    with _wal_program(db, "more"):
        _log_written_before(db, 10)
        index = shm_path(db).read_bytes()[:100]
        assert 0 < struct.unpack_from("=I", index, 96)[0] < struct.unpack_from("=I", index, 16)[0]
        assert wal_file.checkpointed(db)
        refuse_foreign_journal(db)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc")
def test_chmod_of_a_database_another_program_has_open_is_no_replacement(db: Path) -> None:
    """D3: only the ctime moved (chmod, chown, a hard link); "it was replaced or copied over
    ... restore it again" stated a wrong cause. That program has this very file open, and its
    checkpoint's pages are in it (before any checkpoint the content cannot tell a chmod from
    `cp -p`: pass 18, A1)."""
    with _wal_program(db, "checkpoint"):
        now = time.time_ns()
        os.utime(db, ns=(now - 2 * 10**10, now - 2 * 10**10))
        os.utime(wal_path(db), ns=(now - 10**10, now - 10**10))
        os.chmod(db, 0o600)
        refuse_foreign_journal(db)


def test_where_the_other_programs_files_cannot_be_read_no_cause_is_claimed(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """D3 where ``/proc`` cannot tell (not Linux, another user's program): still refused,
    worded without claiming a replacement as fact."""
    monkeypatch.setattr(wal_file, "has_open", lambda pid, info: None)
    with _wal_program(db):
        now = time.time_ns()
        os.utime(db, ns=(now - 2 * 10**10, now - 2 * 10**10))
        os.utime(wal_path(db), ns=(now - 10**10, now - 10**10))
        os.chmod(db, 0o600)
        with pytest.raises(FileRefused) as refused:
            refuse_foreign_journal(db)
    message = str(refused.value)
    assert LIVE in message and "had its permissions changed" in message
    assert "restore it again" not in message and "move it away" not in message


def test_an_exclusive_mode_program_after_a_checkpoint_is_busy_not_a_crash(db: Path) -> None:
    """D2: such a program keeps no ``-shm``; its lock on the database file's lock bytes shows
    it is running, and its log was called a crash's, to be moved away."""
    with _wal_program(db, "exclusive"):
        assert not shm_path(db).exists()
        _log_written_before(db, 10)
        before = db.read_bytes()
        with pytest.raises(DatabaseBusy) as busy:
            refuse_foreign_journal(db)
        assert str(busy.value).startswith(f"Another program is using the database {db}")
        assert "crash" not in str(busy.value) and "move it away" not in str(busy.value)
        assert db.read_bytes() == before


def test_the_probe_keeps_this_processs_own_sqlite_locks(db: Path) -> None:
    """The report's remark: closing a descriptor drops every POSIX lock this process holds on
    that file, SQLite's own connection's too; the probe's descriptors stay open."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for _ in range(2):
            assert wal_holder(db) is None  # its own locks are not another's
        ask = ("import sys; from pathlib import Path; from chipscope.storage.recovery import "
               "wal_holder; print(wal_holder(Path(sys.argv[1])) is not None)")
        root = str(Path(chipscope.__file__).resolve().parents[1])
        seen = subprocess.run([sys.executable, "-c", ask, str(db)], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "PYTHONPATH": root})
        assert seen.stdout.strip() == "True", seen.stderr


def test_the_checkpoint_test_keeps_this_processs_own_sqlite_locks(db: Path) -> None:
    """The same for the test of what a checkpoint copied in: it reads the file and the
    ``-shm`` through the kept descriptors, not through ones it closes."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("CREATE TABLE zz (x)")
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert wal_file.checkpointed(db)
        ask = ("import sys; from pathlib import Path; from chipscope.storage.recovery import "
               "wal_holder; print(wal_holder(Path(sys.argv[1])))")
        root = str(Path(chipscope.__file__).resolve().parents[1])
        seen = subprocess.run([sys.executable, "-c", ask, str(db)], capture_output=True,
                              text=True, timeout=60, env={**os.environ, "PYTHONPATH": root})
        assert seen.stdout.strip() == f"({os.getpid()}, True)", seen.stderr


def test_the_kept_descriptors_are_bounded(tmp_path: Path) -> None:
    """A window that opens file after file (or a test suite) must not run out of descriptors
    (macOS allows 256 by default): only the files asked about last keep theirs."""
    from chipscope.storage import sqlite_locks

    def open_descriptors() -> int:
        return len(os.listdir("/proc/self/fd" if sys.platform == "linux" else "/dev/fd"))

    for i in range(sqlite_locks.KEPT):  # whatever was kept before, these fill the store
        (tmp_path / f"warm{i}.db").write_bytes(b"x" * 600)
        sqlite_locks.held_by_another(tmp_path / f"warm{i}.db", 0)
    before = open_descriptors()
    for i in range(3 * sqlite_locks.KEPT):
        (tmp_path / f"f{i}.db").write_bytes(b"x" * 600)
        assert not sqlite_locks.held_by_another(tmp_path / f"f{i}.db", 0)
    assert open_descriptors() <= before
    assert len(sqlite_locks._OPEN) == sqlite_locks.KEPT
