"""Whether an output can be written, asked before a long computation rather than after it
(pass 12: ``calibrate --write --fitted`` into a read-only folder was refused after a fit of
minutes; ``sensitivity`` and ``sweep`` computed everything first; pass 13: an existing file
that cannot be replaced, immutable or another user's in a sticky folder, was found only at the
final rename)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from chipscope.storage.files import (
    WriteFailed,
    make_temporary,
    refuse_other_type,
    refuse_replacing,
    remove_temporary,
    write_target,
)
from chipscope.storage.write_permission import refuse_write_protected


def check_writable(path: Path | str, what: str,
                   inputs: tuple[Path | str | None, ...] = ()) -> None:
    """Raise now what :func:`~chipscope.storage.files.write_bytes` would raise for ``path``
    because of its name, its type, its folder (missing, read-only, full of inodes) or an
    existing file that cannot be replaced (:func:`_replace_problem`): a temporary file is made
    beside it and removed; nothing is written to the file itself. ``-`` (standard
    output) always passes; ``inputs`` (None: no such input) are never replaced."""
    if str(path) == "-":
        return
    target = write_target(path, what)
    refuse_other_type(target, path, what)
    refuse_replacing(target, path, what, tuple(i for i in inputs if i is not None))
    fd, probe = make_temporary(target, path, what)
    os.close(fd)
    remove_temporary(probe)
    refuse_write_protected(target, path, what, WriteFailed)  # mode 0444: as the write says
    if (why := _replace_problem(target)) is not None:
        raise WriteFailed(f"Could not write the {what} {path}: {why}; nothing was changed, so "
                          "choose another name.")


def _replace_problem(target: Path) -> str | None:
    """Why renaming a new file over the existing ``target`` would fail, in words (None: it
    would not, or there is no file). Two causes the folder's own probe cannot see: a file the
    system will not let anyone change (``chattr +i`` or ``+a``, a read-only mount of the one
    file), found by opening it for writing without writing (a file merely without write
    permission was refused before, by :func:`refuse_write_protected`); and another user's file
    in a folder with the sticky bit (/tmp), which only its owner may replace."""
    try:
        st = target.stat()
        folder = target.parent.stat()
    except OSError:
        return None  # no file yet (or unreadable: the write itself names that)
    if not stat.S_ISREG(st.st_mode):
        return None
    me = os.geteuid() if hasattr(os, "geteuid") else None
    if (me not in (None, 0, st.st_uid, folder.st_uid) and folder.st_mode & stat.S_ISVTX):
        return ("the existing file belongs to another user, in a folder whose sticky bit lets "
                "only its owner replace it")
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.EROFS, errno.ETXTBSY, errno.EBUSY):
            return (f"the existing file cannot be replaced ({exc.strerror or exc}: it may be "
                    "marked immutable, which chattr -i undoes, or on a read-only mount)")
        return None  # no write permission: refused before (refuse_write_protected)
    os.close(fd)
    return None
