"""How full a disk is, in the words every writer uses when it refuses a file: no free space,
or no free inodes with bytes free (split from :mod:`chipscope.storage.errors`, which re-exports
these names)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

FULL_BELOW_BYTES = 1_000_000
"""Free space under which an I/O error is taken for a full disk (SQLite reports a full disk as
"disk I/O error" when it cannot make a WAL database's ``-shm`` file, say)."""


def disk_is_full(db_path: Path) -> bool:
    """Whether the disk holding ``db_path`` has (next to) no free space left."""
    try:
        return shutil.disk_usage(Path(db_path).parent).free < FULL_BELOW_BYTES
    except (OSError, ValueError):
        return False


NO_INODES = "its disk can hold no more files (no free inodes, although bytes are free)"


def disk_full(path: Path | str) -> tuple[str, str]:
    """Why a full disk refused the file ``path`` (one being written or made), and what to do,
    in the words every writer uses: no free inodes (its bytes free), else no free space."""
    if no_free_inodes(Path(path)):
        return NO_INODES, "delete some files on it and try again"
    return "its disk is full", "free some space on it and try again"


def out_of_space(exc: BaseException) -> bool:
    """Whether a write failed for want of room (its words: :func:`disk_full`): the system's
    ENOSPC or EDQUOT, or SQLite's SQLITE_FULL, "database or disk is full"."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(exc, "sqlite_errorname", "") if isinstance(exc, sqlite3.Error) else ""
    return code == "SQLITE_FULL" or "database or disk is full" in str(exc).lower()


def no_free_inodes(db_path: Path) -> bool:
    """Whether the file system holding ``db_path`` counts its files and has none left (a
    file system that does not count them, f_files 0, never says so); asked of the nearest
    folder that exists, for a file whose folders are not made yet (pass 60 F3)."""
    folder = Path(db_path).parent
    try:
        while not folder.is_dir() and folder.parent != folder:
            folder = folder.parent
        st = os.statvfs(folder)
    except (OSError, ValueError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False
    return st.f_files > 0 and st.f_favail == 0
