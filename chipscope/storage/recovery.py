"""Finish the rollback of a write that a crash interrupted, before the database is opened.

SQLite in rollback-journal mode survives a crash in the middle of a transaction: the
``<db>-journal`` file it leaves (a "hot" journal) holds the original pages, and the next
connection that can write puts them back. A **read-only** connection cannot, and fails with
"attempt to write a readonly database". ChipScope opens even the user's database read-only
first (to recognise it without changing it), so after a process is killed mid-save, the user's
database would look damaged until something wrote to it. :func:`roll_back_interrupted_write`
is that something: it opens the file read-write just long enough for SQLite to roll the
journal back.

Only call it for the user's own database: it writes, and a file ChipScope did not create is
never written. It refuses the bundled dataset and any file whose header is not ChipScope's.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from chipscope import paths
from chipscope.storage import files
from chipscope.storage.companions import unreadable_companion
from chipscope.storage.database_file import read_database_head
from chipscope.storage.errors import DatabaseBusy, busy_timeout, io_failure, is_read_only
from chipscope.storage.journal import foreign_journal, journal_belongs, played_back
from chipscope.storage.journal import journal_path as journal_path  # re-exported
from chipscope.storage.schema import APPLICATION_ID, SQLITE_HEADER, StorageError
from chipscope.storage.sqlite_locks import (
    DB_LOCK_BYTES,
    RESERVED_BYTE,
    SHM_DMS_BYTE,
    SHM_LOCK_BYTES,
    has_open,
    held_by_another,
    lock_holder,
)
from chipscope.storage.wal_file import (
    has_committed_frames,
    replaced_since_log,
    shm_path,
    wal_belongs,
)
from chipscope.storage.wal_file import wal_path as wal_path  # re-exported

log = logging.getLogger(__name__)


def is_wal_mode(db_path: Path) -> bool:
    """Whether ``db_path``'s header says WAL mode (file format versions 2 at bytes 18-19)."""
    return _head(Path(db_path))[18:20] == b"\x02\x02"


def has_unusual_format(db_path: Path) -> bool:
    """Whether the header's file format versions (bytes 18-19) are anything but the legacy
    1/1: WAL mode (2/2), or a damaged or future value with which SQLite may create ``-wal`` and
    ``-shm`` files even to read, so such a file is only read from a private copy."""
    head = _head(Path(db_path))
    return len(head) >= 20 and head[18:20] != b"\x01\x01"


def _head(path: Path) -> bytes:
    try:
        return read_database_head(path)
    except StorageError:
        return b""


def has_hot_journal(db_path: Path) -> bool:
    """Whether a non-empty rollback journal sits beside ``db_path`` (an interrupted write, or a
    write in progress in another process)."""
    journal = journal_path(db_path)
    try:
        return journal.is_file() and journal.stat().st_size > 0
    except OSError:
        return False


def writer_holds_lock(db_path: Path) -> bool:
    """Whether another process holds SQLite's RESERVED lock on ``db_path``: a write in progress,
    whose journal SQLite treats as not hot (never played back while the lock is held)."""
    return held_by_another(Path(db_path), RESERVED_BYTE)


def wal_holder(db_path: Path) -> tuple[int, bool] | None:
    """Another process that has ``db_path`` open now while a log with committed frames is
    beside it: (its process id, 0 when not known; whether it has the ``-shm``). Seen by its read
    lock on the ``-shm``'s dead-man switch, or, for a connection with ``locking_mode=EXCLUSIVE``
    (which keeps its index in its own memory and makes no ``-shm``), by its lock on the
    database file's lock bytes (pass 17, D2). Its log is no crash's, and its checkpoints change
    the file after the log's last write (pass 15, D2). None: no other process has it open."""
    path = Path(db_path)
    if (found := lock_holder(shm_path(path), SHM_DMS_BYTE)) is not None:
        return found.pid, True
    if (found := lock_holder(path, *DB_LOCK_BYTES)) is not None:
        return found.pid, False
    return None


def deleted_under_holder(db_path: Path) -> Path | None:
    """The ``-shm`` or ``-wal`` of another program that has the WAL-mode ``db_path`` open now,
    deleted (by a clean-up tool) while it runs; None when neither was. SQLite would make new
    ones beside the file, which that program never reads: reads miss its commits, a save fails
    ("disk I/O error") or is written where that program's next commit overwrites it (pass 18,
    A2 and D4).

    * ``-shm``: every WAL-mode connection holds a read lock on its dead-man switch while open;
      with none, a read (shared) lock on the database's lock bytes is a WAL-mode connection
      whose ``-shm`` is gone (one with ``locking_mode=EXCLUSIVE``, which makes no ``-shm``,
      holds that lock exclusively);
    * ``-wal``: a connection holding the switch's read lock has its log open from its start
      until it closes (the switch is held exclusively only while the first opens): none beside
      the file, or one that program has not open, is not its log, unless that program is
      closing now (seen by its exclusive database lock, or the switch let go since)."""
    path = Path(db_path)
    if not is_wal_mode(path):
        return None
    shm = shm_path(path)
    switch = lock_holder(shm, SHM_DMS_BYTE)
    if switch is None:
        found = lock_holder(path, *DB_LOCK_BYTES)
        # Seen again: a program opening the file takes the database lock before the switch.
        if found is not None and not found.exclusive and lock_holder(shm, SHM_DMS_BYTE) is None:
            return shm
        return None
    if switch.exclusive:
        return None
    log_file = wal_path(path)
    try:
        gone = has_open(switch.pid, os.stat(log_file)) is False
    except FileNotFoundError:
        gone = True
    except (OSError, ValueError):
        return None
    # The last program to close (or to leave WAL mode) deletes the log under an exclusive lock
    # on the database's lock bytes, then lets go of the switch, then of that lock.
    found = lock_holder(path, *DB_LOCK_BYTES)
    if not gone or (found is not None and found.exclusive):
        return None
    switch = lock_holder(shm, SHM_DMS_BYTE)
    return log_file if switch is not None and not switch.exclusive else None


def wal_in_use(db_path: Path) -> bool:
    """Whether another process has ``db_path`` open in WAL mode now (:func:`wal_holder`)."""
    return wal_holder(db_path) is not None


def refuse_foreign_journal(db_path: Path) -> None:
    """StorageError when a journal or write-ahead log beside ``db_path`` was left by a write
    to another file (:func:`~chipscope.storage.journal.journal_belongs`,
    :func:`~chipscope.storage.wal_file.wal_belongs`), or sits beside no file at all and would
    be played back onto the new one made there: it is never played back, and the file is left
    byte for byte as it is. A finished journal beside no file is moved aside."""
    path = Path(db_path)
    try:
        present = path.exists()
    except OSError:
        present = True
    if present and (deleted := deleted_under_holder(path)) is not None:
        raise files.FileRefused.about(f"The database {path}", "cannot be opened: another "
                                      f"program has this database open and its {deleted.name} "
                                      "was deleted", "close that program before using the file")
    _refuse_unreadable_log(path)
    for _look in range(LOOKS):
        seen = _log_stamp(path)
        crash = _crash_log(path, present)
        if crash is None:
            break
        # Another program switching the file between WAL and rollback mode deletes its log
        # and rewrites the header between these looks: a log seen at the first look and a
        # header read at the last are no crash's (pass 19, D4). Said only when the log stayed
        # as it was and no other process holds a lock on the file or its -shm.
        if _log_stamp(path) == seen and not _locked_by_another(path):
            raise crash
    else:
        raise DatabaseBusy(f"Another program is using the database {path}; try again when "
                           "it has finished (nothing was changed).")
    if not has_hot_journal(path):
        return
    if present and writer_holds_lock(path):
        # Another program is writing now: its journal is no crash's, SQLite plays it back
        # only if that writer dies; reads read the last commit, writes wait for the lock.
        return
    if not present and not played_back(path):  # finished: SQLite never plays it back
        _set_aside(journal_path(path))
        return
    if not present:
        raise foreign_journal(path)
    if (why := journal_belongs(path)) is not True:
        raise foreign_journal(path, uncertain=why is None)


def _refuse_unreadable_log(path: Path) -> None:
    """FileRefused, in every reader's words, for a journal or log beside ``path`` that holds
    something and that this user may not read (:func:`~chipscope.storage.companions.
    unreadable_companion`): whose it is cannot be told without reading it, and it may hold the
    database's committed writes, so it is never called another copy's, nor to be moved away
    (pass 50, F2). An empty one is left to whoever reads it (an empty journal is never played
    back)."""
    for log_file in (journal_path(path), wal_path(path)):
        try:
            if not log_file.stat().st_size:
                continue
        except (OSError, ValueError):  # none there (or a name too long to exist)
            continue
        if (refused := unreadable_companion(path, log_file)) is not None:
            raise refused


LOOKS = 3
"""How often a log beside the database is looked at before it is called a crash's."""


def _crash_log(path: Path, present: bool) -> files.FileRefused | None:
    """The error for a log with committed frames beside ``path`` that no program has open
    and that may not be played into it (a crash's, of another copy); None when there is none.
    FileRefused or DatabaseBusy for the log of another program that has the database open now:
    its log is no crash's (and its checkpoints write the file after the log), so it is never
    to be moved away."""
    if not has_committed_frames(path):
        return None
    holder = wal_holder(path)
    if not present or not wal_belongs(path, _head(path)):
        if holder:
            raise _live_log(path)
        return foreign_journal(path, wal_path(path))
    replaced = replaced_since_log(path, holder=None if holder is None else holder[0])
    if replaced is not False and holder is not None and not holder[1]:
        # Its index (what its checkpoints copied in) is in its memory, not in a -shm.
        raise DatabaseBusy(f"Another program is using the database {path} (it keeps it "
                           "open for itself alone); try again when it has finished.")
    if replaced is not False:  # a restored backup, most likely
        if holder:
            raise _live_log(path, certain=bool(replaced))
        return foreign_journal(path, wal_path(path), uncertain=True)
    return None


def _log_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """The log's identity and last change (device, inode, size, mtime); None: none there."""
    try:
        info = os.stat(wal_path(path))
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _locked_by_another(path: Path) -> bool:
    """Whether another process holds any lock on the database's lock bytes or on its ``-shm``
    (its locks and dead-man switch): a program that has the file open now, whatever it is
    doing (a crash leaves no lock)."""
    return (wal_holder(path) is not None
            or lock_holder(path, *DB_LOCK_BYTES) is not None
            or lock_holder(shm_path(path), SHM_LOCK_BYTES[0], SHM_LOCK_BYTES[1]) is not None)


def _live_log(path: Path, *, certain: bool = True) -> files.FileRefused:
    """The error for the log of another program that has the database open now, beside a
    file that is not the one it opened (or was copied over since): never "move it away".
    ``certain``: the file that program has open is known to be another, or its content is not
    what that program's checkpoints wrote; otherwise only the file's ctime moved, which chmod,
    chown or a new hard link do as well (pass 17, D3)."""
    named, log = f"The database {path}", wal_path(path).name
    if not certain:
        return files.FileRefused.about(
            named, f"cannot be opened: {log} beside it is the log of another program that has "
            "this database open, and the file was replaced, copied over or had its permissions "
            "changed since that program opened it", "close that program and try again")
    return files.FileRefused.about(
        named, f"cannot be opened: {log} beside it is the log of another program that has this "
        "database open (it was replaced or copied over since that program opened it)",
        "close that program, then check the file or restore it again")


def _set_aside(journal: Path) -> None:
    """Rename a finished journal beside a missing database to ``<name>.unused`` (numbered when
    taken), named in the log: a new database may be made there, and the journal, never played
    back, would only make every read go through a private copy. Left where it is when it
    cannot be renamed (the new database's reads still work)."""
    for number in range(1, 100):
        aside = journal.with_name(journal.name + (".unused" if number == 1 else
                                                  f".unused-{number}"))
        if aside.exists() or aside.is_symlink():
            continue
        try:
            os.rename(journal, aside)
        except OSError as exc:
            log.warning("Cannot move the finished journal %s aside (%s); it is left there",
                        journal, exc.strerror or exc)
            return
        log.warning("%s beside no database was finished (SQLite never plays it back); moved "
                    "to %s so that a new database can be made", journal, aside.name)
        return


def _is_ours(path: Path) -> bool:
    head = _head(path)
    return (head.startswith(SQLITE_HEADER) and len(head) >= 72
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)


def roll_back_interrupted_write(db_path: Path) -> bool:
    """Roll back a write that a crash interrupted, if there is one.

    Parameters
    ----------
    db_path : Path
        The user's database.

    Returns
    -------
    bool
        True if a journal was found and is gone afterwards (the database is back to its last
        committed state); False if there was nothing to do, or the file is not a ChipScope
        database (left alone).

    Notes
    -----
    If another process is in the middle of a write, its journal is not hot (that process holds
    a lock) and SQLite leaves it alone; the connection here only reads.
    """
    path = Path(db_path)
    if not has_hot_journal(path) or not _is_ours(path):
        return False
    if paths.is_bundled_db(path):
        return False
    refuse_foreign_journal(path)
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        with closing(sqlite3.connect(uri, uri=True, isolation_level=None,
                                     timeout=busy_timeout(path))) as conn:
            # Any read takes a shared lock, and SQLite rolls back a hot journal when it does.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        # Another program holds the lock (its journal is not hot: it is writing now), or the
        # file cannot be written: say so; anything else is left to the reader to report.
        known = io_failure(path, exc)
        if known is not None:
            raise known from None
        return False
    return not has_hot_journal(path)


def leave_wal_mode(db_path: Path) -> bool:
    """Switch the user's own database from WAL mode back to ChipScope's rollback journal.

    A WAL-mode file (another tool switched it) keeps ``-wal`` and ``-shm`` files beside it
    while it is open, and its crash recovery is not the journal's that
    :func:`roll_back_interrupted_write` handles. The switch checkpoints the log into the file
    and removes both. Like the rollback, only for the user's own database: the bundled dataset
    and other applications' files are left alone (ChipScope reads those from a private copy
    instead).

    Returns
    -------
    bool
        True if the file was in WAL mode and is not any more. False if there was nothing to do,
        the file is not ChipScope's, or another program holds it open (it stays in WAL mode;
        reading still works).
    """
    path = Path(db_path)
    if not is_wal_mode(path) or not _is_ours(path) or paths.is_bundled_db(path):
        return False
    if is_read_only(path):  # SQLite would open it read-only and make -wal and -shm beside it
        return False
    refuse_foreign_journal(path)  # the switch plays the log in: never another copy's
    uri = path.resolve().as_uri() + "?mode=rw"
    try:
        with closing(sqlite3.connect(uri, uri=True, isolation_level=None,
                                     timeout=busy_timeout(path))) as conn:
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except sqlite3.DatabaseError:
        return False
    return not is_wal_mode(path)
