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


def only_zero_bytes(path: Path | str, chunk: int = 1 << 20) -> bool:
    """Whether the database file ``path`` holds only zero bytes (what a crash leaves), read
    as :func:`read_database_head` reads it, up to its first other byte; False when it cannot
    be read."""
    offset = 0
    try:
        while data := read_at(Path(path), offset, chunk):
            if data.count(0) != len(data):
                return False
            offset += len(data)
    except OSError:
        return False
    return offset > 0
