"""Replace a database file only while no other program is writing to it.

``data build`` writes the new database beside the old one and renames it over it. Another
program that has begun a write transaction (``BEGIN IMMEDIATE``: a reserved lock, nothing
written yet, so no journal beside the file to warn of it) would go on writing to the old,
replaced file, and its write would be lost. :func:`exclusive_lock` takes SQLite's exclusive lock
on the old file first (waiting the busy timeout, as every connection does): while it is held no
other program is in a write, and none can start one before the rename.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from chipscope.storage.errors import busy_timeout, is_busy, sqlite_failure


@contextmanager
def exclusive_lock(db_path: Path) -> Iterator[sqlite3.Connection | None]:
    """Hold SQLite's exclusive lock on the existing database ``db_path`` (nothing when there
    is none, or when it cannot be opened for writing: then no other program writes to it
    either). Nothing is written to the file. Yields the connection holding the lock (the only
    one that can read the file meanwhile), or None when no lock was taken.

    Raises
    ------
    DatabaseBusy
        Another program holds a lock on it for longer than the busy timeout.
    """
    path = Path(db_path)
    try:
        uri = path.resolve(strict=True).as_uri() + "?mode=rw"
    except (OSError, RuntimeError):  # no file (yet), or a path the caller refuses itself
        yield None
        return
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=busy_timeout(path))
    except sqlite3.Error:  # read-only: nobody else writes to it
        yield None
        return
    with closing(conn):
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.Error as exc:
            busy = sqlite_failure(path, exc) if is_busy(exc) else None
            if busy is not None:
                raise busy from None
            # read-only, or not a database SQLite can lock: the caller's checks decide
            yield None
            return
        yield conn
