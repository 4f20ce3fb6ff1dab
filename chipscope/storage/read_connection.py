"""Read-only connections to a database file: nothing made beside it, nothing changed in it.

Every reader opens the file through :func:`connect_read_only`. It reads the last committed state
either straight from the file (``mode=ro``), in one read transaction, or, when a journal or
write-ahead log is beside it, from a private copy made in a temporary folder.

A ``mode=ro`` connection cannot roll back a journal, and SQLite takes a journal it could not
open for a hot one (the race of its ticket #3883: another connection committed and deleted the
journal between SQLite's two looks). Its first read then fails with SQLITE_READONLY_ROLLBACK,
"attempt to write a readonly database", although nothing is wrong: a save in another window or
thread committed at that moment. That read is tried again (from a private copy when a journal is
really there) rather than reported as a read-only file (CI, 2026-12-03: a thread's load during
another thread's save said the database was read-only).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from chipscope.storage import files
from chipscope.storage.errors import busy_timeout
from chipscope.storage.journal import file_stamp
from chipscope.storage.recovery import has_hot_journal, has_unusual_format, journal_path, wal_path
from chipscope.storage.schema import StorageError

MAX_COPY_BYTES = 512_000_000
"""A private copy is made only of a file up to this size (a ChipScope database is a few MB)."""

SQLITE_READONLY_ROLLBACK = 776
"""SQLite's extended code for a hot journal that a read-only connection cannot roll back."""

READ_ATTEMPTS = 5
"""How often a read straight from the file is begun before the private copy is read instead."""


@contextmanager
def connect_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection (``mode=ro``) that cannot create or change the file, nor leave
    a file beside it, inside one read transaction (what it reads is one committed state). A
    WAL-mode file, or one with a journal beside it, is read from a private copy (with its
    journal or WAL) in a temporary folder: what SQLite would show a reader, the last committed
    state, without a ``-shm``, ``-wal`` or rollback beside the original."""
    path = Path(path)
    for _attempt in range(READ_ATTEMPTS):
        if has_unusual_format(path) or has_hot_journal(path) or present(wal_path(path)):
            break
        conn = _begin_read(path)
        if conn is None:  # a journal came and went while SQLite looked: look again
            continue
        with closing(conn):
            yield conn
        return
    with tempfile.TemporaryDirectory(prefix="chipscope-read-") as folder:
        copy = private_copy(path, Path(folder))
        with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
            yield conn


def _begin_read(path: Path) -> sqlite3.Connection | None:
    """A ``mode=ro`` connection to ``path`` holding a read transaction (its shared lock taken
    by a first read); None when SQLite saw a journal it would have to roll back. Any other
    failure of that read (a damaged file, a lock) is left to the caller's own first read,
    which says what it is, as before: the connection comes back outside a transaction."""
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=busy_timeout(path))
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # the latter: a schema not UTF-8
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK:
            conn.close()
            return None
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
    return conn


def private_copy(path: Path, folder: Path) -> Path:
    """Copy ``path`` and its journal or WAL (each a regular file, checked) into ``folder``."""
    copy = folder / "copy.db"
    for _attempt in range(3):  # a writer committing during the copy: copy again
        before = _stamp(path)
        for src, dst in ((path, copy), (journal_path(path), folder / "copy.db-journal"),
                         (wal_path(path), folder / "copy.db-wal")):
            dst.unlink(missing_ok=True)
            if src is path or present(src):
                try:
                    copy_regular(src, dst, path)
                except StorageError:
                    if src is path or present(src):
                        raise
                    # Another writer committed and removed its journal between the look and
                    # the copy: nothing to copy (the stamp check below copies again).
                    dst.unlink(missing_ok=True)
        if _stamp(path) == before:
            break
    return copy


def _stamp(path: Path) -> tuple[tuple[int, int] | None, ...]:
    return file_stamp(path, journal_path(path), wal_path(path))


def copy_regular(src: Path, dst: Path, db: Path) -> None:
    """Copy the regular file ``src`` (``db`` or its journal or log) to ``dst``."""
    files.check_regular_file(src, "database")
    try:
        if src.stat().st_size > MAX_COPY_BYTES:
            raise StorageError(f"The database {db} is too large to read safely (its journal "
                               "or the file itself is over 512 MB).")
        shutil.copyfile(src, dst)
    except OSError as exc:
        raise StorageError(f"The database {db} cannot be read ({exc.strerror or exc}).") from None


def present(path: Path) -> bool:
    """Whether a file sits at ``path`` (False when the name cannot exist, e.g. a database name
    so long that SQLite's ``-wal`` beside it would pass the file system's limit)."""
    try:
        return path.exists()
    except OSError:
        return False
