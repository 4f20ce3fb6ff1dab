"""The files SQLite writes beside a database (its ``-journal``; its ``-wal`` and ``-shm`` in WAL
mode) when one of them keeps a write out although the database and its folder can be
written: immutable or append-only (:func:`sealed_companion`), or read-only by its permission
bits (:func:`read_only_companion`, pass 64 F2/F3: SQLite said the database was read-only, or
"unable to open database file", without naming the file to make writable)."""

from __future__ import annotations

import os
from pathlib import Path

from chipscope.storage.file_causes import sealed_file
from chipscope.storage.sqlite_locks import read_at
from chipscope.storage.write_permission import write_protected

COMPANIONS = (("-journal", "write or delete its journal"),
              ("-wal", "write its write-ahead log"),
              ("-shm", "write the shared-memory index of its write-ahead log"))


def sealed_companion(db_path: Path) -> str | None:
    """Why SQLite cannot write the database ``db_path`` when a file it must write beside it
    is immutable or append-only (``chattr +i``/``+a``; even root cannot open either for a
    write): "d/k.db-journal beside it is immutable (chattr +i), so SQLite cannot write or
    delete its journal" (SQLite said only "disk I/O error", pass 19 D2); None otherwise. The
    journal always counts; the ``-wal`` and ``-shm`` when SQLite would use them (the file is
    in WAL mode, or a log with frames is beside it)."""
    for companion, what in _used(db_path):
        if (attribute := sealed_file(companion)) is not None:
            return (f"{shown_companion(db_path, companion)} beside it is {attribute}, so "
                    f"SQLite cannot {what}")
    return None


def shown_companion(db_path: Path, companion: Path) -> str:
    """``companion`` named as the user named the database (its real path through a link)."""
    real = os.path.realpath(db_path)
    return shown_database(db_path) + companion.name[len(Path(real).name):]


def shown_database(db_path: Path) -> str:
    """The database named as the user named it ("ro/z.db"), or its real path when that name
    is a link (its companions are beside the real file)."""
    real = os.path.realpath(db_path)
    return str(db_path) if os.path.abspath(db_path) == real else real


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except (OSError, ValueError):
        return 0


def _in_wal_mode(path: Path) -> bool:
    """Whether the file's header asks for WAL mode (its write and read versions are 2), read
    through the descriptor :mod:`~chipscope.storage.sqlite_locks` keeps (only a regular file,
    never blocking): a descriptor of the database closed here would drop this process's
    SQLite locks on it, as :mod:`~chipscope.storage.database_file` says."""
    try:
        return read_at(path, 18, 2) == b"\x02\x02"
    except (OSError, ValueError):
        return False


def _used(db_path: Path) -> list[tuple[Path, str]]:
    """(the file, what SQLite cannot do without writing it) for each companion of ``db_path``
    that SQLite would write: the journal always; the ``-wal`` and ``-shm`` when it would use
    them (the file is in WAL mode, or a log with frames is beside it)."""
    real = Path(os.path.realpath(db_path))
    uses_wal = bool(_size(Path(f"{real}-wal"))) or _in_wal_mode(real)
    return [(Path(f"{real}{suffix}"), what) for suffix, what in COMPANIONS
            if suffix == "-journal" or uses_wal]


def read_only_companion(db_path: Path) -> tuple[str, str] | None:
    """(cause, advice) when a companion SQLite must write beside ``db_path`` (:func:`_used`)
    is an existing file that this user cannot write, or whose mode has no owner-write bit
    (0444, read-only for root too, as the database itself: :func:`write_protected`):
    ("k.db-wal beside it is read-only, so SQLite cannot write its write-ahead log",
    "make it writable (chmod u+w k.db-wal); nothing was changed"); None otherwise."""
    for companion, what in _used(db_path):
        try:
            # Gone since is_file (another connection's commit removed its journal): not
            # denied. os.access said False for it, and two windows saving at once were told
            # the database is read-only (a CI run of test_save_conflict, session 44).
            denied = companion.is_file() and (write_protected(companion) or (
                not os.access(companion, os.W_OK) and os.path.lexists(companion)))
        except OSError:
            denied = False
        if denied:
            shown = shown_companion(db_path, companion)
            return (f"{shown} beside it is read-only, so SQLite cannot {what}",
                    f"make it writable (chmod u+w {shown}); nothing was changed")
    return None
