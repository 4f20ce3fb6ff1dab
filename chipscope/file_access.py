"""Whether permission bits let this user reach and read a file, in the words every message uses:
a folder on the way that cannot be entered ("its folder D cannot be entered (permission
denied)"), or the file's own read permission ("it is not readable for you (permission
denied)"), each with what to do (pass 49 F1, N1); and what is at a path, asked without
raising for such a folder (:func:`look`, where pathlib's ``exists()`` and ``is_dir()`` raise
PermissionError, m45).

Stands below every layer (it imports only the standard library): the readers and writers of
:mod:`chipscope.storage` and ``CHIPSCOPE_BUNDLED_DB`` (:mod:`chipscope.paths`) name a permission
refusal through it, so each cause has one wording, never the system's bare "(Permission
denied)".
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple


class Denial(NamedTuple):
    """Why permission bits keep this user out of a file, and what would let them in."""

    cause: str
    """Follows the file's name after a colon: "its folder D cannot be entered (permission
    denied)", "it is not readable for you (permission denied)"."""
    fix: str
    """What would let this user in: "make that folder accessible (chmod u+x)"."""

    def refusal(self) -> str:
        """The cause and the advice every reader and writer gives: "its folder D cannot be
        entered (permission denied); make that folder accessible (chmod u+x) or choose another
        one"."""
        return f"{self.cause}; {self.fix} or choose another one"


class Looked(NamedTuple):
    """What :func:`look` found at a path: its type, or why this user may not look."""

    mode: int | None
    """The file's ``st_mode``; None when nothing is there or it could not be looked at."""
    denial: Denial | None
    """Why permission bits keep this user from looking (a folder on the way that cannot be
    entered, :func:`folder_denial`), for the caller to name; None when they do not."""

    @property
    def exists(self) -> bool:
        return self.mode is not None

    @property
    def is_dir(self) -> bool:
        return self.mode is not None and stat.S_ISDIR(self.mode)

    @property
    def is_file(self) -> bool:
        """A regular file (through symlinks, unless looked at with ``follow=False``)."""
        return self.mode is not None and stat.S_ISREG(self.mode)

    @property
    def is_symlink(self) -> bool:
        """A symlink (only when looked at with ``follow=False``)."""
        return self.mode is not None and stat.S_ISLNK(self.mode)


def look(path: Path | str, *, follow: bool = True, writes: bool = False) -> Looked:
    """What is at ``path`` (through symlinks unless ``follow`` is False), as pathlib's
    ``exists()``, ``is_dir()``, ``is_file()`` and ``is_symlink()`` ask it, except that a
    permission refusal is no exception (pathlib raises PermissionError for a folder on the way
    that cannot be entered): it comes back as the :class:`Denial` the caller names ("Cannot
    write the chart file F: the folder D cannot be entered (permission denied); ..."). Nothing
    there (missing, a dangling link, a loop, a name no file system takes) is no denial; any
    other failure (a name too long) raises, as pathlib's does. ``writes``: the caller makes or
    replaces ``path`` (a database's writer: SQLite makes its journal beside it), so its own
    folder's denial asks for u+wx (:func:`folder_denial`, pass 62 F4)."""
    try:
        mode = (os.stat(path) if follow else os.lstat(path)).st_mode
    except PermissionError:
        return Looked(None, folder_denial(path, writes=writes) or UNSEEN)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return Looked(None, None)
        raise
    except ValueError:  # a NUL or a lone surrogate in the name: no such file anywhere
        return Looked(None, None)
    return Looked(mode, None)


UNSEEN = Denial("it cannot be looked at (permission denied)",
                "make the folders on its way accessible (chmod u+x)")
"""A permission refusal whose folder :func:`folder_denial` cannot find (a security module's
rule, a folder changed in between)."""


def folder_denial(path: Path | str, holder: str | None = None, *,
                  writes: bool = False, makes: bool = False) -> Denial | None:
    """The :class:`Denial` of a folder on the way to ``path`` that cannot be entered
    (:func:`unenterable_folder`): "its folder D" when it holds ``path`` (through symlinks),
    "the folder D" when it lies further up; None when every folder on the way can be
    entered. ``holder``: the words for the folder holding ``path`` when the message names that
    folder already ("it": "Cannot use the data folder H: it cannot be entered (permission
    denied); make it accessible (chmod u+x)"). ``writes``: the caller makes or replaces
    ``path``, so a folder holding it that lacks its owner's write bit too (``chmod 000``) is
    to be made "accessible and writable (chmod u+wx)", one step, not u+x and then a second
    refusal for a read-only folder (pass 61 F7); a folder further up needs only u+x, unless
    ``makes``: the caller makes the missing folders on the way too (the data folder), so a shut
    folder anywhere on the way may be where one is made, and needs u+wx (pass 63 F5)."""
    if (blocked := unenterable_folder(path)) is None:
        return None
    holds = blocked == Path(os.path.realpath(path)).parent
    access = ("accessible and writable (chmod u+wx)" if ((holds and writes) or makes)
              and not _owner_writable(blocked) else "accessible (chmod u+x)")
    if holds and holder is not None:
        return Denial(f"{holder} cannot be entered (permission denied)", f"make it {access}")
    which = "its folder" if holds else "the folder"
    return Denial(f"{which} {blocked} cannot be entered (permission denied)",
                  f"make that folder {access}")


def _owner_writable(folder: Path) -> bool:
    """Whether ``folder``'s permission bits give its owner write permission (True where it
    cannot be looked at: then u+x is all that can be said)."""
    try:
        return bool(os.stat(folder).st_mode & stat.S_IWUSR)
    except (OSError, ValueError):
        return True


def read_denial(path: Path | str, subject: str = "it") -> Denial | None:
    """Why this user may not read ``path``: a folder on its way that cannot be entered
    (:func:`folder_denial`), else the regular file's own permission: its owner's read bit off
    ("it is not readable for you (permission denied); make it readable (chmod u+r)", the
    owner's bit, as :mod:`chipscope.storage.write_permission` asks the owner's write bit), or
    another user's file or an access list that keeps this user out ("it does not let this user
    read it (permission denied)"); ``subject`` names the file there ("its write-ahead log F").
    None when it can be read, or when something else stops the read (missing, not a regular
    file: whoever reads it names that)."""
    if (denied := folder_denial(path)) is not None:
        return denied
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(mode):
        return None
    try:
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except PermissionError:
        if not mode & stat.S_IRUSR:
            return Denial(f"{subject} is not readable for you (permission denied)",
                          "make it readable (chmod u+r)")
        return Denial(f"{subject} does not let this user read it (permission denied)",
                      "make it readable for this user")
    except OSError:
        return None
    return None


def unenterable_folder(path: Path | str) -> Path | None:
    """The first folder on the way to ``path`` (its own folder included) that this user cannot
    enter: looking up the next name in it is denied (no search bit, ``chmod 000``, for a user
    without CAP_DAC_OVERRIDE). The way is the system's: each symlink on it (``path`` itself
    included) is followed where it points, so a link into a folder below an unenterable one
    names that folder, never the link (pass 48 F1); a link that cannot even be looked at
    names the folder that holds it. None when every folder can be entered, or when the way
    ends earlier for another reason (a missing folder, a symlink loop: whoever uses the path
    names that)."""
    start = Path(os.path.join(os.getcwd(), path))  # not abspath: ".." after a link is the system's
    here, todo, links = Path(start.anchor), list(reversed(start.parts[1:])), 0
    while todo:
        name = todo.pop()
        if name in ("", "."):
            continue
        if name == "..":
            here = here.parent  # ``here`` holds no symlink: its parent is the real one
            continue
        step = here / name
        try:
            if not stat.S_ISLNK(os.lstat(step).st_mode):
                here = step
                continue
            links += 1
            target = Path(os.readlink(step))
        except PermissionError:
            return here
        except (OSError, ValueError):
            return None
        if links > MAX_LINKS:
            return None
        if target.is_absolute():
            here = Path(target.anchor)
        todo.extend(reversed(target.parts[1:] if target.is_absolute() else target.parts))
    return None


MAX_LINKS = 40
"""Symlinks followed on one way before it counts as a loop (the system's own limit, ELOOP)."""
