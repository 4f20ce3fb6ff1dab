"""The one rule for a lock file ChipScope hands to Qt's QLockFile (the autosave lock beside the
database, the settings lock beside the settings file): QLockFile opens it without a time limit
(a FIFO waits for ever) and reads all of it at every ``tryLock`` and ``getLockInfo`` (a 2 GB
sparse file froze the start for 40 s), so a file that cannot be a lock is never handed to it,
and is never removed or changed either (it may be the user's)."""

from __future__ import annotations

import os

from chipscope.storage.file_causes import not_a_plain_file

MAX_LOCK_BYTES = 64 * 1024
"""A real lock holds a pid, a host and a program name: under 1 KB. Larger is no lock file."""


def not_a_lock_file(path: str) -> str | None:
    """Why ``path`` cannot be a lock file, in words to follow "``path`` is": not a regular
    file ("a pipe (FIFO), not a regular file"), or too large ("2,048 MB, not a lock file");
    None when it is absent or may be one."""
    what = not_a_plain_file(path)
    if what is not None:
        return f"{what}, not a regular file"
    try:
        size = os.lstat(path).st_size
    except (OSError, ValueError):
        return None
    if size <= MAX_LOCK_BYTES:
        return None
    shown = f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size / 2**10:,.0f} KB"
    return f"{shown}, not a lock file (a lock file is under 1 KB)"
