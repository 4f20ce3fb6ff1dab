"""Causes of file failures the system names badly (used by :mod:`chipscope.storage.files`).

- ``ELOOP`` means "a symlink loop" or "more than 40 symlinks in a row" (the kernel's limit):
  a long chain ending at a regular file is followed, as a write through it already is.
- Creating a file in a folder of a virtual file system (``/proc``, ``/sys``) fails with
  "No such file or directory" although the folder is there: say that the folder does not take
  new files.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def chain_end(path: Path) -> Path | None:
    """The file at the end of ``path``'s symlinks when the system refused them (``ELOOP``)
    only because the chain is longer than its limit; ``None`` for a real loop."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        real.stat()
    except (OSError, RuntimeError, ValueError):
        return None
    return real


def temp_cause(exc: OSError, folder: Path) -> str:
    """Why a temporary file could not be made in ``folder``, in words."""
    if exc.errno == errno.ENOENT:
        try:
            there = folder.is_dir()
        except OSError:
            there = False
        if there:
            return (f"the folder {folder} does not take new files: it belongs to a system "
                    "file system such as /proc or /sys")
    return exc.strerror or str(exc)


def not_a_plain_file(path: Path | str) -> str | None:
    """What ``path`` is when it exists as anything but a regular file, not following
    symlinks ("a symlink", "a pipe (FIFO)", "a folder"...); None when it is a regular file or
    absent. For files ChipScope opens without the checked readers (the autosave lock file):
    opening a FIFO blocks for ever."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symlink"
    from chipscope.storage.files import _kind

    return _kind(mode)
