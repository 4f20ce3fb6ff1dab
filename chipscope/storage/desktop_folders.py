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
from chipscope.storage.disk_space import disk_full
from chipscope.storage.file_causes import folder_cause
from chipscope.storage.schema import StorageError
from chipscope.storage.write_permission import denied_reason


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


def _setting(share: Path) -> tuple[str, Path]:
    """The setting that gave ``share`` and the path it holds: ("XDG_DATA_HOME", share) or
    ("HOME", the home folder) (a ``share`` given otherwise counts as XDG_DATA_HOME's)."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if not (os.path.isabs(xdg) and Path(xdg) == share):
        home = os.path.expanduser("~")
        if os.path.isabs(home) and Path(home) / ".local" / "share" == share:
            return "HOME", Path(home)
    return "XDG_DATA_HOME", share


def _refused(folder: Path, cause: str, share: Path, part: Path) -> StorageError:
    """The refusal for ``folder``, which cannot be made because ``part`` is in the way: when
    ``part`` is the setting's own value or above it (HOME=/dev/null, XDG_DATA_HOME under a
    file) the setting is at fault, and moving ``part`` (a system file) would be wrong."""
    name, value = _setting(share)
    if part == value or part in value.parents:
        advice = f"set {name} to a folder you can write"
    else:
        advice = ("move it away (ChipScope never replaces it) or set XDG_DATA_HOME to another "
                  f"folder than {share}")
    return StorageError(f"Cannot make the folder {folder} for ChipScope's menu entry: {cause}; "
                        f"{advice} (nothing was installed).")


def make_cause(part: Path, exc: OSError, share: Path) -> str:
    """Why the folder ``part`` could not be made, with the advice: a full disk, a read-only
    disk, a system file system (/proc, /sys), a refusal by the folder it is made in (read-only,
    not enterable: :func:`~chipscope.storage.write_permission.denied_reason`); else the
    system's reason."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return full_cause(part)
    name, _value = _setting(share)
    if exc.errno == errno.EROFS:
        return ("its disk is read-only; make that disk writable or set XDG_DATA_HOME to a "
                "folder on another disk")
    if (system := system_file_system(part.parent)) is not None:
        return (f"{system} belongs to a system file system such as /proc or /sys, which takes "
                f"no new folders; set {name} to a folder you can write")
    if exc.errno in (errno.EACCES, errno.EPERM) and (
            reason := denied_reason(part, makes=True)) is not None:  # u+wx: it makes folders
        cause, remedy = reason  # the folder that blocks it, in the writers' words (pass 52 N2)
        return f"{cause}; {remedy} or set XDG_DATA_HOME to another folder"
    return f"{folder_cause(exc)}; check that {share} is a folder you can write ({name})"


_SYSTEM_TYPES = frozenset({"proc", "sysfs", "cgroup", "cgroup2", "debugfs", "tracefs",
                           "securityfs", "configfs", "pstore", "bpf", "efivarfs", "fusectl",
                           "binfmt_misc"})
"""Linux's file systems of the kernel's own (``/proc``, ``/sys`` and what is mounted in it)."""


def system_file_system(path: Path) -> Path | None:
    """The nearest existing folder at or above ``path`` when it lies on a system file system
    (:data:`_SYSTEM_TYPES`, from ``/proc/self/mounts``), else None (also off Linux)."""
    existing = path
    while not os.path.lexists(existing) and existing.parent != existing:
        existing = existing.parent
    real = os.path.realpath(existing)
    best, kind = "", ""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, fields[2]
    except OSError:
        return None
    return existing if kind in _SYSTEM_TYPES else None


def check_folders(share: Path, folders: list[Path]) -> None:
    """:class:`StorageError` naming the first of ``folders`` (all under ``share``) that cannot
    be a folder because something else is in its place or in a parent's; nothing is made."""
    for folder in folders:
        for part in _chain(folder):
            if os.path.lexists(part) and (cause := _in_the_way(part, folder)) is not None:
                raise _refused(folder, cause, share, part)


def full_cause(path: Path) -> str:
    """Why a full disk refused ``path`` (a folder or file about to be made), with the advice:
    no free inodes (its bytes free) or no free space."""
    return "; ".join(disk_full(path))


def make_folders(share: Path, folders: list[Path], made: list[Path] | None = None
                 ) -> list[Path]:
    """Make the missing ``folders`` (and their parents), top-down; return those made, in the
    order made (also added to ``made`` as each is made, so that a signal part-way leaves the
    caller the list to take back). On a failure the ones made are removed again (if still
    empty) and :class:`StorageError` names the folder and the cause."""
    made = [] if made is None else made
    for folder in folders:
        for part in _chain(folder):
            if os.path.lexists(part):
                continue
            made.append(part)  # first: a signal just after the mkdir still takes it back
            try:
                part.mkdir()
            except FileExistsError:  # made meanwhile by another program: fine if a folder
                made.pop()
                if (cause := _in_the_way(part, part)) is not None:
                    remove_folders(made)
                    raise _refused(part, cause, share, part) from None
                continue
            except OSError as exc:
                made.pop()
                cause = make_cause(part, exc, share)  # before the roll-back frees inodes again
                remove_folders(made)
                raise StorageError(f"Cannot make the folder {part} for ChipScope's menu entry: "
                                   f"{cause} (nothing was installed).") from None
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
    back"). An entry whose write never took place (a signal just before it) is left as it is
    and not counted."""
    stays, undone = [], len(written)
    for path, _what, old, _new in reversed(written):  # the new files first: that frees space
        if old is None:
            try:
                path.unlink()
            except FileNotFoundError:  # never written
                undone -= 1
            except OSError as exc:
                stays.append(f"{path} (not removed: {exc.strerror or exc})")
    for path, what, old, new in reversed(written):
        if old is OLD_UNREADABLE:
            stays.append(f"{path} (its old contents could not be read to put back)")
        elif old is not None and old != new and old_bytes(path, what) != old:
            try:
                files.write_bytes(path, old, what)
            except StorageError as exc:
                code = getattr(exc, "errno", None)
                cause = os.strerror(code) if code else str(exc).rstrip(".")
                stays.append(f"{path} (its old contents could not be put back: {cause})")
    remove_folders(made)
    if not stays:
        return "nothing was installed" + (
            (": the file it had written was taken back" if undone == 1 else
             f": the {undone} files it had written were taken back") if undone else "")
    return (f"the install was undone except for {len(stays)} of the {len(written)} files it had "
            f"written, which stay: {'; '.join(stays)}; remove them with chipscope-cli "
            "--remove-desktop-entry")


RECORD_KEY = "X-ChipScope-Made-Folders"
"""The desktop file's key that lists, relative to the data folder, the folders the install
made: the removal takes back only those (the user's own empty folders stay, pass 63 F6)."""


def with_record(desktop: bytes, share: Path, made: list[Path], old: bytes | None) -> bytes:
    """``desktop`` (the new desktop file) with :data:`RECORD_KEY` listing the folders this run
    ``made`` below ``share`` and those the ``old`` desktop file listed (a reinstall); ``share``
    itself (".") and its parents ("..") when this run made them, never a data folder the user
    had (pass 64 F8)."""
    names = [os.path.relpath(p, share) for p in made if share in p.parents or p == share
             or p in share.parents]
    if isinstance(old, bytes) and old is not OLD_UNREADABLE:
        names = [*_recorded(old), *names]
    if not names:
        return desktop
    line = f"{RECORD_KEY}={';'.join(dict.fromkeys(names))};\n".encode()
    return desktop + (b"" if desktop.endswith(b"\n") else b"\n") + line


def _recorded(desktop: bytes) -> list[str]:
    """The folder names :data:`RECORD_KEY` lists in ``desktop``: relative, with no ``..``."""
    for line in desktop.decode("utf-8", "replace").splitlines():
        if line.startswith(f"{RECORD_KEY}="):
            names = line.partition("=")[2].split(";")
            return [n for n in names if n and not os.path.isabs(n) and (
                ".." not in Path(n).parts or set(Path(n).parts) == {".."})]  # share's parents
    return []


def made_by_install(share: Path, desktop: Path) -> set[Path]:
    """The folders below ``share`` that the install made, from the desktop file ``desktop``'s
    record; empty when there is none (an older install, or the file gone): then no folder is
    removed, since a folder that was there before is the user's."""
    old = old_bytes(desktop, "desktop file")
    if old is None or old is OLD_UNREADABLE:
        return set()
    return {Path(os.path.normpath(share / name)) for name in _recorded(old)}
