"""Every file ChipScope reads or writes goes through here.

- :func:`read_bytes` / :func:`read_text`: one regular-file check for every reader (a FIFO,
  a device, a folder or a symlink loop is refused at once instead of hanging or growing without
  end) and a size cap (:mod:`~chipscope.storage.file_reads`, re-exported here).
- :func:`write_bytes` / :func:`write_text` / :func:`write_csv`: one atomic write for every
  writer: a temporary file beside the target, flushed, fsynced and checked, then renamed over it.
  On any failure the old file stays byte for byte as it was and the message names the cause
  ("No space left on device"). A special file (FIFO, device, socket, folder) is never replaced;
  a symlink is written through only to a regular file, and it stays a symlink.
- :func:`written_files`: the files this process wrote, for the CLI's last word.

Errors are :class:`FileRefused` (the path is not something ChipScope may read or write) and
:class:`WriteFailed` (the write did not happen; the old file is unchanged), both
:class:`~chipscope.storage.schema.StorageError`: one sentence naming the file and the cause
(:mod:`~chipscope.storage.file_errors`, re-exported here).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from chipscope.file_access import look
from chipscope.storage.csv_cells import FORMULA_START as FORMULA_START  # files.* users
from chipscope.storage.csv_cells import csv_safe as csv_safe
from chipscope.storage.csv_cells import csv_text as csv_text
from chipscope.storage.disk_space import disk_full
from chipscope.storage.file_attributes import (  # files.* users
    Attributes as Attributes,
)
from chipscope.storage.file_attributes import give_attributes as give_attributes
from chipscope.storage.file_attributes import kept_attributes as kept_attributes
from chipscope.storage.file_attributes import new_file_mode as new_file_mode
from chipscope.storage.file_causes import (
    bad_name,
    kind_of,
    missing_cause,
    sealed_folder,
    stream_name,
    temp_cause,
)
from chipscope.storage.file_errors import FileRefused as FileRefused  # files.* users
from chipscope.storage.file_errors import OddTarget as OddTarget
from chipscope.storage.file_errors import StreamRefused as StreamRefused
from chipscope.storage.file_errors import WriteFailed as WriteFailed
from chipscope.storage.file_errors import os_cause, read_only_disk
from chipscope.storage.file_reads import (  # files.* users
    MAX_SCENARIO_BYTES as MAX_SCENARIO_BYTES,
)
from chipscope.storage.file_reads import check_regular_file as check_regular_file
from chipscope.storage.file_reads import read_bytes as read_bytes
from chipscope.storage.file_reads import read_head as read_head
from chipscope.storage.file_reads import read_refused as read_refused
from chipscope.storage.file_reads import read_text as read_text
from chipscope.storage.file_reads import way_refusal as way_refusal
from chipscope.storage.output_folder import folder_problem
from chipscope.storage.output_names import csv_name_problem
from chipscope.storage.own_files import own_file_role
from chipscope.storage.path_length import is_too_long, shown_path, too_long
from chipscope.storage.schema import SQLITE_HEADER
from chipscope.storage.temporaries import pending_temporary
from chipscope.storage.write_permission import denied_reason, refuse_write_protected

_written: list[Path] = []


def note_written(path: Path) -> None:
    """Record a file this process wrote (the last 20 are kept): when the command's report to
    a full or closed stdout then fails, the CLI still says which files were written."""
    _written.append(path)
    del _written[:-20]


def forget_written() -> None:
    """Start a new record of written files (a command run again in the same process)."""
    _written.clear()


def written_files() -> list[Path]:
    """The files this process wrote, oldest first (see :func:`note_written`)."""
    return list(_written)


# --- writing ---------------------------------------------------------------------------------
def write_target(path: Path | str, what: str = "file", makes_folder: bool = False) -> Path:
    """Where a write of ``path`` goes: ``path`` itself, or the regular file a symlink points
    to. :class:`FileRefused` for a special file, a folder, a symlink loop or a symlink to
    anything but a regular file (or a new file), and for ChipScope's own files (the journal,
    write-ahead log or autosave lock of a database beside it, the settings file, the log:
    :func:`~chipscope.storage.own_files.own_file_role`), which no writer may replace. A
    folder that does not exist is refused too, unless the writer ``makes_folder`` (``data
    build``, the menu entry)."""
    p = Path(path)
    target = _target(p, what, makes_folder)
    for candidate in dict.fromkeys((p, target)):
        if (role := own_file_role(candidate)) is not None:
            raise FileRefused(f"Cannot write the {what} {p}: {role}; choose another name.")
    return target


def _denied(p: Path, what: str, exc: OSError, makes: bool = False) -> FileRefused:
    """The refusal of writing ``p`` when a folder on its way cannot be entered, its cause and
    remedy kept apart (``.cause``, ``.advice``: without "or choose another one") for a writer
    that offers another choice (pass 51 F4); ``makes``: it makes the missing folders too."""
    if (reason := denied_reason(p, makes=makes)) is None:
        return _refused(p, what, exc)
    cause, remedy = reason
    return FileRefused(f"Cannot write the {what} {p}: {cause}; {remedy} or choose another one "
                       "(nothing was written).", cause, remedy)


def _refused(p: Path, what: str, exc: OSError) -> FileRefused:
    """The refusal of writing ``p`` for the system's reason ``exc``: a name or path too long
    in the readers' and writers' one wording (:func:`~chipscope.storage.path_length.too_long`,
    pass 60 F2), the path shortened; else the system's words."""
    if not is_too_long(exc):
        return FileRefused(f"Cannot write the {what} {p} ({os_cause(exc)}).")
    cause, advice = too_long(p)
    return FileRefused(f"Cannot write the {what} {shown_path(p)}: {cause}; {advice} (nothing "
                       "was written).", cause, advice)


def _target(p: Path, what: str, makes_folder: bool) -> Path:
    if (stream := stream_name(p)) is not None:  # /dev/stdout: never the file behind it
        said = f"Cannot write the {what} {p}: it names {stream}"
        advice = ("a command that writes CSV takes - for standard output" if "CSV" in what
                  else "choose a file name")
        raise StreamRefused(f"{said}; choose a file name.", f"{said}; {advice}.")
    try:
        lst = p.lstat()
    except FileNotFoundError:
        refuse_odd_folder(p, what, not makes_folder)  # a dangling link, missing (57 F3, 58 F4)
        return p
    except PermissionError as exc:  # a folder on the way cannot be entered (pass 47 F3)
        raise _denied(p, what, exc, makes_folder) from None
    except OSError as exc:
        if not is_too_long(exc):
            refuse_odd_folder(p, what)  # a symlink loop, a link to a file (pass 57 F4)
        raise _refused(p, what, exc) from None
    except ValueError as exc:  # a NUL or a lone surrogate: no file system takes the name
        raise FileRefused(f"Cannot write the {what} {str(p)!r}: {bad_name(exc)}.") from None
    if stat.S_ISLNK(lst.st_mode):
        try:
            real = p.resolve(strict=True)
        except FileNotFoundError:
            try:  # /dev/stdout -> /proc/self/fd/1 -> "pipe:[123]": no path, but a pipe
                mode = p.stat().st_mode
            except OSError:  # named as the readers name it (pass 54 F6)
                raise _odd(p, what, missing_cause(p), _LINK_ADVICE) from None
            raise _odd(p, what, f"it links to {kind_of(mode)}, which ChipScope never "
                       "replaces", _LINK_ADVICE) from None
        except PermissionError as exc:  # a folder on the link's way cannot be entered (pass 48)
            raise _denied(p, what, exc) from None
        except (RuntimeError, OSError):
            raise _odd(p, what, "it is a symlink loop", _LINK_ADVICE) from None
        st = real.stat()
        if not stat.S_ISREG(st.st_mode):
            raise _odd(p, what, f"it links to {kind_of(st.st_mode)}, which ChipScope never "
                       "replaces", _LINK_ADVICE)
        return real
    if not stat.S_ISREG(lst.st_mode):
        raise _odd(p, what, f"it is {kind_of(lst.st_mode)}, which ChipScope never replaces",
                   "give a file name inside it" if stat.S_ISDIR(lst.st_mode)
                   else "choose another file name")
    return p


_LINK_ADVICE = "remove the link or choose another file name"


def refuse_odd_folder(path: Path | str, what: str, missing: bool = True) -> None:
    """:class:`FileRefused` when the folder of ``path`` (or one on its way) exists but is no
    folder: "Cannot write the CSV file sl/loop/x.csv: sl/loop is a symlink loop; remove the
    link or choose another folder (nothing was written).", or (with ``missing``) does not
    exist: "...: the folder nope does not exist; make it or choose another folder (nothing
    was written)." (:func:`folder_problem`)."""
    if (problem := folder_problem(Path(path).parent, missing)) is not None:
        cause, advice = problem
        raise FileRefused(f"Cannot write the {what} {path}: {cause}; {advice} (nothing was "
                          "written).", cause, advice)


def _odd(p: Path, what: str, cause: str, advice: str) -> OddTarget:
    """The refusal of a target ChipScope never replaces: "Cannot write the CSV file PATH:
    CAUSE; ADVICE." (a writer of a fixed name gives its own advice: the desktop entry)."""
    return OddTarget(f"Cannot write the {what} {p}: {cause}; {advice}.", cause, advice)


def refuse_replacing(target: Path, path: Path | str, what: str,
                     inputs: tuple[Path | str, ...] = ()) -> None:
    """:class:`FileRefused` if writing ``target`` would destroy data: it is a database (an
    export never replaces one; a database is written only by the code that builds it), or it
    is one of the command's own inputs (``inputs``: its ``--db``, ``--scenario``...).
    ``target`` comes from :func:`write_target`, which has refused ChipScope's own files."""
    if not target.exists():
        return
    try:
        head = read_head(target, what, len(SQLITE_HEADER))
    except FileRefused:
        head = b""
    if head == SQLITE_HEADER:
        raise FileRefused(f"Cannot write the {what} {path}: it is a database, which ChipScope "
                          "never replaces with an export; choose another name.")
    for source in inputs:
        try:
            same = Path(source).exists() and os.path.samefile(source, target)
        except OSError:
            same = False
        if same:
            raise FileRefused(f"Cannot write the {what} {path}: it is one of this command's "
                              "inputs; choose another name.")


def refuse_other_type(target: Path, path: Path | str, what: str) -> None:
    """:class:`FileRefused` if ``path`` is a symlink to a file of another type (``r.pdf`` ->
    ``scen.toml``): an output is written through a link only to a file of its own type, so a
    link can never turn a scenario, a data file or anything else into a PDF, PNG or SVG."""
    name = Path(path)
    if target == name or target.suffix.lower() == name.suffix.lower():
        return
    kind = f"a {target.suffix} file" if target.suffix else "a file without a type"
    if not name.suffix:  # "a .csv file, which an output named like this never replaces" read
        raise FileRefused(  # as a CSV writer refusing a CSV file (pass 114 F3)
            f"Cannot write the {what} {path}: it links to {target}, {kind}, and an output is "
            "written through a link only when the link's name ends in the type of the file it "
            f"links to ({name.name}{target.suffix}); rename the link, remove it or choose "
            "another name.")
    raise FileRefused(f"Cannot write the {what} {path}: it links to {target}, {kind}, which "
                      f"an output named {name.suffix} never replaces; remove the link or "
                      "choose another name.")


def write_bytes(path: Path | str, data: bytes, what: str = "file", *,
                database: bool = False, inputs: tuple[Path | str, ...] = ()) -> Path:
    """Write ``data`` to ``path`` atomically; returns the file written (a symlink's target).

    The temporary file sits beside the target under a short name (so a target name near the
    file system's limit still works), is fsynced and its size checked before the rename. A new
    file gets the permissions the umask allows; a replaced file keeps its own.

    Raises
    ------
    FileRefused
        The target is a special file or a bad symlink (nothing is written).
    WriteFailed
        The target is read-only (its mode has no owner-write bit, even for root:
        :mod:`~chipscope.storage.write_permission`), or the folder or the disk refused the
        write; the old file is unchanged.
    """
    target = write_target(path, what)
    if not database:  # only the database copy may replace a database
        refuse_other_type(target, path, what)
        refuse_replacing(target, path, what, inputs)
    try:
        kept = kept_attributes(target)
    except OSError as exc:
        raise WriteFailed(f"Could not write the {what} {path} ({os_cause(exc)}).") from None
    fd, tmp = make_temporary(target, path, what)
    with pending_temporary(tmp):  # SIGTERM removes it too (it ends without unwinding)
        try:
            with os.fdopen(fd, "wb") as out:
                # mode 0444: never renamed over (after the folder's refusal, which says more)
                refuse_write_protected(target, path, what, WriteFailed)
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                written = os.fstat(out.fileno()).st_size
            if written != len(data):
                raise OSError(0, f"only {written} of {len(data)} bytes reached the disk")
            give_attributes(tmp, kept)
            os.replace(tmp, target)
        except OSError as exc:
            remove_temporary(tmp)
            kept_old = look(target).exists  # a folder out of reach now: the write's cause
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # the words every writer uses
                cause, advice = disk_full(target)
                state = " (the old file is unchanged)" if kept_old else ""
                raise WriteFailed(f"Could not write the {what} {path}: {cause}; {advice}"
                                  f"{state}.", exc.errno) from None
            if exc.errno == errno.EROFS:
                raise read_only_disk(path, what, exc.errno) from None
            raise WriteFailed(f"Could not write the {what} {path} ({os_cause(exc)})" + (
                "; the old file is unchanged." if kept_old else "."), exc.errno) from None
        except BaseException:
            remove_temporary(tmp)
            raise
    _sync_folder(target.parent)
    if not database:  # the user database's copy is ChipScope's business, not a command's output
        note_written(Path(path))
    return target


def make_temporary(target: Path, path: Path | str, what: str) -> tuple[int, Path]:
    """A new empty temporary file beside ``target`` (for writing ``path``, the ``what``) under
    a short name, open for writing: its descriptor and its path. :class:`WriteFailed` naming
    the cause, with nothing made, when the folder cannot take one or cannot let it become the
    target (append-only: it could not even be removed again)."""
    if (sealed := sealed_folder(target.parent)) is not None:
        raise WriteFailed(f"Could not write the {what} {path}: {sealed}; nothing was changed, "
                          "so choose another folder.")
    try:
        fd, name = tempfile.mkstemp(prefix=".cs-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):  # no free inodes, most often
            cause, advice = disk_full(target)
            raise WriteFailed(f"Could not write the {what} {path}: {cause}; {advice} "
                              "(nothing was changed).", exc.errno) from None
        if exc.errno in (errno.EACCES, errno.EPERM) and (
                denied := denied_reason(target)) is not None:  # the words of a 0555 folder
            raise WriteFailed(f"Could not write the {what} {path}: {denied[0]}; {denied[1]} or "
                              "choose another one (nothing was written).", exc.errno,
                              cause=denied[0], advice=denied[1]) from None
        if exc.errno == errno.EROFS:  # chmod cannot help (pass 59 F5)
            raise read_only_disk(path, what, exc.errno) from None
        cause = temp_cause(exc, target.parent)
        raise WriteFailed(f"Could not write the {what} {path} ({cause}); nothing was changed.",
                          exc.errno) from None
    return fd, Path(name)


def remove_temporary(tmp: Path) -> None:
    """Remove a temporary file after a failed write, never hiding that write's cause with a
    failure of its own."""
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows it (best effort)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path: Path | str, text: str, what: str = "file",
               inputs: tuple[Path | str, ...] = ()) -> Path:
    """Write UTF-8 text (``\\n`` line ends) atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"), what, inputs=inputs)


def write_csv(frame: pd.DataFrame, path: Path | str, what: str = "CSV file",
              index: bool = False, float_format: str | None = None,
              inputs: tuple[Path | str, ...] = (),
              metadata: Mapping[str, str] | None = None) -> Path:
    """Write ``frame`` as UTF-8 CSV atomically (:func:`csv_text`: formula-like text cells
    escaped, ``metadata`` as comment lines first); ``float_format`` as in
    :meth:`pandas.DataFrame.to_csv`; never over one of ``inputs``, never under a name of
    another type (:func:`~chipscope.storage.output_names.csv_name_problem`), nor through a
    symlink to such a name."""
    if (problem := csv_name_problem(path)) is not None:
        raise FileRefused(f"Cannot write the {what} {path}: its name {problem}.")
    target = write_target(path, what)  # a symlink out.csv -> scen.toml: the rule for both names
    if target != Path(path) and (problem := csv_name_problem(target)) is not None:
        raise FileRefused(f"Cannot write the {what} {path}: it links to {target}, whose name "
                          f"{problem}; remove the link or choose another name.")
    return write_text(path, csv_text(frame, index, float_format, metadata), what, inputs)


def csv_problem(exc: csv.Error) -> str:
    """Python's csv error in words: a cell over the reader's limit is not malformed CSV."""
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {csv.field_size_limit():,} characters (the limit); "
                "no cell of a ChipScope CSV is that long")
    return f"malformed CSV ({exc})"
