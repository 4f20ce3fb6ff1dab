"""The files SQLite opens beside a database by itself: ``-journal``, ``-wal`` and ``-shm``.

SQLite opens them by name, following a symlink, without asking what they are: a FIFO there
hangs the open for ever, and a folder or device is never a journal. One that is not a regular
file (a symlink of any kind included) is refused, naming it, by every reader and by
``data build``, which never opens it (pass 15, B1 and D3).
"""

from __future__ import annotations

import stat
from pathlib import Path

from chipscope.file_access import read_denial
from chipscope.storage.file_errors import ElsewhereRefused, FileRefused
from chipscope.storage.file_reads import cannot_read

SUFFIXES = ("-journal", "-wal", "-shm")


def odd_companion(path: Path) -> Path | None:
    """The first ``-journal``, ``-wal`` or ``-shm`` beside ``path`` (or beside the file its
    symlink leads to, where SQLite looks) that is not a regular file; None when there is none.
    Only ``lstat`` is asked: nothing is opened."""
    try:
        real = path.resolve(strict=True)  # SQLite opens the journal beside the linked-to file
    except (OSError, RuntimeError):
        real = path
    places = [path] if real == path else [path, real]
    for suffix, base in ((s, b) for b in places for s in SUFFIXES):
        companion = base.with_name(base.name + suffix)
        try:
            mode = companion.lstat().st_mode
        except (OSError, ValueError):  # none there (or a name too long to exist)
            continue
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            return companion
    return None


ODD_COMPANION_ADVICE = "move it away"
"""What to do with :func:`odd_companion`'s answer."""


def odd_companion_cause(companion: Path) -> str:
    """Why a reader and ``data build`` refuse :func:`odd_companion`'s answer, without what to
    do ("x.db-journal beside it is not a regular file (SQLite would open it as the database's
    journal)")."""
    return (f"{companion.name} beside it is not a regular file (SQLite would open it as the "
            f"database's {role(companion)})")


def role(companion: Path) -> str:
    """What ``companion`` is to its database: "journal", "write-ahead log" or "shared-memory
    index"."""
    return {"-wal": "write-ahead log", "-shm": "shared-memory index"}.get(
        next((s for s in SUFFIXES if companion.name.endswith(s)), ""), "journal")


def odd_companion_words(companion: Path) -> str:
    """The reason a reader and ``data build`` give for :func:`odd_companion`'s answer, with
    what to do."""
    return f"{odd_companion_cause(companion)}; {ODD_COMPANION_ADVICE}"


def is_regular(companion: Path) -> bool:
    """Whether ``companion`` is a regular file itself (not a symlink): the only kind of
    journal or log that is read (opening a FIFO waits for a writer for ever)."""
    try:
        return stat.S_ISREG(companion.lstat().st_mode)
    except (OSError, ValueError):
        return False


def unreadable_companion(db_path: Path, companion: Path) -> FileRefused | None:
    """The refusal of every reader of ``db_path`` whose journal or log ``companion`` this user
    may not read, in the readers' words (:func:`~chipscope.file_access.read_denial`): "Cannot
    read the database F: its write-ahead log F-wal is not readable for you (permission denied);
    make it readable (chmod u+r)."; None when it can be read (or is not there). A log that
    cannot be read is never judged another copy's, nor to be moved away: it may hold this
    database's committed writes (pass 50, F2)."""
    if (denied := read_denial(companion, f"its {role(companion)} {companion}")) is None:
        return None
    said = cannot_read("database", db_path, denied.cause, denied.fix)
    return ElsewhereRefused(str(said), said.cause, said.advice, reason=said.reason,
                            said=said.said)
