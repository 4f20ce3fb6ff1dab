"""The one way the window reads a value kept in its QSettings.

A settings file another program (or an older version) wrote can hold a value Qt cannot turn
into the type asked for: ``@ByteArray(\\xff\\xfe)`` read as ``str`` raises UnicodeDecodeError
in PySide, which stopped the window at every start. :func:`setting` gives the default instead
and logs one line naming the key and the file.

:func:`save_blocker` is asked before the window saves its settings: ``QSettings.sync()`` waits
with no time limit for its lock file beside the settings file, and a lock that is a FIFO, a
folder, held by another program or left behind where it cannot be removed hung the close.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QLockFile, QSettings

from chipscope.storage.file_causes import not_a_plain_file

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
    """Why saving ``settings`` now would wait for ever, in words naming the lock file, or None
    when the save can go ahead: its lock file (or the one Qt takes to remove a stale lock) is
    not a regular file (reading a FIFO waits for ever), or it cannot be had within
    :data:`LOCK_WAIT_MS` (another program holds it, or a stale one cannot be removed)."""
    native = settings.format() == QSettings.Format.NativeFormat
    if (native and sys.platform in ("win32", "darwin")) or not settings.fileName():
        return None  # the registry or a property list: no lock file
    lock = settings.fileName() + ".lock"
    for path in (lock, lock + ".rmlock"):
        what = not_a_plain_file(path)
        if what is not None:
            return f"its lock file {path} is {what}, not a regular file; remove it"
    probe = QLockFile(lock)
    if probe.tryLock(LOCK_WAIT_MS):
        probe.unlock()  # QSettings takes it again at once
        return None
    if probe.error() == QLockFile.LockError.LockFailedError:
        return (f"its lock file {lock} is held by another program, or left behind and cannot "
                "be removed; close other ChipScope windows, or remove that file if none runs")
    return f"its lock file {lock} cannot be made there; make its folder writable"
