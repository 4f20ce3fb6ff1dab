"""What a file is, from its mode, in the words every message uses ("a folder", "a pipe (FIFO)").

Stands below every layer (it imports only :mod:`stat`): :mod:`chipscope.paths`, the storage
(:mod:`chipscope.storage.file_causes`) and the window (:mod:`chipscope.ui.recent`) all name a
file's kind through it, so each kind has one wording.
"""

from __future__ import annotations

import stat

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def kind_of(mode: int, other: str = "not a regular file") -> str:
    """What a file of ``mode`` is, in words ("a folder", "a pipe (FIFO)", "a device",
    "a socket"); ``other`` for any other kind (a regular file or a symlink included: callers
    test for those first)."""
    return next((name for test, name in _KINDS if test(mode)), other)
