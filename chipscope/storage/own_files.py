"""The files ChipScope keeps for itself, which no export or other written file may replace.

:func:`own_file_role` is asked by :func:`chipscope.storage.files.write_target`, the one check
every writer (window and CLI alike) makes before it writes a path:

- the companions of a database beside the target (``X-journal``, ``X-wal``, ``X-shm``: SQLite
  deletes or replays them; ``X.lock``: the window's autosave lock, which the next window takes
  for a stale lock and deletes, after which two windows share one autosave);
- the settings file (:func:`chipscope.paths.settings_file`) and the lock file Qt makes beside
  it at every save (:func:`chipscope.paths.settings_lock_file`: Qt deletes one it cannot read
  as a stale lock when the window closes);
- the log, its rotated copies and the crash log (:func:`chipscope.paths.log_files`).

The database itself is refused by its content (:func:`chipscope.storage.files.refuse_replacing`).
"""

from __future__ import annotations

import os
from pathlib import Path

from chipscope import paths
from chipscope.storage.schema import SQLITE_HEADER

_SIDES = (("-journal", "journal", "SQLite deletes it or replays it into the database"),
          ("-wal", "write-ahead log", "SQLite deletes it or replays it into the database"),
          ("-shm", "shared-memory file", "SQLite rewrites it"),
          (".lock", "autosave lock file", "a ChipScope window would take it for a stale lock "
                    "and delete it, and two windows would then share one autosave"))


def own_file_role(target: Path) -> str | None:
    """Why ``target`` is one of ChipScope's own files, as "it is the ... " words to follow
    the file's name, or None for any other file."""
    side = _database_side(target)
    if side is not None:
        return side
    real = _real(target)
    try:
        settings, logs = paths.settings_file(), paths.log_files()
        settings_lock = paths.settings_lock_file()
    except paths.HomeError:  # a relative CHIPSCOPE_HOME: refused where the home is used, so
        return None  # ChipScope keeps no settings or log there (run --db X needs no home)
    if settings is not None and real == _real(settings):
        return "it is ChipScope's settings file (window size, recent files...)"
    if settings_lock is not None and real == _real(settings_lock):
        return ("it is the lock file of ChipScope's settings, which Qt deletes (as a stale "
                "lock) when the window saves its settings")
    if any(real == _real(log) for log in logs):
        return "it is ChipScope's log, which ChipScope appends to"
    return None


def _database_side(target: Path) -> str | None:
    """"it is the journal of the database beside it (why)" when ``target`` is one of the files
    a database beside it keeps (see ``_SIDES``), else None."""
    for suffix, name, why in _SIDES:
        if target.name.endswith(suffix) and len(target.name) > len(suffix) \
                and _is_database(target.with_name(target.name[:-len(suffix)])):
            return f"it is the {name} of the database beside it ({why})"
    return None


def _is_database(path: Path) -> bool:
    """Whether ``path`` is a regular file starting with SQLite's header (read without
    blocking: a FIFO there is no database)."""
    try:
        if not path.is_file():
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return False
    try:
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)


def _real(path: Path) -> str:
    """``path`` with its symlinks resolved as far as they go (also for a missing file)."""
    try:
        return os.path.normcase(os.path.realpath(path))
    except (OSError, ValueError):
        return str(path)
