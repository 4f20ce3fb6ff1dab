"""Whether another process holds one of SQLite's POSIX locks (SQLite's ``os_unix.c``).

Asked with ``F_GETLK``, which takes no lock. Where the layout of ``struct flock`` is not known
(or there is no ``fcntl``), no lock is seen.

* ``RESERVED_BYTE`` of the database file: a rollback-journal writer holds it for its whole
  write transaction (``PENDING_BYTE + 1``).
* ``DB_LOCK_BYTES`` of the database file (``PENDING_BYTE`` to the end of the shared range):
  every connection holds a lock there while it reads or writes, a WAL-mode connection for as
  long as it is open, and one with ``locking_mode=EXCLUSIVE`` (which makes no ``-shm``)
  exclusively until it closes.
* ``SHM_DMS_BYTE`` of ``<db>-shm``: every connection that has the database open in WAL mode
  holds a read lock on this "dead-man switch" byte (``UNIX_SHM_DMS``: ``UNIX_SHM_BASE`` 120 plus
  ``SQLITE_SHM_NLOCK`` 8) for as long as it is open; the last one to close takes it exclusive
  to clean up.

Closing any descriptor of a file drops every POSIX lock *this* process holds on it (SQLite's
own, of a connection open here). So a descriptor opened here is kept open, one per file (device
and inode), as SQLite keeps its own: for the :data:`KEPT` files asked about last (a window that
opens file after file, or a test suite, would otherwise run out of descriptors: 256 is macOS's
default limit). The one asked about longest ago is closed beyond that.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from typing import NamedTuple

PENDING_BYTE = 0x40000000
RESERVED_BYTE = PENDING_BYTE + 1
DB_LOCK_BYTES = (PENDING_BYTE, 2 + 510)  # PENDING, RESERVED and SHARED_FIRST + SHARED_SIZE
SHM_DMS_BYTE = 128
SHM_LOCK_BYTES = (120, 9)  # the -shm's locks (write, checkpoint, recover, read marks), its switch
_FLOCK = {"linux": "hhqqi4x", "darwin": "qqihh"}.get(sys.platform)
"""The layout of ``struct flock`` where it is known (elsewhere no lock is seen)."""
KEPT = 32
"""How many files' descriptors are kept open here at most (see the module docstring)."""
_OPEN: OrderedDict[tuple[int, int], int] = OrderedDict()
"""The descriptors opened here, by (device, inode), the one used last at the end."""
_GUARD = threading.RLock()
"""Held while a kept descriptor is looked up and used: another thread's look-up never closes
it (the oldest beyond :data:`KEPT`) under a read, nor opens a second one for the same file."""


def _descriptor(path: Path) -> int | None:
    """A read-only descriptor of the regular file ``path``, kept open (None: none there, not a
    regular file, unreadable). A FIFO or device is never opened."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        if (known := _OPEN.get((info.st_dev, info.st_ino))) is not None:
            _OPEN.move_to_end((info.st_dev, info.st_ino))
            return known
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        opened = os.fstat(fd)
    except (OSError, ValueError):
        return None
    # Kept even when the name now leads elsewhere (a FIFO put there since).
    _OPEN.setdefault((opened.st_dev, opened.st_ino), fd)
    while len(_OPEN) > KEPT:
        os.close(_OPEN.popitem(last=False)[1])
    return fd if stat.S_ISREG(opened.st_mode) else None


def read_at(path: Path, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of the regular file ``path`` from ``offset``, read through the
    descriptor kept open here (reading the database or its ``-shm`` through a descriptor that
    is then closed would drop SQLite's locks of this process). OSError when it cannot be read."""
    if not hasattr(os, "pread"):  # no POSIX locks either (Windows)
        with open(path, "rb") as handle:
            handle.seek(offset)
            return handle.read(size)
    with _GUARD:
        fd = _descriptor(path)
        if fd is None:
            raise OSError(f"{path} cannot be read")
        return os.pread(fd, size, offset)


def copy_out(path: Path, target: Path, chunk: int = 1 << 20) -> None:
    """Copy the regular file ``path`` to ``target`` through the kept descriptor (a database
    this process may hold SQLite locks on: a copy through a descriptor of its own would drop
    them when it closes). OSError when it cannot be read or written."""
    with open(target, "wb") as out:
        offset = 0
        while data := read_at(path, offset, chunk):
            out.write(data)
            offset += len(data)


class Holder(NamedTuple):
    """Another process's lock found by ``F_GETLK``."""

    pid: int
    """Its process id (0: not known)."""
    exclusive: bool
    """A write lock (``F_WRLCK``); False: a read (shared) lock."""


def lock_holder(path: Path, offset: int, length: int = 1) -> Holder | None:
    """Another process that holds a lock (read or write) on ``length`` bytes from ``offset`` of
    the regular file ``path``: its id and the lock's kind; None when no other process does or
    that cannot be told (no file, not a regular file, no fcntl)."""
    if _FLOCK is None:
        return None
    try:
        import fcntl
    except ImportError:
        return None
    query = (struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, offset, length, 0)
             if sys.platform == "linux" else
             struct.pack(_FLOCK, offset, length, 0, fcntl.F_WRLCK, os.SEEK_SET))
    with _GUARD:
        fd = _descriptor(path)
        if fd is None:
            return None
        try:
            answer = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, query))
        except OSError:
            return None
    kind, pid = (answer[0], answer[4]) if sys.platform == "linux" else (answer[3], answer[2])
    if kind == fcntl.F_UNLCK:
        return None
    return Holder(max(int(pid), 0), kind == fcntl.F_WRLCK)


def held_by_another(path: Path, offset: int, length: int = 1) -> bool:
    """Whether another process holds a lock (read or write) on those bytes of ``path``."""
    return lock_holder(path, offset, length) is not None


def has_open(pid: int, info: os.stat_result) -> bool | None:
    """Whether process ``pid`` has the file ``info`` (its device and inode) open, from its
    descriptors in ``/proc``; None when that cannot be read (not Linux, another user's
    process, an unknown id)."""
    if pid <= 0:
        return None
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    for name in names:
        try:
            found = os.stat(os.path.join(folder, name))
        except OSError:  # closed since, or not a file
            continue
        if (found.st_dev, found.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False
