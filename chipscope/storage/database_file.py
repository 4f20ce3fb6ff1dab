"""Reading the database file itself, never through a descriptor that is then closed.

Closing any descriptor of a file drops every POSIX lock this process holds on it: the shared
lock of another thread's read, the reserved or exclusive lock of another thread's save (a
window's autosave beside a save on its worker thread, two threads of one program). Another
program could then write the file under that read, or beside that save. SQLite keeps its own
descriptors open for that reason; ChipScope's own reads of the file (its header before SQLite
opens it, the pages a journal is compared with, the private copy of a file with a journal) go
through the descriptor :mod:`~chipscope.storage.sqlite_locks` keeps open.
"""

from __future__ import annotations

import os
from pathlib import Path

from chipscope.storage import files
from chipscope.storage.sqlite_locks import read_at


def read_database_head(path: Path | str, size: int = 100) -> bytes:
    """The first ``size`` bytes of the database file ``path`` (fewer when it is shorter), as
    :func:`~chipscope.storage.files.read_head` reads them (:class:`FileRefused` for a FIFO, a
    folder, a symlink loop, an unreadable file, in its words)."""
    real = files.check_regular_file(path, "database")
    try:
        return read_at(Path(real), 0, size)
    except OSError:  # unreadable: read_head names the cause
        return files.read_head(real, "database", size)


def zero_counts(path: Path | str, chunk: int = 1 << 20) -> tuple[int, int, int] | None:
    """How the database file ``path`` holds zero bytes (what a crash leaves: only zero bytes, a
    zeroed first block, mostly zero bytes), read as :func:`read_database_head` reads it: its
    leading zero bytes, its zero bytes (those read up to the end of a leading run of 100 or
    more) and its size; None when it cannot be read or is neither (read no further than that
    is known)."""
    offset = leading = zeros = 0
    try:
        size = os.stat(path).st_size
        while data := read_at(Path(path), offset, chunk):
            if leading == offset:
                leading += len(data) - len(data.lstrip(b"\0"))
            zeros += data.count(0)
            offset += len(data)
            if leading < offset and leading >= 100:  # a zeroed first block, then other bytes
                return leading, zeros, max(size, offset)
            if offset - zeros > size // 10:  # not mostly zero bytes
                return None
    except OSError:
        return None
    return (leading, zeros, offset) if offset else None
