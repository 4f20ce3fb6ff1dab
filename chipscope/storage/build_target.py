"""What ``chipscope data build`` may replace: never another program's file, nor a database
holding the user's own work or a write in progress."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from chipscope.storage import files
from chipscope.storage.companions import (
    is_regular,
    odd_companion,
    odd_companion_cause,
    odd_companion_words,
)
from chipscope.storage.database import current_view, inspect_database, open_current
from chipscope.storage.database_file import read_database_head
from chipscope.storage.journal import played_back
from chipscope.storage.read_connection import connect_read_only
from chipscope.storage.recovery import journal_path, refuse_foreign_journal, wal_path
from chipscope.storage.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    StorageError,
    read_version,
)
from chipscope.storage.user_work import user_work
from chipscope.storage.wal_file import has_committed_frames


def ensure_overwritable(db_path: Path) -> None:
    """Before ``data build`` replaces ``db_path``: refuse a file ChipScope did not create, or
    one whose replacing would lose something (:func:`_would_lose`)."""
    if not db_path.exists() and not db_path.is_symlink():
        _refuse_odd_companion(db_path)
        refuse_foreign_journal(db_path)  # a crash's journal or log would be played into it
        return
    if db_path.is_dir():
        raise StorageError(f"{db_path} is a folder; give a file name for the database.")
    files.write_target(db_path, "database")  # a FIFO, a device, a symlink loop: refused
    _refuse_odd_companion(db_path)
    head = read_database_head(db_path)
    ours = (head.startswith(SQLITE_HEADER) and len(head) >= 72
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)
    if head and not ours:
        try:
            ours = inspect_database(db_path) == 0  # a pre-release ChipScope database
        except StorageError:
            ours = False
    if head and not ours:
        raise StorageError(
            f"{db_path} exists and is not a ChipScope database, so it was not overwritten "
            "(choose another output file or remove it)."
        )
    if head and (why := _would_lose(db_path)):
        raise StorageError(f"Cannot write the database {db_path}: {why}; build into another "
                           "file (--out), or move this one away first.")


def ensure_still_overwritable(db_path: Path, locked: sqlite3.Connection | None) -> None:
    """Just before the rename, under the exclusive lock ``locked`` holds on ``db_path``: refuse
    it if it gained the user's work (an import or a save) while the new database was built.
    ``locked`` None: no lock was taken (no file, or one nobody can write), nothing to check."""
    if locked is None:
        return
    why = _companion_write(db_path)
    if why is None:
        try:
            with current_view(locked, db_path) as conn:
                why = user_work(conn)
        except (StorageError, sqlite3.Error):
            why = _newer(locked)
    if why:
        raise StorageError(f"Cannot write the database {db_path}: while the new database was "
                           f"built, {why}; build into another file (--out), or move this one "
                           "away first.")


def _refuse_odd_companion(db_path: Path) -> None:
    """Refuse, naming it, a journal, log or ``-shm`` beside ``db_path`` that is not a regular
    file, as every reader of the new file would (never opened: a FIFO waits for ever)."""
    if (companion := odd_companion(db_path)) is not None:
        raise files.FileRefused(f"Cannot write the database {db_path}: "
                                f"{odd_companion_words(companion)}.")


def _companion_write(db_path: Path) -> str | None:
    """The journal or WAL beside ``db_path`` replacing it would lose, in words (None: none).
    A finished journal (empty, or its header zeroed: another program's TRUNCATE or PERSIST
    mode) or a regular log without a committed frame (empty after another tool's TRUNCATE
    checkpoint) is never played back, so nothing of it is lost; a live writer holds the lock
    that :func:`ensure_still_overwritable` takes. One that is not a regular file is named as
    such (every reader refuses it), never opened."""
    if (companion := odd_companion(db_path)) is not None:
        return odd_companion_cause(companion)
    for companion in (journal_path(db_path), wal_path(db_path)):
        if not os.path.lexists(companion):
            continue
        if companion == journal_path(db_path) and not played_back(db_path):
            continue
        if (companion == wal_path(db_path) and is_regular(companion)
                and not has_committed_frames(db_path)):
            continue
        return (f"{companion.name} beside it is a write in progress (another program) or "
                "one a crash left, which replacing the file would lose")
    return None


def _would_lose(db_path: Path) -> str | None:
    """What replacing the ChipScope database ``db_path`` would destroy: a write in progress
    or one a crash left (a journal or WAL beside it), or the user's saved scenarios, autosave
    and data edits (a rebuild writes the dataset only), or anything in a file from a newer
    ChipScope (unreadable here is not damage), or in one whose version is refused but whose
    tables still read. None for a file whose tables cannot be read, or one with nothing of the
    user's."""
    if (why := _companion_write(db_path)) is not None:
        return why
    try:
        with connect_read_only(db_path) as conn:
            if (why := _newer(conn)) is not None:
                return why
    except (StorageError, sqlite3.Error):
        pass
    try:
        with open_current(db_path) as conn:
            return user_work(conn)
    except (StorageError, sqlite3.Error):
        pass
    try:  # a refused version (negative: another program changed it) whose tables still read
        with connect_read_only(db_path) as conn:
            return user_work(conn)
    except (StorageError, sqlite3.Error):
        return None  # its tables cannot be read at all: nothing of the user's to keep


def _newer(conn: sqlite3.Connection) -> str | None:
    """Words for a database from a newer ChipScope (its user's work unreadable here), else None."""
    try:
        version = read_version(conn)[1]
    except sqlite3.Error:
        return None  # unreadable: damaged, which the caller decides about
    if version <= SCHEMA_VERSION:
        return None
    return (f"it was made by a newer ChipScope (schema version {version}; this version reads up "
            f"to {SCHEMA_VERSION}), and a rebuild would delete any saved scenarios and data "
            "edits in it (update ChipScope to rebuild it)")
