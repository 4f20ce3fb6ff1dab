"""The one way the window reads a value kept in its QSettings.

A settings file another program (or an older version) wrote can hold a value Qt cannot turn
into the type asked for: ``@ByteArray(\\xff\\xfe)`` read as ``str`` raises UnicodeDecodeError
in PySide, which stopped the window at every start. :func:`setting` gives the default instead
and logs one line naming the key and the file.

:func:`save_blocker` is asked before the window saves its settings: ``QSettings.sync()`` waits
with no time limit for its lock file beside the settings file, and a lock that is a FIFO, a
folder, held by another program or left behind where it cannot be removed hung the close. The
start asks :func:`lock_blocker` too: any mid-session ``setValue`` (a recent file, the theme)
makes Qt sync later, and a lock already bad then froze the window.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QSettings

from chipscope.storage.disk_space import no_free_inodes
from chipscope.ui.lock_files import not_a_lock_file
from chipscope.ui.settings_note import SettingsNote

log = logging.getLogger("chipscope")
LOCK_WAIT_MS = 2000
"""How long a settings save waits for another program's hold on the settings lock file."""


def setting(settings: QSettings, key: str, default: Any, kind: type | None = None) -> Any:
    """``settings.value(key, default, type=kind)``, or ``default`` when the stored value cannot
    be read as ``kind`` (then a warning naming the key and the file is logged). Without
    ``kind`` the value is returned as Qt gives it (the caller checks its type)."""
    try:
        if kind is None:
            return settings.value(key, default)
        value = settings.value(key, default, type=kind)
    except (UnicodeError, ValueError, TypeError, OverflowError, RuntimeError) as exc:
        log.warning("The setting %s in %s could not be read (%s: %s), so ChipScope started "
                    "with its default setting; choosing it again in the window replaces it.",
                    key, settings.fileName() or "the settings store", type(exc).__name__, exc)
        return default
    return value if isinstance(value, kind) else default


def save_blocker(settings: QSettings) -> str | None:
    """Why saving ``settings`` now would fail or wait for ever, in words naming the file, or
    None when the save can go ahead (:func:`lock_blocker`)."""
    native = settings.format() == QSettings.Format.NativeFormat
    if (native and sys.platform in ("win32", "darwin")) or not settings.fileName():
        return None  # the registry or a property list: no lock file
    return lock_blocker(settings.fileName() + ".lock")


def lock_blocker(lock: str, *, at_start: bool = False) -> str | None:
    """Why Qt's save of the settings beside the lock file ``lock`` would not work, in words
    naming the file, or None: its folder cannot be made (Qt makes it first, as this does), the
    lock file (or the one Qt takes to remove a stale lock) is not a regular file (reading a
    FIFO waits for ever) or too large to be one (Qt reads all of it at every try:
    :func:`~chipscope.ui.lock_files.not_a_lock_file`), or it cannot be had within
    :data:`LOCK_WAIT_MS` (another program holds it, or a stale one cannot be removed), or it
    cannot be made at all. The held lock's answer is a
    :class:`~chipscope.ui.settings_note.SettingsNote` whose ``passing`` is its remedy alone.

    ``at_start`` (nothing is saved yet): only what would make Qt's save wait for ever counts,
    and no folder is made. A folder that is missing or refuses the lock makes Qt's save fail at
    once, and the settings already there can still be read."""
    folder = os.path.dirname(lock) or os.curdir
    if not at_start:
        try:
            os.makedirs(folder, exist_ok=True)  # as QSettings.sync() does before its lock
        except OSError as exc:
            return (f"its folder {folder} cannot be made ({exc.strerror or exc}); make the "
                    "folder above it writable")
    for path in (lock, lock + ".rmlock"):
        what = not_a_lock_file(path)
        if what is not None:
            return f"its lock file {path} is {what}; remove it"
    if at_start and not os.path.isdir(folder):
        return None  # the first save makes the folder and a fresh lock in it
    probe = QLockFile(lock)
    if probe.tryLock(LOCK_WAIT_MS):
        probe.unlock()  # QSettings takes it again at once
        return None
    if probe.error() == QLockFile.LockError.LockFailedError:
        return SettingsNote(  # passing: the remedy alone, the lock named by its name
            f"its lock file {lock} is held by another program, or left behind and cannot be "
            "removed; close other ChipScope windows, or remove that file if none runs",
            f"close other ChipScope windows, or remove {os.path.basename(lock)} if none is open")
    if at_start:
        return None  # Qt's save fails at once (and the close says why)
    why = _unmakeable(lock)
    return f"its lock file {lock} cannot be made in {folder}{why or '; make that folder writable'}"


def sync_failure(settings: QSettings) -> str | None:
    """After ``settings.sync()``: why the settings were not written, in words naming the
    cause, or None when they were. Qt says only AccessError when its new copy of the settings
    file cannot be made (pass 39: a disk with room for the lock but not for settings.ini), so
    the cause is learnt as :func:`lock_blocker` learns it, with the lock held as Qt held it
    while writing and a probe as large as the settings file. A settings file that is a link is
    rewritten beside the file it leads to (Qt follows it), so that folder is probed and named."""
    status = settings.status()
    if status == QSettings.Status.NoError:
        return None
    path = settings.fileName()
    if status == QSettings.Status.FormatError:
        return "it is not a settings file ChipScope can read; remove or rename it"
    # Qt writes its new copy beside the file a link leads to (pass 40: the link's folder was
    # probed, and a full or read-only disk, or a missing folder, where it points went unnamed)
    real = os.path.realpath(path) if os.path.islink(path) else path
    linked = f"it links to {real}, and " if real != path else ""
    folder = os.path.dirname(real) or os.curdir
    if linked and not os.path.isdir(folder):
        remedy = f"remove the link {path} (a new settings file is then made in its place)"
        if os.path.lexists(folder):
            return f"{linked}{folder} is not a folder; {remedy}"
        return f"{linked}the folder {folder} does not exist; make that folder, or {remedy}"
    try:
        size = os.path.getsize(real)
    except OSError:
        size = 0
    lock = QLockFile(path + ".lock")  # Qt's lock is beside the link
    held = lock.tryLock(0)
    try:
        why = _unmakeable(real, size)
    finally:
        if held:
            lock.unlock()
    if not why:  # a test file is made there now: the system gave no reason to learn
        return (f"{linked}it could not be rewritten (the system gave no reason; {folder} "
                "takes new files now)")
    return f"{linked}its new copy cannot be made in {folder}{why}"


def _unmakeable(lock: str, size: int = 0) -> str:
    """Why a file cannot be made beside ``lock`` (Qt does not say), the rest of the sentence
    after "cannot be made in FOLDER": a file like Qt's (a few bytes, or ``size``) is made and
    removed to learn the system's reason ("" when it is made). A full disk was called an
    unwritable folder (pass 38)."""
    probe = f"{lock}.probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            data = f"{os.getpid()}\nchipscope\n".encode() * 16
            os.write(fd, data.ljust(size, b"\n"))
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(probe)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            if no_free_inodes(Path(lock)):
                return (" because its disk can hold no more files (no free inodes); delete "
                        "some files on it")
            return " because its disk is full; free some space on it"
        if exc.errno == errno.EROFS:
            return " because its disk is read-only; make that disk writable"
        if exc.errno not in (errno.EACCES, errno.EPERM):
            return f" ({exc.strerror or exc}); make sure that folder takes new files"
        return "; make that folder writable"
    return ""  # made: no reason to learn
