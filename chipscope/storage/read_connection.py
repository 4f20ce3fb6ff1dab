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

import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from chipscope.storage import files
from chipscope.storage.companions import unreadable_companion
from chipscope.storage.disk_space import disk_is_full, no_free_inodes
from chipscope.storage.errors import (
    DatabaseBusy,
    busy_timeout,
    is_busy,
    sqlite_failure,
)
from chipscope.storage.file_errors import ElsewhereError
from chipscope.storage.journal import file_stamp
from chipscope.storage.path_length import path_cause
from chipscope.storage.recovery import has_hot_journal, has_unusual_format, journal_path, wal_path
from chipscope.storage.schema import StorageError
from chipscope.storage.sqlite_locks import copy_out, read_at
from chipscope.storage.temporaries import read_copy_prefix

MAX_COPY_BYTES = 512_000_000
"""A private copy is made only of a file up to this size (a ChipScope database is a few MB)."""

SQLITE_READONLY_ROLLBACK = 776
"""SQLite's extended code for a hot journal that a read-only connection cannot roll back."""

READ_ATTEMPTS = 5
"""How often a read straight from the file is begun before the private copy is read instead."""

COPY_ATTEMPTS = 5
"""How often the private copy is made before another program's writes are called too busy."""

CHUNK = 1 << 20


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
    with _temporary_folder(path) as folder:
        _refuse_long_copy(path, folder / "copy.db")  # not "read-only" nor "damaged" (pass 46)
        copy = private_copy(path, folder)
        with closing(_open_copy(path, copy)) as conn:
            yield conn


def settled_bytes(path: Path) -> bytes | None:
    """The database ``path`` as SQLite reads it, as one file, when a journal or log is beside
    it (its raw bytes without them are damaged or lack saved changes, pass 62 F1): its private
    copy with the journal rolled back or the log checkpointed, in rollback-journal mode. None
    when nothing is beside it: the file's own bytes are that (the fast path)."""
    path = Path(path)
    if not (has_unusual_format(path) or has_hot_journal(path) or present(wal_path(path))):
        return None
    with _temporary_folder(path) as folder:
        _refuse_long_copy(path, folder / "copy.db")
        copy = private_copy(path, folder)
        with closing(_open_copy(path, copy)) as conn:
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()  # the log written back
        return copy.read_bytes()


def _open_copy(db: Path, copy: Path) -> sqlite3.Connection:
    """A connection to the private ``copy`` of ``db``, its journal rolled back or its log read
    by a first read. It keeps a WAL copy's index in memory (``locking_mode=EXCLUSIVE``: no
    ``-shm`` beside the copy), and a temporary folder too full for what SQLite writes there
    is named as such (it was "the database ... is damaged (disk I/O error)", pass 20)."""
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE").fetchone()
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):  # the latter: a schema not UTF-8 (as in
        # _begin_read); anything but a full folder: the caller's first read names it
        if disk_is_full(copy) or no_free_inodes(copy):
            conn.close()
            raise _no_room(db, copy.parent.parent, OSError(
                errno.ENOSPC, os.strerror(errno.ENOSPC))) from None
    return conn


@contextmanager
def _temporary_folder(db: Path) -> Iterator[Path]:
    """A new folder for the private copy of ``db`` in the temporary folder, removed after."""
    try:
        holder = tempfile.TemporaryDirectory(prefix=read_copy_prefix())  # swept if killed
    except OSError as exc:
        try:
            where = tempfile.gettempdir()
        except OSError:  # none usable at all (a full disk): say where it was looked for
            where = os.environ.get("TMPDIR") or "/tmp"
        raise _no_room(db, Path(where), exc) from None
    with holder as folder:
        yield Path(folder)


def _refuse_long_copy(db: Path, copy: Path) -> None:
    """StorageError naming TMPDIR when SQLite could not open the private ``copy`` of ``db`` for
    the length of its path (:func:`~chipscope.storage.path_length.path_cause`)."""
    if (cause := path_cause(copy)) is not None:
        said = cause.replace("its ", "the copy's ", 1)
        raise ElsewhereError.about(
            f"The database {db}", "cannot be read: it is read from a private copy (a journal "
            f"or log is beside it), and in the temporary folder {copy.parent.parent} {said}",
            "set TMPDIR to a folder with a shorter path (nothing was changed)")


def _no_room(db: Path, folder: Path, exc: OSError) -> StorageError:
    return ElsewhereError.about(f"The database {db}", f"cannot be read: the temporary folder "
                                f"{folder} cannot hold a private copy of it "
                                f"({exc.strerror or exc})", "free space there, or set TMPDIR "
                                "to another folder")


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
        if is_busy(exc):  # the lock was waited for once: the caller's read waits no more,
            sqlite_failure(path, exc)  # and the next connections only briefly
            conn.execute("PRAGMA busy_timeout = 0")
    return conn


def private_copy(path: Path, folder: Path) -> Path:
    """Copy ``path`` and its journal or WAL (each a regular file, checked) into ``folder``,
    as they were at one moment: each file is compared with its copy once all are made (a
    database copied before another program's checkpoint and its log after it was read as
    damaged, pass 19 D1). DatabaseBusy when no such moment came in :data:`COPY_ATTEMPTS`."""
    copy = folder / "copy.db"
    pairs = ((path, copy), (journal_path(path), folder / "copy.db-journal"),
             (wal_path(path), folder / "copy.db-wal"))
    for _attempt in range(COPY_ATTEMPTS):  # a writer committing during the copy: copy again
        before = _stamp(path)
        for src, dst in pairs:
            dst.unlink(missing_ok=True)
            if src is path or present(src):
                try:
                    copy_regular(src, dst, path)
                except StorageError:
                    if src is path or present(src):
                        raise
                    # Another writer committed and removed its journal between the look and
                    # the copy: nothing to copy (the checks below copy again).
                    dst.unlink(missing_ok=True)
        if _stamp(path) == before and all(_unchanged(src, dst, path) for src, dst in pairs):
            return copy
    raise DatabaseBusy(f"Another program is writing the database {path} without a pause, so "
                       "no steady copy of it could be read; try again when it has finished "
                       "(nothing was changed).")


def _unchanged(src: Path, dst: Path, db: Path) -> bool:
    """Whether ``src`` still holds what was copied to ``dst`` (both absent: a journal that
    was not there)."""
    if not dst.exists():
        return not present(src)
    try:
        with open(dst, "rb") as copied:
            if src == db:
                offset = 0
                while data := copied.read(CHUNK):
                    if read_at(src, offset, CHUNK) != data:
                        return False
                    offset += len(data)
                return read_at(src, offset, 1) == b""
            with open(src, "rb") as original:
                while data := copied.read(CHUNK):
                    if original.read(CHUNK) != data:
                        return False
                return original.read(1) == b""
    except OSError:
        return False


def _stamp(path: Path) -> tuple[tuple[int, int] | None, ...]:
    return file_stamp(path, journal_path(path), wal_path(path))


def copy_regular(src: Path, dst: Path, db: Path) -> None:
    """Copy the regular file ``src`` (``db`` or its journal or log) to ``dst``."""
    files.check_regular_file(src, "database")
    try:
        if src.stat().st_size > MAX_COPY_BYTES:
            raise StorageError.about(f"The database {db}", "is too large to read safely (its "
                                     "journal or the file itself is over 512 MB)")
        if src == db:  # through the kept descriptor: chipscope.storage.database_file
            copy_out(src, dst)
        else:  # SQLite locks no byte of a journal or log
            shutil.copyfile(src, dst)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # only the copy's side can be full
            raise _no_room(db, dst.parent.parent, exc) from None
        if exc.errno in (errno.EACCES, errno.EPERM):  # every reader's words (file_access)
            if src == db:
                raise files.read_refused(db, "database", exc) from None
            if (refused := unreadable_companion(db, src)) is not None:
                raise refused from None
        raise StorageError.about(f"The database {db}",
                                 f"cannot be read ({exc.strerror or exc})") from None


def present(path: Path) -> bool:
    """Whether a file sits at ``path`` (False when the name cannot exist, e.g. a database name
    so long that SQLite's ``-wal`` beside it would pass the file system's limit)."""
    try:
        return path.exists()
    except OSError:
        return False
