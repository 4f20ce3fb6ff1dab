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

import errno
import os
from pathlib import Path

from chipscope.model.text_rules import shortened

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


DB_SHORTER_NAME = "give it a shorter name"
DB_SHORTER_PATH = "use a folder with a shorter path"
DB_SHORTER_HOME = "set CHIPSCOPE_HOME to a folder with a shorter path"


def length_advice(db_path: Path | str, store: bool = False) -> tuple[str, str] | None:
    """:func:`length_cause` and what to do about it ("give it a shorter name", "use a folder
    with a shorter path"; ``store``: ChipScope's own database, whose folder is a setting);
    None when SQLite can open and write ``db_path``."""
    if (cause := path_cause(db_path)) is not None:
        return cause, DB_SHORTER_HOME if store else DB_SHORTER_PATH
    if (cause := name_cause(db_path)) is not None:
        return cause, DB_SHORTER_NAME
    return None


# --- a name or path no file system takes (ENAMETOOLONG), at every reader and writer ----------
DEFAULT_PATH_MAX = 4096
SHOWN_LIMIT = 200
"""A path longer than this is shortened in a message (:func:`shown_path`)."""
SHORTER_NAME = "choose a shorter name"
SHORTER_PATH = "choose a shorter path or folder"


def is_too_long(exc: BaseException) -> bool:
    """Whether the system refused ``exc``'s path for its length (``ENAMETOOLONG``)."""
    return isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG


def shown_path(path: Path | str) -> str:
    """``path`` for a message, its middle shortened past :data:`SHOWN_LIMIT` characters."""
    return shortened(str(path), SHOWN_LIMIT)


def _path_max() -> int:
    try:
        return int(os.pathconf("/", "PC_PATH_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_PATH_MAX


def _nearest_folder(folder: str) -> str:
    """``folder``, or the nearest folder above it that exists (whose name limit applies)."""
    while folder and not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)
    return folder or "."


def too_long(path: Path | str) -> tuple[str, str]:
    """Why the system refused ``path`` with ``ENAMETOOLONG``, and the advice: "its name is too
    long (260 bytes; the file system takes at most 255)", "choose a shorter name"; a folder on
    the way named, shortened ("the name of its folder aaa…aaa (300 characters) is too long
    (...)"); or "its path is too long (4,300 bytes; the system takes at most 4,095)", "choose
    a shorter path or folder". The one cause every reader and writer gives (pass 60 F2)."""
    text = str(path)
    length = len(os.fsencode(text))
    limit = _path_max() - 1  # the system's limit counts the closing NUL
    if length > limit:
        return (f"its path is too long ({length:,} bytes; the system takes at most "
                f"{limit:,})", SHORTER_PATH)
    parts = Path(text).parts
    for i, part in enumerate(parts):
        size = len(os.fsencode(part))
        folder = str(Path(*parts[:i])) if i else "."
        most = name_max(_nearest_folder(folder))
        if size <= most:
            continue
        bound = f"({size:,} bytes; the file system takes at most {most:,})"
        if i == len(parts) - 1:
            return f"its name is too long {bound}", SHORTER_NAME
        return (f"the name of its folder {shortened(part, 41)} is too long {bound}",
                "choose a shorter folder name")
    return "its name or path is too long for the file system", SHORTER_PATH


def too_long_clause(path: Path | str) -> str:
    """:func:`too_long`'s cause and advice after a semicolon, for a message of its own."""
    return "; ".join(too_long(path))
