"""Command output written to standard output (``--out -``), every byte accounted for.

``sys.stdout.write`` trusts Python's buffered writer, which returns a short count when the
kernel takes only part of a large write (a nearly full disk) and does not try again; the text
layer drops that count, so a cut CSV was reported as written, exit 0. :func:`write_stdout`
writes the bytes itself, in a loop that checks every count: a write that makes no progress is
a full disk, an ``OSError`` the CLI reports as "could not write to standard output".
"""

from __future__ import annotations

import errno
import io
import os
import sys
from pathlib import Path


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output in full (after what was printed before it), or raise
    :class:`OSError` (ENOSPC when the system takes no more bytes)."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        stream.write(text)  # not a file (a test's capture, an embedding program's stream)
        stream.flush()
        return
    stream.flush()
    data = text.encode(getattr(stream, "encoding", None) or "utf-8",
                       getattr(stream, "errors", None) or "strict")
    view = memoryview(data)
    while view:
        count = os.write(fd, view)
        if count <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[count:]


# --- databases a command changed: said when its report then fails -------------------------------
_watched: dict[str, tuple[object, ...] | None] = {}


def watch_databases(paths: list[Path]) -> None:
    """Remember the state of the databases a command may change (``data import-edits``,
    ``keep-edit``, ``drop-edit``), so that a failure after the change (a full stdout, Ctrl+C)
    can say it was made all the same (:func:`changed_note`). Replaces any earlier watch."""
    _watched.clear()
    for path in paths:
        _watched[str(path)] = _state(str(path))


def changed_note() -> str:
    """"; DB was changed all the same" for each watched database that changed since
    :func:`watch_databases` ("" for none). A file with a journal beside it is mid-write (it
    may yet be rolled back): not claimed. Imports nothing (a signal handler calls it)."""
    changed = [path for path, before in _watched.items()
               if not os.path.lexists(path + "-journal") and _state(path) != before]
    if not changed:
        return ""
    return f"; {', '.join(changed)} {'was' if len(changed) == 1 else 'were'} changed all the same"


def _state(path: str) -> tuple[object, ...] | None:
    """What a committed write changes: the file's identity, size and time, SQLite's file
    change counter (header bytes 24-27) and its write-ahead log's size and time."""
    try:
        st = os.stat(path)
        with open(path, "rb") as db:
            head = db.read(28)[24:]
    except OSError:
        return None
    try:
        wal = os.stat(path + "-wal")
        log: tuple[int, int] | None = (wal.st_size, wal.st_mtime_ns)
    except OSError:
        log = None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, head, log)
