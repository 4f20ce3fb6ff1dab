"""The permissions, owner and group a written file gets: a replaced file keeps its own, a new
one gets what the umask allows (used by :func:`chipscope.storage.files.write_bytes` and by
``data build``)."""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

_umask_lock = threading.Lock()


def new_file_mode() -> int:
    """The permissions a new file gets under the process's umask (``0o666 & ~umask``)."""
    with _umask_lock:  # os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


Attributes = tuple[int, tuple[int, int] | None]
"""A file's permission bits, and its owner and group (None: a new file, the process's own)."""


def kept_attributes(target: Path) -> Attributes:
    """What the file replacing ``target`` gets (:func:`give_attributes`): ``target``'s own
    permissions, owner and group, or for a new file the umask's permissions. One rule for every
    replacing write (this module's and ``data build``'s); OSError if ``target`` cannot be read."""
    try:
        old = target.stat()
    except FileNotFoundError:
        return new_file_mode(), None
    return stat.S_IMODE(old.st_mode), (old.st_uid, old.st_gid)


def give_attributes(tmp: Path, kept: Attributes) -> None:
    """Give the temporary ``tmp`` the replaced file's permissions, owner and group, as ``cp``
    and editors do (root replacing a user's file made it root's: with mode 640 its owner could
    no longer read it). The owner changes only where the process may (root, or the owner
    changing to one of its groups)."""
    mode, owner = kept
    if owner is not None and hasattr(os, "chown"):
        st = tmp.stat()
        if (st.st_uid, st.st_gid) != owner:
            with contextlib.suppress(PermissionError):
                os.chown(tmp, *owner)
    os.chmod(tmp, mode)
