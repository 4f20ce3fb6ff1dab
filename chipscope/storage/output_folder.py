"""Why a file cannot be written into its folder because that folder is no folder: a symlink
loop, a symlink to something missing, a link to a file, or a file on its way (pass 57 F3/F4),
or does not exist (pass 58 F4: every writer but ``data build``, which makes it:
:func:`make_folder`, naming the folder it could not make and why).

Every writer asks :func:`folder_problem` through :func:`chipscope.storage.files.write_target`
(and the commands that check an output's folder before any work), and the data folder
(``--csv-dir``) gives the same advice (:func:`folder_advice`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from chipscope.storage.disk_space import disk_full
from chipscope.storage.file_causes import ANOTHER_DISK, READ_ONLY_DISK, folder_cause
from chipscope.storage.file_errors import WriteFailed
from chipscope.storage.write_permission import denied_reason


def folder_advice(cause: str) -> str | None:
    """What to do about a folder :func:`~chipscope.storage.file_causes.folder_cause` describes
    with ``cause``: "remove the link or choose another folder" for a symlink loop, "put the
    folder back or choose another folder" for a link to something missing; None for other
    causes (the caller's own advice)."""
    if cause.startswith("it is a symlink to the missing "):
        return "put the folder back or choose another folder"
    if cause == "it is a symlink loop":
        return "remove the link or choose another folder"
    return None


MISSING_ADVICE = "make it or choose another folder"


def folder_problem(folder: Path, missing: bool = True) -> tuple[str, str] | None:
    """Why no file can be made in ``folder`` because it, or a folder on its way, exists but is
    no folder: (cause, advice), the cause naming that part ("sl/loop is a symlink loop",
    "sl/dang is a symlink to the missing nothere", "sl/f links to a file, not a folder",
    "base.db is a file, not a folder"), or, with ``missing``, does not exist: ("the folder
    nope does not exist", "make it or choose another folder"). None when every part is a
    folder, the first that is not is missing and ``missing`` is False (the writer makes it),
    or a part cannot be looked at (the writers name a folder that cannot be entered).
    Readers pass ``missing=False``: for them a missing folder is a missing file (pass 59 F1)."""
    for part in [*reversed(folder.parents), folder]:
        try:
            if part.is_dir():
                continue
            part.lstat()
        except FileNotFoundError:
            return (f"the folder {folder} does not exist", MISSING_ADVICE) if missing else None
        except (OSError, ValueError):
            return None
        cause = folder_cause(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(part)))
        if not cause.startswith("it "):
            return None  # the system's own words: the writer's message says more
        advice = folder_advice(cause) or ("remove the link or choose another folder"
                                          if cause.startswith("it links to ")
                                          else "choose another folder")
        return f"{part} {cause[3:]}", advice
    return None


def make_folder(path: Path, what: str) -> list[Path]:
    """Make the missing folder of ``path`` (the ``what``) and its parents (``data build``);
    returns the folders it made, deepest first (:func:`folders_removed_on_failure` removes them
    again when the write then fails, pass 59 F9).
    :class:`~chipscope.storage.file_errors.WriteFailed` naming the folder that could not be made
    and why, in the writers' words: "Cannot make the folder ro/new for the database
    ro/new/x.db: its folder ro is read-only; make the folder writable or choose another one
    (nothing was written)." (:func:`~chipscope.storage.write_permission.denied_reason`), a
    full disk (:func:`~chipscope.storage.disk_space.disk_full`), a read-only disk, else the
    system's reason; any folder it made on the way is removed again."""
    missing = missing_folders(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        part = Path(exc.filename) if exc.filename else path.parent
        full = disk_full(part) if exc.errno in (errno.ENOSPC, errno.EDQUOT) else None
        remove_folders(missing)  # after the disk was asked: this frees its inodes (pass 60 F4)
        if full is not None:
            cause, advice = full
        elif exc.errno == errno.EROFS:  # chmod cannot help (pass 59 F5)
            cause, advice = READ_ONLY_DISK, ANOTHER_DISK
        elif exc.errno in (errno.EACCES, errno.EPERM) and (
                reason := denied_reason(part)) is not None:
            cause, advice = reason[0], f"{reason[1]} or choose another one"
        else:
            cause, advice = folder_cause(exc), "choose another folder"
        raise WriteFailed(f"Cannot make the folder {part} for the {what} {path}: {cause}; "
                          f"{advice} (nothing was written).", exc.errno, cause=cause,
                          advice=advice) from None
    return missing


def missing_folders(folder: Path) -> list[Path]:
    """The folders of ``folder``, itself first, that do not exist yet (deepest first): those
    a ``mkdir(parents=True)`` makes, for :func:`remove_folders` to take back."""
    missing = []
    for part in (folder, *folder.parents):
        if os.path.lexists(part):
            break
        missing.append(part)
    return missing


def remove_folders(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) that are still empty, never failing."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def folders_removed_on_failure(folders: list[Path]) -> Iterator[None]:
    """Remove the ``folders`` :func:`make_folder` made (the empty ones) when the write that
    follows fails, so that its "nothing was written" holds (pass 59 F9)."""
    try:
        yield
    except BaseException:
        remove_folders(folders)
        raise
