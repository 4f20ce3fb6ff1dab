"""Whether the user's own database can be made in the data folder (pass 37 F4).

The user's database is made from the bundled one on first use; when the data folder (the one
CHIPSCOPE_HOME names) cannot take it, a command that only reads reads the bundled data with a
note and a command that writes is refused, both with the one sentence of
:func:`unusable_home`, whether the folder exists read-only or is missing and cannot be made
(before, ``run`` fell back in the first case only and ``data diff`` in neither, told that a
write failed), or cannot be entered, itself or a folder above it (pass 50 F3: it was called
read-only, or one that "cannot be made" in the folder that could not be entered).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from chipscope import paths
from chipscope.file_access import folder_denial
from chipscope.storage.disk_space import NO_INODES, no_free_inodes
from chipscope.storage.errors import full
from chipscope.storage.file_causes import READ_ONLY_DISK, folder_cause, sealed_folder, temp_cause
from chipscope.storage.files import FileRefused, WriteFailed, remove_temporary
from chipscope.storage.output_folder import (
    folder_advice,
    folder_problem,
    missing_folders,
    remove_folders,
)
from chipscope.storage.path_length import shown_path, too_long_clause
from chipscope.storage.schema import StorageError
from chipscope.storage.write_permission import read_only_folder


def folder_write_problem(folder: Path) -> str | None:
    """Why no new file can be made in the existing ``folder``, in a few words ("Read-only file
    system", "read-only permissions", ...), or None when one can: the write probe (a temporary
    file made and removed again; the permission bits asked first, as every writer does, so the
    answer is the same for root)."""
    if read_only_folder(folder / paths.DB_FILENAME) is not None:
        return "read-only permissions"
    if (sealed := sealed_folder(folder)) is not None:
        return ("marked immutable (chattr +i)" if "immutable" in sealed
                else "marked append-only (chattr +a)")
    try:
        fd, name = tempfile.mkstemp(prefix=".cs-", suffix=".tmp", dir=folder)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return None  # writable, its disk full (no free inodes): making the file says so
        return temp_cause(exc, folder)
    os.close(fd)
    remove_temporary(Path(name))
    return None


def unenterable_home(home: Path) -> str | None:
    """The sentence for a data folder ``home`` that this user cannot enter, or that lies below
    a folder that cannot be entered, in every reader's words
    (:func:`~chipscope.file_access.folder_denial`: "Cannot use the data folder H: the folder D
    cannot be entered (permission denied); make that folder accessible (chmod u+x) or choose
    another one (see CHIPSCOPE_HOME)."; "u+wx" for the data folder itself when it lacks its
    write bit too: ChipScope writes in it, pass 61 F7), whether it exists or not: nothing in it
    can be seen, so it is neither read-only nor "cannot be made" (pass 50, F3); None when it
    can be entered."""
    if (denied := folder_denial(home / paths.DB_FILENAME, holder="it", writes=True)) is None:
        return None
    # A folder above it: a missing data folder (and the missing folders above it) is made in
    # it, so it needs u+wx (pass 62 F4, pass 63 F5); None when the data folder itself is shut.
    if (made_in := folder_denial(home, writes=True, makes=True)) is not None:
        denied = denied._replace(fix=made_in.fix)
    return f"Cannot use the data folder {home}: {denied.refusal()} (see CHIPSCOPE_HOME)."


def unusable_home() -> str | None:
    """The sentence saying the user's database cannot be made or used in the data folder: it
    cannot be entered (:func:`unenterable_home`), or the database does not exist there (nor as
    a symlink) and the folder, or the nearest folder above a missing one, takes no new file;
    else None (the database exists: it is read as it is; or the data folder is wrong in
    another way, a file or a loop, which opening the database names)."""
    try:
        home = paths.user_data_location()
        if (refusal := unenterable_home(home)) is not None:
            return refusal
        own = home / paths.DB_FILENAME
        if os.path.lexists(own):
            return None
        base = home
        while not os.path.lexists(base):
            if base.parent == base:
                return None
            base = base.parent
        if not base.is_dir():
            return None  # a dangling link, a loop or a file: not a matter of permission
        problem = folder_write_problem(base)
    except (OSError, ValueError, paths.HomeError):
        return None
    if problem is None:
        return None
    if problem == READ_ONLY_DISK:  # chmod cannot help (pass 59 F5)
        return (f"Cannot use the data folder {home}: {READ_ONLY_DISK}; set CHIPSCOPE_HOME to a "
                "folder on another disk.")
    cause = problem if base == home else f"it cannot be made in {base}: {problem}"
    if problem == "read-only permissions":  # its owner's write bit: chmod helps (pass 62 F4)
        which = "it" if base == home else "that folder"
        return (f"Cannot use the data folder {home} ({cause}); make {which} writable "
                "(chmod u+w) or choose another one (see CHIPSCOPE_HOME).")
    return (f"Cannot use the data folder {home} ({cause}); it must be a folder ChipScope can "
            "write to (see CHIPSCOPE_HOME).")


def unmade_database(db: Path, exc: OSError | WriteFailed, default_place: bool) -> StorageError:
    """The error for the user's database ``db`` that could not be made from the bundled one
    (``exc``); in its ``default_place`` (under CHIPSCOPE_HOME) it says how to choose another
    folder. A full disk says so and to free space (pass 43 F4: it said "No space left on
    device" and to set CHIPSCOPE_HOME to a folder ChipScope can write to, which it was)."""
    elsewhere = " (or set CHIPSCOPE_HOME to a folder on another disk)" if default_place else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        if no_free_inodes(db):
            return full(db, NO_INODES, f"delete some files on it{elsewhere}")
        return full(db, "its disk is full", f"free some space on it{elsewhere}")
    home_way = (" ChipScope keeps your own database in the folder the CHIPSCOPE_HOME variable "
                "names: set it to a folder ChipScope can write to.") if default_place else ""
    if isinstance(exc, WriteFailed):  # "... so choose another folder": say how
        return WriteFailed(f"{exc}{home_way}", exc.errno)
    return StorageError(f"Cannot create the database {db} ({exc.strerror or exc}).{home_way}")


def user_db_path() -> Path:
    """:func:`paths.user_db_path` (its folder made), the data folder refused in one sentence
    (:func:`made_user_db_path`)."""
    return made_user_db_path()[0]


def made_user_db_path() -> tuple[Path, list[Path]]:
    """:func:`paths.user_db_path` (its folder made) and the folders made for it, deepest first
    (for :func:`~chipscope.storage.output_folder.folders_removed_on_failure`), the data folder
    refused in one sentence; folders made before a failure are removed again.

    Raises
    ------
    FileRefused
        The data folder is a file, under a file, a dangling symlink, a loop, read-only...
    DatabaseFull
        Its disk is full (no free inodes, most often): the words of a full disk when the
        database itself cannot be made (:func:`unmade_database`, pass 60 F3).
    """
    home = paths.user_data_location()
    if (refusal := unenterable_home(home)) is not None:
        raise FileRefused(refusal)  # nothing in it can be seen, nor made (pass 50 F3)
    made = missing_folders(home)
    try:
        return paths.user_db_path(), made
    except OSError as exc:  # the data folder is a file, a FIFO, a symlink loop, read-only...
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # asked before the inodes are freed
            full_disk = unmade_database(home / paths.DB_FILENAME, exc, default_place=True)
            remove_folders(made)
            raise full_disk from None
        remove_folders(made)
        folder = exc.filename or "ChipScope's data folder"
        if isinstance(exc, PermissionError) and (  # it is made there: u+wx (pass 62 F4)
                denied := folder_denial(folder, writes=True)) is not None:
            raise FileRefused(f"Cannot use the data folder {folder}: {denied.refusal()} "
                                    "(see CHIPSCOPE_HOME).") from None
        if exc.errno == errno.ENAMETOOLONG:  # every writer's words (pass 60 F2)
            raise FileRefused(f"Cannot use the data folder {shown_path(folder)}: "
                              f"{too_long_clause(folder)} (see CHIPSCOPE_HOME).") from None
        if (exc.errno == errno.ELOOP or folder_advice(folder_cause(exc)) is not None) and (
                link := folder_problem(Path(folder), False)):  # it, or a folder on its way,
            raise FileRefused(f"Cannot use the data folder {home}: {link[0]}; {link[1]} "
                              "(see CHIPSCOPE_HOME).") from None  # a loop or dangling link,
            # named after the folder asked for (not the link the system stopped at, p61 F6)
        raise FileRefused(f"Cannot use the data folder {folder} "
                                f"({folder_cause(exc)}); it must be a folder ChipScope "
                                "can write to (see CHIPSCOPE_HOME).") from None
