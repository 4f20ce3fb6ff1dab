"""Causes of file failures the system names badly (used by :mod:`chipscope.storage.files`).

- ``ELOOP`` means "a symlink loop" or "more than 40 symlinks in a row" (the kernel's limit):
  a long chain ending at a regular file is followed, as a write through it already is.
- Creating a file in a folder of a virtual file system (``/proc``, ``/sys``) fails with
  "No such file or directory" although the folder is there: say that the folder does not take
  new files.
- A folder that cannot be made or used: a symlink loop, a link to something missing, a file
  (:func:`folder_cause`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import struct
import sys
from pathlib import Path

from chipscope.file_modes import kind_of as kind_of  # file_causes.* users


def chain_end(path: Path) -> Path | None:
    """The file at the end of ``path``'s symlinks when the system refused them (``ELOOP``)
    only because the chain is longer than its limit; ``None`` for a real loop."""
    try:
        real = Path(os.path.realpath(path, strict=True))
        real.stat()
    except (OSError, RuntimeError, ValueError):
        return None
    return real


def missing_cause(path: Path) -> str:
    """Why ``path``, which the system calls missing, cannot be read: "it is a symlink to the
    missing /x" when ``path`` itself is a link whose target is gone (``ls`` shows the link, so
    "no such file" would send the user looking for it), naming the missing end of its chain of
    links (:func:`dangling_link`); else "there is no such file"."""
    return f"it is {dangling}" if (dangling := dangling_link(path)) else "there is no such file"


def dangling_link(path: Path) -> str | None:
    """"a symlink to the missing X" when ``path`` is a link that leads to nothing, X as the
    last link of its chain gives it ("... the missing nothere (through ../sl/dang)" when the
    first link leads to another link: that one exists, its target does not), shortened and
    its hidden characters spelled out; None when ``path`` is no link."""
    from chipscope.model.text_rules import escaped_hidden, shortened

    first = target = None
    link = path
    for _ in range(40):  # the system's own limit on links in a row
        try:
            if not stat.S_ISLNK(link.lstat().st_mode):
                break
            target = os.readlink(link)
        except (OSError, ValueError):
            break
        first = target if first is None else first
        link = link.parent / target
    if target is None or first is None:
        return None
    through = f" (through {escaped_hidden(shortened(first, 120))})" if first != target else ""
    return f"a symlink to the missing {escaped_hidden(shortened(target, 120))}{through}"


_SYSTEM_ROOTS = (Path("/proc"), Path("/sys"))
"""Where Linux mounts its system file systems, whose folders' modes say nothing of writing."""


def on_system_file_system(folder: Path | str) -> bool:
    """Whether ``folder`` (through symlinks) is ``/proc``, ``/sys`` or a folder in them."""
    real = Path(os.path.realpath(folder))
    return any(real == root or root in real.parents for root in _SYSTEM_ROOTS)


READ_ONLY_DISK = "its disk is read-only"
"""The cause of ``EROFS`` (a disk mounted read-only) in every writer's words (pass 59 F5)."""
ANOTHER_DISK = "choose a folder on another disk"
"""What to do about :data:`READ_ONLY_DISK`: chmod cannot help."""


def on_read_only_disk(path: Path | str) -> bool:
    """Whether the nearest existing folder of ``path`` (or ``path`` itself) lies on a disk
    mounted read-only (the system's ``ST_RDONLY``); False where it cannot say."""
    place = Path(path)
    for part in (place, *place.parents):
        try:
            return bool(os.statvfs(part).f_flag & os.ST_RDONLY)
        except FileNotFoundError:
            continue
        except (OSError, ValueError, AttributeError):
            return False
    return False


def database_on_read_only_disk(path: Path | str) -> tuple[str, str] | None:
    """(cause, advice) for a database ``path`` that cannot be written because it lies on a
    read-only disk: "cannot be written: its disk is read-only", "work on a copy on another
    disk; nothing was changed"; None when its disk is writable or cannot be asked."""
    if not on_read_only_disk(path):
        return None
    return (f"cannot be written: {READ_ONLY_DISK}",
            "work on a copy on another disk; nothing was changed")


def temp_cause(exc: OSError, folder: Path) -> str:
    """Why a temporary file could not be made in ``folder``, in words."""
    if exc.errno == errno.EROFS:
        return READ_ONLY_DISK
    if exc.errno in (errno.ENOENT, errno.EACCES, errno.EPERM):
        try:
            there = folder.is_dir()
        except OSError:
            there = False
        if there and (exc.errno == errno.ENOENT or on_system_file_system(folder)):
            return (f"the folder {folder} does not take new files: it belongs to a system "
                    "file system such as /proc or /sys")
    return exc.strerror or str(exc)


_FS_IOC_GETFLAGS = (2 << 30) | (struct.calcsize("l") << 16) | (ord("f") << 8) | 1
"""Linux's ioctl that reads a file's attributes (``lsattr``): ``_IOR('f', 1, long)``."""
_APPEND_ONLY, _IMMUTABLE = 0x20, 0x10  # FS_APPEND_FL, FS_IMMUTABLE_FL


def _attribute_flags(path: Path, folder: bool) -> int | None:
    """The system's attribute flags of ``path`` (``lsattr``), or None where it cannot say
    (not Linux, a file system without attributes, a file that cannot be opened)."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl  # POSIX only

    kind = getattr(os, "O_DIRECTORY", 0) if folder else getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_RDONLY | kind | os.O_NONBLOCK)
    except (OSError, ValueError):
        return None
    try:
        if not folder and not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        buffer = bytearray(8)
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, buffer)
        return int.from_bytes(buffer[:4], sys.byteorder)
    except OSError:
        return None
    finally:
        os.close(fd)


def sealed_folder(folder: Path) -> str | None:
    """Why no file in ``folder`` can be written safely, when the system marks the folder
    append-only (``chattr +a``: a file can be made in it but never renamed, replaced or
    removed, so a temporary file could neither become the target nor be cleaned up) or
    immutable (``chattr +i``); None otherwise, or where the system cannot say (not Linux, a
    file system without attributes). Asked before a temporary file is made there."""
    flags = _attribute_flags(folder, folder=True)
    if flags is None:
        return None
    if flags & _IMMUTABLE:
        return (f"the folder {folder} is marked immutable (chattr +i): no file in it can be "
                "made, replaced or removed")
    if flags & _APPEND_ONLY:
        return (f"the folder {folder} is append-only (chattr +a): a file can be added to it "
                "but never replaced or renamed, which a safe write needs")
    return None


def sealed_file(path: Path) -> str | None:
    """"immutable (chattr +i)" or "append-only (chattr +a)" when the system marks the regular
    file ``path`` so (neither can be opened for a write at a place, truncated or removed, even
    by root); None otherwise, for a missing file, or where the system cannot say."""
    flags = _attribute_flags(path, folder=False)
    if flags is None:
        return None
    if flags & _IMMUTABLE:
        return "immutable (chattr +i)"
    if flags & _APPEND_ONLY:
        return "append-only (chattr +a)"
    return None


def attribute_letter(path: Path, folder: bool = False) -> str | None:
    """"i" when the system marks ``path`` (a regular file, or a folder for ``folder``)
    immutable, "a" when append-only (``chattr +i``/``+a``: no file in such a folder, and
    neither such file, can be removed, even by root); None otherwise or where it cannot say."""
    flags = _attribute_flags(path, folder=folder)
    if flags is None:
        return None
    return "i" if flags & _IMMUTABLE else "a" if flags & _APPEND_ONLY else None


def folder_cause(exc: OSError) -> str:
    """Why a folder could not be made or used (``exc`` from ``mkdir(parents=True)``), in
    words: "it is a symlink loop", "it is a symlink to the missing /x", "it is a file, not a
    folder"; else the system's reason. ``exc.filename`` names the part that failed."""
    part = Path(exc.filename) if exc.filename else None
    if part is not None and exc.errno in (errno.EEXIST, errno.ENOTDIR, errno.ELOOP):
        try:
            lst = part.lstat()
            if stat.S_ISLNK(lst.st_mode):
                try:
                    st = part.stat()
                except FileNotFoundError:
                    return f"it is {dangling_link(part)}"
                except (OSError, RuntimeError):
                    return "it is a symlink loop"
                kind = "a file" if stat.S_ISREG(st.st_mode) else kind_of(st.st_mode)
                return f"it links to {kind}, not a folder"
            if not stat.S_ISDIR(lst.st_mode):
                kind = "a file" if stat.S_ISREG(lst.st_mode) else kind_of(lst.st_mode)
                return f"it is {kind}, not a folder"
        except NotADirectoryError:  # a folder on the way is a file: name it
            if (on_way := file_on_the_way(part)) is not None:
                return on_way
        except OSError:
            pass
    return exc.strerror or str(exc)


def file_on_the_way(path: Path | str) -> str | None:
    """"base.db is a file, not a folder" ("... links to a file", "... is a pipe (FIFO)") for
    ``path`` the system refused as "Not a directory" (``ENOTDIR``): the nearest part on its
    way that is no folder. Every reader and folder says so; None if no part is (changed since)."""
    for parent in Path(path).parents:
        try:
            mode = os.stat(parent).st_mode
        except (OSError, ValueError):
            continue  # below the file that stops the way: nothing there
        if stat.S_ISDIR(mode):
            return None
        kind = "a file" if stat.S_ISREG(mode) else kind_of(mode)
        return f"{parent} {'links to' if os.path.islink(parent) else 'is'} {kind}, not a folder"
    return None


def not_a_plain_file(path: Path | str) -> str | None:
    """What ``path`` is when it exists as anything but a regular file, not following
    symlinks ("a symlink", "a pipe (FIFO)", "a folder"...); None when it is a regular file or
    absent. For files ChipScope opens without the checked readers (the autosave lock file):
    opening a FIFO blocks for ever."""
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symlink"
    return kind_of(mode)


def bad_name(exc: ValueError) -> str:
    """Why the system refused a file name with ``exc`` before looking for the file, in words:
    a NUL character, or a lone surrogate (text that is no character: no encoding writes it)."""
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start:exc.end]
        code = f"U+{ord(bad[0]):04X}" if bad else "a character"
        return (f"its name holds {code}, a lone surrogate (half of a UTF-16 pair, not a "
                "character), which no file name can")
    return "its name holds a NUL character, which no file name can"


_DESCRIPTOR_FOLDER = re.compile(r"/proc/[^/]+(?:/task/[^/]+)?/fd|/dev/fd")
_STREAMS = {0: "standard input", 1: "standard output", 2: "standard error"}


def stream_name(path: Path | str) -> str | None:
    """What ``path`` names when it is an open descriptor of a process rather than a file
    (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``, or a symlink to
    one): "standard output, a stream rather than a file, ..." ("descriptor 7, ..."); a name
    that is no number there (``/proc/self/fd/x.png``), the folder that takes no files; else
    None. Such a name leads, through its links, to whatever the stream was sent to (``>>
    log.txt``): replacing that file would replace the user's file instead of appending to it."""
    try:
        p = Path(os.path.abspath(path))
        for _ in range(40):  # the kernel's own limit on a chain of links
            if _DESCRIPTOR_FOLDER.fullmatch(os.path.realpath(p.parent)):
                if not p.name.isdigit():
                    return (f"a new entry of {p.parent}, a folder that holds only a process's "
                            "open streams and takes no files")
                return (f"{_STREAMS.get(int(p.name), f'descriptor {p.name}')}, a stream rather "
                        "than a file, which ChipScope never replaces")
            if not p.is_symlink():
                return None
            p = Path(os.path.abspath(p.parent / os.readlink(p)))
    except (OSError, ValueError):
        return None
    return None


SETTINGS_SUFFIXES = (".ini", ".conf")
"""The names settings files have: a link to any other file is no settings file."""


def not_settings(path: Path | str) -> str | None:
    """What a regular settings file is when it is not one ChipScope may rewrite, or None: a
    link to a file of another type ("a link to /h/chipscope.db") or, through a hard link, a
    database or another binary file (its first 4 kB hold a NUL byte, which INI text never
    does). Qt would read it as INI and write its text over it at close."""
    name = Path(path)
    try:
        real = Path(os.path.realpath(name))
    except (OSError, ValueError):
        return None
    if real.name != name.name and real.suffix.lower() not in SETTINGS_SUFFIXES:
        return f"a link to {real}, which is no settings file"
    held = _held(real)
    if held is None:
        return None
    head, _ = held
    if head.startswith(b"SQLite format 3\0"):
        return "an SQLite database (a hard link to it?), not a settings file"
    if b"\0" in head:
        return "a binary file, not a settings file"
    return None


def not_a_log(path: Path | str) -> str | None:
    """What ``path`` is when a log must not be appended to it, or None: anything but a regular
    file ("a pipe (FIFO), not a regular file": opening one waits for its reader for ever), a
    link to a file that is no log (not named ``*.log`` or a rotated ``*.log.1``: "a link to
    /h/notes.txt, which is no log file"), or a
    database or a binary file (through a hard link): appending lines would change the user's
    file. (A log of its own with NUL bytes, as a power cut can leave, is still a log.)"""
    odd = not_a_plain_file(path)
    real = Path(os.path.realpath(path))
    if odd == "a symlink":
        odd = not_a_plain_file(real)
        if odd is None and not re.fullmatch(r".+\.log(\.\d+)?", real.name, re.IGNORECASE):
            return f"a link to {real}, which is no log file"
    if odd is not None:
        return f"{odd}, not a regular file"
    held = _held(real)
    if held is None:
        return None
    head, linked = held
    if head.startswith(b"SQLite format 3\0"):
        return "an SQLite database (a hard link to it?), not a log file"
    if linked and b"\0" in head:  # a picture, an archive: log text never holds a NUL byte
        return "a binary file (a hard link to it), not a log file"
    return None


def _held(real: Path) -> tuple[bytes, bool] | None:
    """What the file ``real`` (a link already resolved) really is, for the two files ChipScope
    appends to or rewrites whole beside the user's own (the log, the settings): its first 4 kB
    (where a database shows SQLite's magic and a binary file a NUL byte) and whether another
    name is linked to it; None when it cannot be read (its writer then names the cause)."""
    try:
        with open(real, "rb") as file:
            return file.read(4096), os.fstat(file.fileno()).st_nlink > 1
    except (OSError, ValueError):
        return None
