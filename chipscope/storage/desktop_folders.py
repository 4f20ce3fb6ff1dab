"""The folders and the roll-back of ``chipscope --install-desktop-entry`` (pass 45 F2, F3).

Every folder the entry needs is checked before anything is made (a pipe, a file or a link
where one should be is named), the missing ones are made top-down and remembered, and a run
that fails removes what it made: the folders (only if still empty) and the files it wrote
(a file it replaced gets its old bytes back). What cannot be undone is named, with the way to
remove it.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from chipscope.storage import files
from chipscope.storage.errors import disk_full
from chipscope.storage.file_causes import folder_cause
from chipscope.storage.schema import StorageError


def _chain(folder: Path) -> list[Path]:
    """``folder`` and its parents, top-down from the nearest one that exists (as anything)."""
    chain = [folder]
    while not os.path.lexists(chain[-1]) and chain[-1].parent != chain[-1]:
        chain.append(chain[-1].parent)
    return chain[::-1]


def _in_the_way(part: Path, folder: Path) -> str | None:
    """What ``part`` (``folder`` or one of its parents, which exists) is when it is no folder
    ("it is a pipe (FIFO), not a folder"; a parent by name); None for a folder."""
    try:
        if part.is_dir():
            return None
    except OSError:
        pass
    cause = folder_cause(OSError(errno.EEXIST, os.strerror(errno.EEXIST), str(part)))
    if part != folder and cause.startswith("it "):
        cause = f"{part} {cause[3:]}"
    return cause


def _refused(folder: Path, cause: str, share: Path) -> StorageError:
    return StorageError(f"Cannot make the folder {folder} for ChipScope's menu entry: {cause}; "
                        "move it away (ChipScope never replaces it) or set XDG_DATA_HOME to "
                        f"another folder than {share} (nothing was installed).")


def check_folders(share: Path, folders: list[Path]) -> None:
    """:class:`StorageError` naming the first of ``folders`` (all under ``share``) that cannot
    be a folder because something else is in its place or in a parent's; nothing is made."""
    for folder in folders:
        for part in _chain(folder):
            if os.path.lexists(part) and (cause := _in_the_way(part, folder)) is not None:
                raise _refused(folder, cause, share)


def full_cause(path: Path) -> str:
    """Why a full disk refused ``path`` (a folder or file about to be made), with the advice:
    no free inodes (its bytes free) or no free space."""
    return "; ".join(disk_full(path))


def make_folders(share: Path, folders: list[Path]) -> list[Path]:
    """Make the missing ``folders`` (and their parents), top-down; return those made, in the
    order made. On a failure the ones made are removed again (if still empty) and
    :class:`StorageError` names the folder and the cause."""
    made: list[Path] = []
    for folder in folders:
        for part in _chain(folder):
            if os.path.lexists(part):
                continue
            try:
                part.mkdir()
            except FileExistsError:  # made meanwhile by another program: fine if a folder
                if (cause := _in_the_way(part, part)) is not None:
                    remove_folders(made)
                    raise _refused(part, cause, share) from None
                continue
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    cause = full_cause(part)  # before the roll-back frees inodes again
                else:
                    cause = (f"{folder_cause(exc)}; check that {share} is a folder you can "
                             "write (XDG_DATA_HOME)")
                remove_folders(made)
                raise StorageError(f"Cannot make the folder {part} for ChipScope's menu entry: "
                                   f"{cause} (nothing was installed).") from None
            made.append(part)
    return made


def remove_folders(made: list[Path]) -> None:
    """Remove the folders this run made, deepest first, each only if empty."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


OLD_UNREADABLE = b"\0(an old file that could not be read)\0"
"""Stands (by identity) for an old file that could not be read back: the run leaves its own."""


def old_bytes(target: Path, what: str) -> bytes | None:
    """The bytes of the file ``target`` before the run replaces it, or None when there is none
    (:data:`OLD_UNREADABLE` when it could not be read)."""
    if not os.path.lexists(target):
        return None
    try:
        return files.read_bytes(target, what, max_bytes=10_000_000)
    except StorageError:
        return OLD_UNREADABLE


def roll_back(written: list[tuple[Path, str, bytes | None, bytes]], made: list[Path]) -> str:
    """Undo a failed install: remove the files it wrote (``(path, what, old, new)``; old None)
    and put back the old bytes of those it replaced, then remove the folders it made; return
    what was done, in words ("nothing was installed: the 3 files it had written were taken
    back")."""
    stays = []
    for path, _what, old, _new in reversed(written):  # the new files first: that frees space
        if old is None:
            try:
                path.unlink()
            except OSError as exc:
                stays.append(f"{path} (not removed: {exc.strerror or exc})")
    for path, what, old, new in reversed(written):
        if old is OLD_UNREADABLE:
            stays.append(f"{path} (its old contents could not be read to put back)")
        elif old is not None and old != new:
            try:
                files.write_bytes(path, old, what)
            except StorageError as exc:
                code = getattr(exc, "errno", None)
                cause = os.strerror(code) if code else str(exc).rstrip(".")
                stays.append(f"{path} (its old contents could not be put back: {cause})")
    remove_folders(made)
    if not stays:
        return "nothing was installed" + (
            f": the {len(written)} files it had written were taken back" if written else "")
    return (f"the install was undone except for {len(stays)} of the {len(written)} files it had "
            f"written, which stay: {'; '.join(stays)}; remove them with chipscope "
            "--remove-desktop-entry")
