"""The reading side of :mod:`chipscope.storage.files` (which re-exports it): one regular-file
check for every reader (a FIFO, a device, a folder or a symlink loop is refused at once instead
of hanging or growing without end) and a size cap; :class:`FileRefused` naming the file and the
cause.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from chipscope.file_access import read_denial
from chipscope.model.text_rules import undecodable_byte
from chipscope.storage import file_causes, text_causes
from chipscope.storage.file_causes import chain_end, kind_of, missing_cause
from chipscope.storage.file_errors import FileRefused, NotRegular, os_cause
from chipscope.storage.output_folder import folder_problem
from chipscope.storage.path_length import shown_path, too_long

MAX_SCENARIO_BYTES = 1_000_000
"""A scenario file is a few kilobytes; anything past this is not one."""

_LOOP_ADVICE = "remove the link or choose another file"
_DANGLING_ADVICE = "put the file back or choose another file"
_FOLDER_ADVICE = "give a file inside it"
"""A reader's advice for a symlink loop, a link to a missing file and a folder, in the form
the writers give theirs (:func:`chipscope.storage.files.write_target`, pass 55 F5)."""


def cannot_read(what: str, shown: object, reason: str, advice: str | None = None, *,
                joint: str = ": ") -> FileRefused:
    """"Cannot read the <what> <shown><joint><reason>; <advice>." (``joint``: ": ", " " before
    a reason in brackets, or a note on the name and ": "), its cause "cannot be
    read<joint><reason>" (the clause after the file's name), its bare ``reason``, the
    sentence without advice (``said``) and its advice kept apart."""
    said = f"Cannot read the {what} {shown}{joint}{reason}"
    ending = f"; {advice}." if advice else "."
    return FileRefused(f"{said}{ending}", f"cannot be read{joint}{reason}", advice,
                       reason=reason, said=said)


def check_regular_file(path: Path | str, what: str = "file") -> Path:
    """``path`` if it is an existing regular file (through symlinks); else :class:`FileRefused`
    naming ``what``, the file and the reason."""
    p = Path(path)
    try:
        st = p.stat()
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: pathlib's "Symlink loop"
        if isinstance(refused := stat_refusal(p, what, exc), Path):
            return check_regular_file(refused, what)  # the end of a long chain of links
        raise refused from None
    if not stat.S_ISREG(st.st_mode):
        raise not_regular(what, p, st.st_mode)
    return p


def stat_refusal(p: Path, what: str,
                 exc: OSError | RuntimeError | ValueError) -> FileRefused | Path:
    """:func:`check_regular_file`'s refusal of ``p`` (the ``what``), whose ``stat`` failed with
    ``exc``, from ``exc`` alone (the window's open path has already looked, pass 57); for a
    chain of more than 40 links (a long chain, not a loop), the real path at its end."""
    if isinstance(exc, ValueError):  # "embedded null byte", or a lone surrogate
        bad = (f"U+{ord(exc.object[exc.start]):04X}, half of a character (a lone surrogate)"
               if isinstance(exc, UnicodeEncodeError) else "a NUL character")
        return cannot_read(what, repr(str(p)), f"its name holds {bad}, which no file name can",
                           "check the path")
    if (on_way := way_refusal(p, what, exc)) is not None:
        return on_way  # "sl/loop is a symlink loop": a folder on the way, not the file
    if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
        end = chain_end(p)
        return end if end is not None else cannot_read(what, p, "it is a symlink loop",
                                                        _LOOP_ADVICE)
    if exc.errno == errno.ENOENT:
        held = f" (its name holds {byte})" if (byte := undecodable_byte(str(p))) else ""
        cause = missing_cause(p)  # "there is no such file" or "it is a symlink to the missing X"
        advice = _DANGLING_ADVICE if cause.startswith("it is a symlink") else None
        return cannot_read(what, p, cause, advice, joint=f"{held}: ")
    return read_refused(p, what, exc)


def way_refusal(p: Path, what: str,
                exc: OSError | RuntimeError | ValueError) -> FileRefused | None:
    """The refusal of ``p`` (the ``what``), which the system called missing or a symlink loop
    (``exc``), when the cause is a folder on its way, in the writers' words and advice
    (:func:`~chipscope.storage.output_folder.folder_problem`): "Cannot read the scenario file
    sl/loop/s.toml: sl/loop is a symlink loop; remove the link or choose another folder."
    ("sl/dang is a symlink to the missing nothere; put the folder back or ..."); None when
    every folder on the way is one (the file itself is the cause)."""
    if isinstance(exc, OSError) and exc.errno not in (errno.ELOOP, errno.ENOENT):
        return None
    if isinstance(exc, ValueError) or (problem := folder_problem(p.parent, missing=False)) is None:
        return None
    return cannot_read(what, p, *problem)


def refusal_clause(exc: FileRefused) -> str:
    """The words of :func:`check_regular_file`'s refusal after the file's name, its advice
    after a semicolon ("it is a symlink loop; remove the link or choose another file"), for a
    message that names the file in its own way (the window's open path, pass 56 F4)."""
    why = exc.reason if exc.reason is not None else exc.cause or ""
    return f"{why}; {exc.advice}" if exc.advice else why


def not_regular(what: str, p: Path, mode: int) -> NotRegular:
    """"Cannot read the <what> P: it is a folder, not a regular file; give a file inside it."
    (a FIFO, a device...: no advice)."""
    refused = cannot_read(what, p, f"it is {kind_of(mode)}, not a regular file",
                          _FOLDER_ADVICE if stat.S_ISDIR(mode) else None)
    return NotRegular(str(refused), refused.cause, refused.advice, reason=refused.reason,
                      said=refused.said, path=str(p), kind=kind_of(mode))


def read_refused(path: Path | str, what: str, exc: OSError) -> FileRefused:
    """The refusal of every reader when the system would not let it look at or open ``path``
    (the ``what``): a permission refusal names its cause in the writers' words
    (:func:`~chipscope.file_access.read_denial`): a folder on the way that cannot be entered
    ("Cannot read the scenario file F: its folder D cannot be entered (permission denied);
    make that folder accessible (chmod u+x) or choose another one.", pass 49 F1) or the file's
    own read permission ("...: it is not readable for you (permission denied); make it
    readable (chmod u+r) or choose another one.", pass 49 N1); else the system's reason."""
    if exc.errno == errno.ENAMETOOLONG:  # the writers' words, the path shortened (pass 60 F2)
        return cannot_read(what, shown_path(path), *too_long(path))
    if exc.errno in (errno.EACCES, errno.EPERM) and (denied := read_denial(path)):
        return cannot_read(what, path, denied.cause, f"{denied.fix} or choose another one")
    if (link_on_way := way_refusal(Path(path), what, exc)) is not None:
        return link_on_way  # "sl/loop is a symlink loop; remove the link or ..."
    if exc.errno == errno.ENOTDIR and (on_way := file_causes.file_on_the_way(path)):
        return cannot_read(what, path, on_way, "check the path")  # base.db/s.toml
    return cannot_read(what, path, f"({os_cause(exc)})", joint=" ")


def read_bytes(path: Path | str, what: str = "file",
               max_bytes: int = MAX_SCENARIO_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking and checked again on the open descriptor, so a FIFO
    swapped in after the first check cannot hang the read.

    Raises
    ------
    FileRefused
        Not a regular file, unreadable, or larger than ``max_bytes``.
    """
    data = read_head(path, what, max_bytes + 1)
    if len(data) > max_bytes:
        raise cannot_read(what, Path(path), f"it is larger than {_size_text(max_bytes)}, too "
                         "large to be one")
    return data


def read_head(path: Path | str, what: str = "file", size: int = 100) -> bytes:
    """The first ``size`` bytes (fewer if the file is shorter) of a regular file, read without
    blocking (e.g. a database header before SQLite opens the file); :class:`FileRefused` as
    for :func:`read_bytes`."""
    p = check_regular_file(path, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise read_refused(p, what, exc) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(what, p, st.st_mode)
        try:
            return f.read(size)
        except OSError as exc:
            raise cannot_read(what, p, f"({os_cause(exc)})", joint=" ") from None


def read_text(path: Path | str, what: str = "file", max_bytes: int = MAX_SCENARIO_BYTES,
              spreadsheet: bool = False, window: bool = False) -> str:
    """The UTF-8 text of a regular file (a leading byte-order mark is dropped); ``spreadsheet``:
    a CSV file, which the advice for a binary or non-UTF-8 file names so; ``window``: the
    window reads it, whose advice names no command-line option (:func:`text_causes.not_text`)."""
    return decode_text(read_bytes(path, what, max_bytes), path, what, spreadsheet, window)


def decode_text(data: bytes, path: Path | str, what: str = "file", spreadsheet: bool = False,
                window: bool = False) -> str:
    """The UTF-8 text of ``data``, the bytes :func:`read_bytes` read from ``path``, as
    :func:`read_text` gives it: :class:`FileRefused` when they are no text (a database, a
    picture, UTF-16) or not UTF-8, for a reader that tells a refusal of the file itself (a
    folder, a link, permission: :func:`read_bytes`) from one of its content."""
    expected = "a CSV file" if spreadsheet else f"a {what}"
    if why := text_causes.not_text(data, expected, spreadsheet, window):  # a database, UTF-16 ...
        raise cannot_read(what, Path(path), why)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # "<file>, line 2: the byte 0xE9 is not UTF-8 text; ..."
        raise cannot_read(what, Path(path), text_causes.not_utf8(exc, spreadsheet),
                          joint=", ") from None


def _size_text(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n / 1e3:g} kB"
