"""The lock (``<database>.lock``) by which one ChipScope window owns a database's single
autosave; one that a crashed window left is taken over, and one that cannot be replaced (a
full disk) is never taken for another window's. One that names this very process while no
window here holds it is a crashed window's whose pid this start got again (a container's pid
1, a sandbox's small pids): stale too."""

from __future__ import annotations

import logging
import os
import socket
import weakref
from pathlib import Path

from PySide6.QtCore import QLockFile

from chipscope.storage.disk_space import disk_is_full, no_free_inodes
from chipscope.storage.path_length import name_max
from chipscope.ui.lock_files import not_a_lock_file

log = logging.getLogger("chipscope")
_held: dict[str, weakref.ref[QLockFile]] = {}
"""The lock files this process holds (by path): a lock naming this process that none of them
is was left by a dead process with the same pid."""


def _taken(lock: QLockFile, lock_path: str) -> tuple[QLockFile, bool]:
    _held[lock_path] = weakref.ref(lock)
    return lock, True


def _left_by_my_pid(lock: QLockFile, lock_path: str) -> bool:
    """Whether the lock names this process (pid and host) although no lock of this process
    holds it: a crashed window's, in a pid namespace where this start got its pid."""
    info = lock.getLockInfo()
    if not isinstance(info, tuple) or len(info) < 2 or info[0] != os.getpid() \
            or (info[1] and info[1] != socket.gethostname()):
        return False
    mine = _held.get(lock_path)
    held = mine() if mine is not None else None
    return held is None or not held.isLocked()


def _holder_gone(lock: QLockFile) -> bool:
    """Whether the lock's owner is known to have died: its pid on this host runs no more, or
    now runs another program (a reused pid, soon after a reboot or in a container)."""
    info = lock.getLockInfo()
    pid = info[0] if isinstance(info, tuple) and info else 0
    host = info[1] if isinstance(info, tuple) and len(info) > 1 else ""
    appname = info[2] if isinstance(info, tuple) and len(info) > 2 else ""
    if not isinstance(pid, int) or pid <= 0 or (host and host != socket.gethostname()):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it runs, as another user (EPERM)
        return False
    return _zombie(pid) or _runs_another_program(pid, appname)


def _runs_another_program(pid: int, appname: object) -> bool:
    """Whether ``pid`` runs a program other than the lock's writer, as Qt's own staleness
    check judges it: the name of its executable (Linux: /proc/<pid>/exe) is not the lock's
    application name (the executable's name of the window that wrote it, ``python3.11`` or
    ``chipscope``). Not known (no /proc, no name in the lock, or this very process): False."""
    if not isinstance(appname, str) or not appname or pid == os.getpid():
        return False
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    exe = exe.removesuffix(" (deleted)")  # its executable was replaced (an update) since
    return os.path.basename(exe) != os.path.basename(appname)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has died but not been reaped yet (Linux: its state in /proc is Z or X),
    as a window killed with its parent is for a while."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in ("Z", "X")


def _cause(db_path: Path) -> str:
    name = os.fsencode(os.path.basename(os.path.realpath(db_path) + ".lock"))
    if len(name) > (limit := name_max(os.path.dirname(os.path.realpath(db_path)))):
        return (f"its name is too long: {len(name)} bytes, where the folder's file system "
                f"allows at most {limit}; give the database a shorter name")
    if no_free_inodes(db_path):
        return "its disk can hold no more files: no free inodes"
    if disk_is_full(db_path):
        return "its disk is full"
    return "the folder refuses it"


def take_autosave_lock(db_path: Path) -> tuple[QLockFile | None, bool]:
    """(the lock now held, or None; whether this window owns the autosave). Not owned only
    when another running ChipScope window holds the lock: that window owns the database's
    single autosave, so this one neither writes nor clears it, and does not offer it for
    restoring (it is not left over from a crash). A lock whose process has died is stale and
    taken over; when it cannot be (a full disk), this window carries on as the only one."""
    # One lock per database file: a second window on it through a symlinked name owned the
    # single autosave too, and cleared or overwrote the first window's.
    lock_path = os.path.realpath(db_path) + ".lock"
    odd = not_a_lock_file(lock_path)
    if odd is not None:  # Qt would wait for ever on a FIFO, or read all of a huge file
        log.warning("%s is %s, so autosave runs without a lock, and that file is left as it "
                    "is; remove it if no program of yours uses it", lock_path, odd)
        return None, True
    lock = QLockFile(lock_path)
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
    if lock.tryLock(0):
        return _taken(lock, lock_path)
    failed = lock.error() == QLockFile.LockError.LockFailedError
    # Empty or unreadable (a crash or power cut while it was written): no process holds it,
    # and it would turn autosave off at every start. Or it names this process, which does
    # not hold it (Qt judges its own pid alive): a crashed window's in a container.
    if failed and (lock.getLockInfo()[0] <= 0 or _left_by_my_pid(lock, lock_path)) \
            and lock.removeStaleLockFile() and lock.tryLock(0):
        return _taken(lock, lock_path)
    if failed and not _holder_gone(lock):
        log.info("Another ChipScope window has %s open: autosave is off here", db_path)
        return None, False
    # A crashed window's lock that cannot be replaced, or a folder that refuses the lock
    # file (read-only, a full disk): carry on as the only window.
    log.warning("Cannot create %s (%s); autosave runs without it", lock_path, _cause(db_path))
    return None, True
