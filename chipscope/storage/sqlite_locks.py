"""Whether another process holds one of SQLite's POSIX locks (SQLite's ``os_unix.c``).

Asked with ``F_GETLK``, which takes no lock. Where the layout of ``struct flock`` is not known
(or there is no ``fcntl``), no lock is seen.

* ``RESERVED_BYTE`` of the database file: a rollback-journal writer holds it for its whole
  write transaction (``PENDING_BYTE + 1``).
* ``SHM_DMS_BYTE`` of ``<db>-shm``: every connection that has the database open in WAL mode
  holds a read lock on this "dead-man switch" byte (``UNIX_SHM_DMS``: ``UNIX_SHM_BASE`` 120 plus
  ``SQLITE_SHM_NLOCK`` 8) for as long as it is open; the last one to close takes it exclusive
  to clean up.

A descriptor opened here is closed at once, which drops every POSIX lock *this* process holds
on that file: never call these while this process has an SQLite connection to it open.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
from pathlib import Path

RESERVED_BYTE = 0x40000001
SHM_DMS_BYTE = 128
_FLOCK = {"linux": "hhqqi4x", "darwin": "qqihh"}.get(sys.platform)
"""The layout of ``struct flock`` where it is known (elsewhere no lock is seen)."""


def held_by_another(path: Path, offset: int) -> bool:
    """Whether another process holds a lock (read or write) on byte ``offset`` of the regular
    file ``path``; False when that cannot be told (no file, not a regular file, no fcntl)."""
    if _FLOCK is None:
        return False
    try:
        import fcntl
    except ImportError:
        return False
    query = (struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0)
             if sys.platform == "linux" else
             struct.pack(_FLOCK, offset, 1, 0, fcntl.F_WRLCK, os.SEEK_SET))
    try:  # a FIFO or device is never opened (a FIFO put there since opens without waiting)
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
    except OSError:
        return False
    finally:
        os.close(fd)
    kind = struct.unpack(_FLOCK, answer)[0 if sys.platform == "linux" else 3]
    return bool(kind != fcntl.F_UNLCK)
