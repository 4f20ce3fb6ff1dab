"""A file the user marked read-only is never replaced (pass 24b, grade A).

Every writer replaces a file by writing a temporary file beside it and renaming it over the
old one (:func:`chipscope.storage.files.write_bytes`, ``data build``); the rename needs only the
folder's permission, so a file with mode 0444 in a writable folder was silently replaced by
``run --out``, ``export-chart``, a scenario export, ``data export-edits`` and the window's
exports, and a read-only database was written by SQLite when running as root. Here is the one
check every writer asks first: the file's own permission bits, not :func:`os.access`, which
says yes to root for any file, so the rule holds for every user. The same holds for the file's
folder (pass 25 F9): a folder whose mode has no owner-write bit (``chmod 0555``) takes no new
file, no replacement and no database journal, even from root (a shared sticky folder such as
/tmp, mode 1777, has the bit and is written as before).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from chipscope.file_access import folder_denial
from chipscope.storage.file_causes import on_system_file_system
from chipscope.storage.schema import StorageError


def write_protected(target: Path | str) -> bool:
    """Whether ``target`` (through symlinks) is an existing regular file whose permission bits
    give its owner no write permission (``chmod a-w``, mode 0444): one the user marked
    read-only. False for a missing or unreadable file (the write itself names that)."""
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR


def read_only_folder(target: Path | str) -> Path | None:
    """The folder of ``target`` (the file a write creates or replaces, through symlinks) when
    its permission bits give its owner no write permission; None when it has the bit, is
    missing (the write makes it, or names that) or cannot be looked at. None too for a folder
    of a system file system (``/proc``, ``/sys``: ``/proc/<pid>`` has mode 0555, but it is no
    read-only disk or folder; the write itself says it "belongs to a system file system",
    :func:`~chipscope.storage.file_causes.temp_cause`, pass 45)."""
    folder = Path(os.path.realpath(target)).parent
    if on_system_file_system(folder):
        return None
    try:
        st = os.stat(folder)
    except (OSError, ValueError):
        return None
    return folder if stat.S_ISDIR(st.st_mode) and not st.st_mode & stat.S_IWUSR else None


SHUT_CAUSE = "it is neither readable nor writable for you (permission denied)"
SHUT_REMEDY = "make it readable and writable (chmod u+rw)"
"""A file a writer also reads (a database) that :func:`shut_file` finds: one step, not a
refusal for each bit (pass 64 F9, as pass 61 F7 did for a folder)."""


def shut_file(target: Path | str) -> bool:
    """Whether ``target`` (through symlinks) is a regular file whose permission bits give its
    owner neither read nor write permission (``chmod 000``)."""
    try:
        st = os.stat(target)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode) and not st.st_mode & (stat.S_IRUSR | stat.S_IWUSR)


def read_only_words(path: Path | str, what: str) -> str:
    """The refusal for writing ``path`` (the ``what``) when it is :func:`write_protected`."""
    return (f"Could not write the {what} {path}: it is read-only; make it writable or choose "
            "another file (it was left unchanged).")


def refuse_write_protected(target: Path | str, path: Path | str, what: str,
                           error: type[StorageError] = StorageError, *,
                           reads: bool = False) -> None:
    """Raise ``error`` (the writer's own type: ``WriteFailed`` for a file) naming ``path`` when
    the file a write of it would replace, ``target``, is :func:`write_protected`, or when its
    folder is read-only (:func:`read_only_folder`), for a new file as for a replacement.
    ``reads``: the writer reads the old file too (``data build``): a :func:`shut_file` is to be
    made readable and writable at once."""
    if reads and shut_file(target):
        raise error(f"Could not write the {what} {path}: {SHUT_CAUSE}; {SHUT_REMEDY} or choose "
                    "another file (it was left unchanged).", cause=SHUT_CAUSE,
                    advice=SHUT_REMEDY)
    if write_protected(target):
        raise error(read_only_words(path, what), cause="it is read-only",
                    advice="make it writable (chmod u+w)")
    if (folder := read_only_folder(target)) is not None:
        raise error(f"Could not write the {what} {path}: its folder {folder} is read-only; "
                    f"{FOLDER_ADVICE} (nothing was written).",
                    cause=f"its folder {folder} is read-only", advice=FOLDER_REMEDY)


FOLDER_REMEDY = "make the folder writable"
FOLDER_ADVICE = f"{FOLDER_REMEDY} or choose another one"


def denied_cause(target: Path | str) -> str | None:
    """Why the system denied (EACCES/EPERM) making a file beside ``target``, in the words of
    the rule above: a folder on the way that cannot be entered
    (:func:`~chipscope.file_access.folder_denial`, the readers' words too),
    "its folder F is read-only" (its owner-write bit is off, :func:`read_only_folder`), else
    "its folder F does not let this user add files (permission denied)" (another user's folder,
    an access list); followed by what to do. None for a folder of a system file system
    (``/proc``, ``/sys``), which its writer names as such (pass 47 F3)."""
    if (reason := denied_reason(target)) is None:
        return None
    return f"{reason[0]}; {reason[1]} or choose another one"


def denied_reason(target: Path | str, *, makes: bool = False) -> tuple[str, str] | None:
    """:func:`denied_cause` as (cause, remedy): the remedy without "or choose another one",
    for a writer whose file the user does not choose (the menu entry: "... or set
    XDG_DATA_HOME to another folder"). ``makes``: the writer makes the missing folders on the
    way too (the menu entry, ``data build``), so a shut folder anywhere on the way needs u+wx
    (:func:`~chipscope.file_access.folder_denial`, pass 64 F6)."""
    folder = Path(os.path.realpath(target)).parent  # the folder the system writes in (links)
    if on_system_file_system(folder):
        return None
    if (blocked := folder_denial(target, writes=True, makes=makes)) is not None:  # u+wx
        return blocked.cause, blocked.fix
    if (read_only := read_only_folder(target)) is not None:
        return f"its folder {read_only} is read-only", FOLDER_REMEDY
    return (f"its folder {folder} does not let this user add files (permission denied)",
            FOLDER_REMEDY)


def read_only_cause(target: Path | str) -> str | None:
    """Why the rule above keeps a writer out of ``target`` (a file it would create, append to
    or replace), in words to follow its name: "it is read-only" (:func:`write_protected`) or
    "its folder F is read-only" (:func:`read_only_folder`); None when neither holds. The app's
    own files (its log, fault log and settings) ask it as the user's files do (pass 26 F8)."""
    if write_protected(target):
        return "it is read-only"
    if (folder := read_only_folder(target)) is not None:
        return f"its folder {folder} is read-only"
    return None
