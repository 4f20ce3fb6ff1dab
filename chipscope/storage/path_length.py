"""The length limits of a database's path and name, the one rule every opener and maker asks.

SQLite's unix VFS opens no path (symlinks followed) longer than :data:`SQLITE_PATH_MAX` bytes:
it says "unable to open database file", which was reported as a damaged database, "rebuild it
or restore a copy" (pass 46 F5), for a healthy file. And a file name of up to the file system's
limit (255 bytes) is legal, but SQLite makes its journal beside the file as "<name>-journal":
with a name over :func:`name_max` bytes, every write fails with the same "unable to open
database file" (pass 46 F3). :func:`length_cause` names either cause; the errors made of it
(:func:`~chipscope.storage.errors.length_failure`) are raised before a file is made or opened.
"""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_PATH_MAX = 504
"""The longest absolute path (bytes, symlinks followed) SQLite opens: its unix VFS keeps 512
bytes for a path, of which the 8 of "-journal" must stay free (found by experiment with SQLite
3.40: 504 bytes open, 505 do not, for reading and writing alike)."""

JOURNAL_SUFFIX = "-journal"
"""The longest name SQLite adds to the database's (its ``-wal``/``-shm`` and ChipScope's
``.lock`` are shorter)."""

DEFAULT_NAME_MAX = 255


def _real(path: Path) -> tuple[str, bool]:
    """The absolute path SQLite opens (symlinks followed), and whether it differs from ``path``."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        real = os.path.abspath(path)
    return real, real != os.path.abspath(path)


def name_max(folder: Path | str) -> int:
    """The longest file name (bytes) the file system holding ``folder`` allows (255 when it
    cannot be asked: a folder not made yet)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # AttributeError: no pathconf (Windows)
        return DEFAULT_NAME_MAX


def path_cause(db_path: Path | str) -> str | None:
    """"its path is too long (530 bytes; SQLite can open at most 504)" when SQLite cannot open
    ``db_path`` for its length; None otherwise."""
    real, differs = _real(Path(db_path))
    length = len(os.fsencode(real))
    if length <= SQLITE_PATH_MAX:
        return None
    which = "real path (symlinks followed)" if differs else "path"
    return (f"its {which} is too long ({length:,} bytes; SQLite can open paths of at most "
            f"{SQLITE_PATH_MAX} bytes)")


def name_cause(db_path: Path | str) -> str | None:
    """"its file name is too long (253 bytes; SQLite needs room for its "-journal" file beside
    it: at most 247 bytes)" when SQLite could not make the journal of ``db_path``; None
    otherwise."""
    real, _ = _real(Path(db_path))
    folder, name = os.path.split(real)
    limit = name_max(folder or "/") - len(JOURNAL_SUFFIX)
    length = len(os.fsencode(name))
    if length <= limit:
        return None
    return (f"its file name is too long ({length} bytes; SQLite needs room for its "
            f"\"{JOURNAL_SUFFIX}\" file beside it: at most {limit} bytes)")


def length_cause(db_path: Path | str) -> str | None:
    """The path's cause (:func:`path_cause`), else the name's (:func:`name_cause`), else None."""
    return path_cause(db_path) or name_cause(db_path)
