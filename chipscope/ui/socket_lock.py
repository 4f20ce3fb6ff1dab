"""The lock that serializes claiming the hand-over socket's path (:func:`socket_path.claim`).

Two starts at the same moment could both find the path free or its socket stale, and one then
moved the other's live socket aside: later starts handed their files to nobody, or two windows
both took themselves for the first. So the probe and the claim run under an exclusive lock on
``<socket path>.lock`` (``flock``), a regular file of this user's made only this user can read
(never followed if it is a link). A lock that cannot be had within :data:`WAIT_S` (a start that
hangs holding it) or a lock file that is not a plain file of this user's is said in the log,
and the start goes on without it rather than hang."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: named pipes, no socket file and no lock
    fcntl = None  # type: ignore[assignment]

WAIT_S = 5.0
"""How long a start waits for another start holding the lock."""


def lock_path(socket: Path) -> Path:
    return socket.with_name(socket.name + ".lock")


@contextlib.contextmanager
def claim_lock(socket: Path) -> Iterator[bool]:
    """Hold the exclusive lock on ``socket``'s lock file while the block runs: True if held,
    False (logged) if it could not be had (the block runs all the same)."""
    fd = _locked(lock_path(socket))
    try:
        yield fd is not None
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock; the file stays (removing it would race)


def _locked(path: Path) -> int | None:
    """An open descriptor of ``path`` holding its exclusive lock, or None (said in the log)."""
    if fcntl is None:
        return None
    log = logging.getLogger("chipscope")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:  # ELOOP: a symbolic link there (never followed)
        what = ("is a symbolic link" if os.path.islink(path)
                else f"cannot be opened ({exc.strerror})")
        log.warning("ChipScope's lock file %s %s, so two ChipScope starts at the same moment "
                    "may both open a window; remove it (ChipScope leaves it as it is)", path, what)
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            log.warning("ChipScope's lock file %s is %s, so two ChipScope starts at the same "
                        "moment may both open a window; remove it (ChipScope leaves it as it "
                        "is)", path, "not a regular file" if not stat.S_ISREG(info.st_mode)
                        else f"a file of another user (uid {info.st_uid})")
            os.close(fd)
            return None
        end = time.monotonic() + WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= end:
                    break
                time.sleep(0.02)
    except OSError as exc:
        log.warning("Cannot lock %s: %s; going on without it", path, exc.strerror)
        os.close(fd)
        return None
    log.warning("Another ChipScope start has held the lock %s for more than %g s; going on "
                "without it (if two windows open on the same database, close one)", path, WAIT_S)
    os.close(fd)
    return None
