"""Command output written to standard output (``--out -``), every byte accounted for.

``sys.stdout.write`` trusts Python's buffered writer, which returns a short count when the
kernel takes only part of a large write (a nearly full disk) and does not try again; the text
layer drops that count, so a cut CSV was reported as written, exit 0. :func:`write_stdout`
writes the bytes itself, in a loop that checks every count: a write that makes no progress is
a full disk, an ``OSError`` the CLI reports as "could not write to standard output". Also the
files a command names: watched for a change (:func:`watch_databases`), and refused as standard
output (:func:`stdout_onto_input`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output in full (after what was printed before it), or raise
    :class:`OSError` (ENOSPC when the system takes no more bytes)."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        stream.write(text)  # not a file (a test's capture, an embedding program's stream)
        stream.flush()
        return
    stream.flush()
    data = text.encode(getattr(stream, "encoding", None) or "utf-8",
                       getattr(stream, "errors", None) or "strict")
    view = memoryview(data)
    while view:
        count = os.write(fd, view)
        if count <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[count:]


def stderr_closed_dropped() -> None:
    """Standard error closed at start (``2>&-``): what is printed to it goes nowhere. Python's
    ``print(file=None)`` and argparse's usage fall back to standard output, so a note, a
    progress line or usage text went into the CSV of ``--out -`` (exit 0), and argparse's
    error failed with AttributeError (exit 1). File descriptor 2 becomes the null device too:
    a file the command opens can no longer take its number (nor a worker's messages)."""
    if sys.stderr is not None:
        return
    try:
        os.fstat(2)
    except OSError:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != 2:
            os.dup2(null, 2)
            os.close(null)
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run


def tolerant_stdout() -> None:
    """Text standard output's encoding cannot hold (``PYTHONIOENCODING=ascii``, a Latin-1
    terminal, a file name with bytes that are not UTF-8 under ``PYTHONIOENCODING=utf-8``) is
    written escaped (``\\u201c``), as stderr does, instead of failing the command with "unexpected
    UnicodeEncodeError" after its work was done. A file name's undecodable bytes still come back
    byte for byte, as ``surrogateescape`` (a UTF-8 locale's default) gives them: one handler,
    :func:`_escape_unencodable`, for strict and surrogateescape streams alike."""
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
        # closed or detached: reported where it is written
        import codecs

        codecs.register_error(_ESCAPE, _escape_unencodable)
        with contextlib.suppress(OSError, ValueError):
            stream.reconfigure(errors=_ESCAPE)


_ESCAPE = "chipscope-escape"
"""The error handler :func:`tolerant_stdout` gives standard output."""


def _escape_unencodable(exc: UnicodeError) -> tuple[bytes, int]:
    """``surrogateescape`` for the bytes a file name brought in (U+DC80-U+DCFF give their
    byte back), ``backslashreplace`` for everything else: an ASCII stdout (``LC_ALL=C`` with
    UTF-8 mode off) writes “ as \\u201c instead of failing after the command's work."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = bytearray()
    for char in exc.object[exc.start:exc.end]:
        code = ord(char)
        out += bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else \
            char.encode("ascii", "backslashreplace")
    return bytes(out), exc.end


# --- databases a command changed: said when its report then fails -------------------------------
_watched: dict[str, tuple[object, ...] | None] = {}


def watch_databases(paths: list[Path]) -> None:
    """Remember the state of the databases a command may change (``data import-edits``,
    ``keep-edit``, ``drop-edit``), so that a failure after the change (a full stdout, Ctrl+C)
    can say it was made all the same (:func:`changed_note`). Replaces any earlier watch."""
    _watched.clear()
    for path in paths:
        _watched[str(path)] = _state(str(path))


def watch_made(path: Path) -> None:
    """A watched database that did not exist before the command and was made since (the user's
    own, from the bundled copy on first use) is watched from as made: it is not the
    command's change (pass 85 F1: a first ``data import-edits`` stopped by a signal said the
    new database "was changed all the same", and nothing had been imported)."""
    key = str(path)
    if key in _watched and _watched[key] is None:
        _watched[key] = _state(key)


def changed_note() -> str:
    """"; DB was changed all the same" for each watched database that changed since
    :func:`watch_databases` ("" for none). A file with a journal beside it is mid-write (it
    may yet be rolled back): not claimed. Imports nothing (a signal handler calls it)."""
    changed = [path for path, before in _watched.items()
               if not os.path.lexists(path + "-journal") and _state(path) != before]
    if not changed:
        return ""
    return f"; {', '.join(changed)} {'was' if len(changed) == 1 else 'were'} changed all the same"


def _state(path: str) -> tuple[object, ...] | None:
    """What a committed write changes: the file's identity, size and time, SQLite's file
    change counter (header bytes 24-27) and its write-ahead log's size and time."""
    try:  # without waiting: opening a FIFO (a --db that is one) waits for a writer for ever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None  # the command itself names what it is
        head = os.pread(fd, 4, 24) if hasattr(os, "pread") else os.read(fd, 28)[24:]
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        wal = os.stat(path + "-wal")
        log: tuple[int, int] | None = (wal.st_size, wal.st_mtime_ns)
    except OSError:
        log = None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, head, log)


# --- the files a command names -----------------------------------------------------------------
INPUT_OPTIONS = ("db", "check_db", "scenario", "spec", "targets", "file", "fitted")
"""The options of the commands that name a file they read (or, ``--fitted``, rewrite)."""


def command_inputs(args: argparse.Namespace) -> list[object]:
    """The files the command names, those it reads without being told (``more_inputs``, set
    by the command: data build/check's default CSV folder, calibrate's default targets, a
    sweep's base scenario), and the user's own and the bundled database (read when no --db is;
    the bundled one by every command that loads or refreshes the user's)."""
    return [*(getattr(args, name, None) for name in INPUT_OPTIONS), *_user_db(), *_bundled_db(),
            *folder_tables(getattr(args, "csv_dir", None)), *_more_inputs(args),
            *getattr(args, "open_files", [])]


def _more_inputs(args: argparse.Namespace) -> list[object]:
    """What the command's ``more_inputs`` says it reads by default ([] for none)."""
    more = getattr(args, "more_inputs", None)
    try:  # the command itself says what is wrong with a file it cannot find or read
        return list(more(args)) if more is not None else []
    except Exception:  # noqa: BLE001
        return []


def folder_tables(folder: object) -> list[Path]:
    """The ``*.csv`` files of ``folder`` (a CSV folder a command reads), [] for none."""
    try:  # a name too long, a folder that cannot be read: the command itself says so
        return sorted(Path(str(folder)).glob("*.csv")) if folder and Path(
            str(folder)).is_dir() else []
    except (OSError, ValueError):
        return []


OUTPUT_OPTIONS = ("out",)
"""The options whose value is a file the command writes, never one it reads."""


def named_inputs(words: list[str], parser: argparse.ArgumentParser) -> list[object]:
    """The files the raw command line may make the command read, before the arguments are
    parsed (argparse prints usage errors, --help and --version itself): each word but the
    command's own words and the value of ``--out``, the ``*.csv`` of a word that is a folder,
    what the command reads by default (its ``more_inputs``, given each word that is a regular
    file as its file argument, whatever the file's name: a sweep spec's base scenario, read as
    the sweep reads its spec, at most 1 MB; a file that is not a spec adds nothing), and the
    user's own and the bundled database. Only names ending in .toml were read: a spec named
    spec.cfg or SPEC.TOML, which the sweep runs all the same, let ``--help >> base.toml``
    write into the base scenario."""
    import argparse

    command, named = _command_words(parser, words)
    defaults = {a.dest: a.default for a in command._actions if a.dest != argparse.SUPPRESS}
    defaults.update(command._defaults)
    files = [a for a in command._actions if not a.option_strings and a.nargs is None]
    more = [*_more_inputs(argparse.Namespace(**defaults))]
    for word in named:
        if files and _regular_file(word):
            try:  # as argparse gives it (a Path)
                given = {a.dest: a.type(word) if callable(a.type) else word for a in files}
            except Exception:  # noqa: BLE001 - the command itself says what is wrong
                continue
            more += _more_inputs(argparse.Namespace(**{**defaults, **given}))
    return [*named, *(t for word in named for t in folder_tables(word)), *more, *_user_db(),
            *_bundled_db()]


def _regular_file(word: str) -> bool:
    """Whether ``word`` names a regular file (False for a name the system refuses: too long,
    a NUL; the command itself says so)."""
    try:
        return stat.S_ISREG(os.stat(word).st_mode)
    except (OSError, ValueError):
        return False


def _command_words(parser: argparse.ArgumentParser, words: list[str]
                   ) -> tuple[argparse.ArgumentParser, list[str]]:
    """The parser of the (sub)command ``words`` name, and the words that may name a file it
    reads: not the command and action words, not the value of an output option."""
    command, named, skip = parser, [], False
    for i, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word.startswith("-") and len(word) > 1:
            name, eq, value = word.partition("=")
            action = _option(command, name)
            takes_value = action is not None and action.nargs != 0
            if action is not None and action.dest in OUTPUT_OPTIONS:
                skip = not eq
                continue
            named += [word, value] if eq else [word]
            if takes_value and not eq and i + 1 < len(words):
                named.append(words[i + 1])
                skip = True
            continue
        choices = next((a.choices for a in command._actions if a.option_strings == [] and
                        isinstance(a.choices, dict)), None)
        if choices is not None and word in choices:
            command = choices[word]
        else:
            named.append(word)
    return command, named


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    """The option ``name`` is, exactly or as the abbreviation argparse takes; None for none."""
    table = parser._option_string_actions  # argparse keeps them here, nowhere public
    if name in table:
        return table[name]
    hits = {id(a): a for o, a in table.items() if name.startswith("--") and o.startswith(name)}
    return next(iter(hits.values())) if len(hits) == 1 else None


def changed_databases(args: argparse.Namespace) -> list[Path]:
    """The database a command that changes one (``changes_db``: data import-edits, keep-edit,
    drop-edit) writes: ``--db``, else the user's own; [] for every other command."""
    if not getattr(args, "changes_db", False):
        return []
    if getattr(args, "db", None) is not None:
        return [Path(args.db)]
    return _user_db()


def _bundled_db() -> list[Path]:
    from chipscope import paths

    try:
        return [paths.bundled_db_path()]
    except Exception:  # noqa: BLE001 - not installed: the command itself says so
        return []


def _user_db() -> list[Path]:
    from chipscope import paths

    try:
        return [paths.user_data_location() / paths.DB_FILENAME]  # no folder made to ask
    except Exception:  # noqa: BLE001 - no home folder: the command itself says so
        return []


# --- standard output onto an input --------------------------------------------------------------
def stdout_onto_input(inputs: list[object]) -> str | None:
    """The sentence refusing a command whose standard output or error is one of its
    ``inputs`` (a ``>> x.db`` meant as ``>> x.csv``, a ``2>> x.db``, a ``1<> y.db``: the CSV,
    the summary or a message would be written into the database or the scenario, exit 0), or
    None. Nothing more goes to a stream that is an input (standard error is pointed at the
    null device; Python's ``sys.stderr`` at standard output when that one is safe, where the
    refusal is then said). A plain ``>`` has already emptied the file before ChipScope
    starts: nothing can help there."""
    hits = streams_onto(inputs)
    if not hits:
        return None
    if 2 in hits:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        sys.stderr = sys.stdout if 1 not in hits else open(os.devnull, "w")  # noqa: SIM115
    from chipscope.model.text_rules import escaped_hidden

    fd, path = next(iter(hits.items()))
    stream, what = ("standard output", "output") if fd == 1 else ("standard error", "messages")
    return (f"{stream} is {escaped_hidden(str(path))}, a file this command reads, which the "
            f"{what} would change; send the {what} to another file")


def streams_onto(inputs: list[object]) -> dict[int, object]:
    """Standard output (1) and error (2), those of them that are one of ``inputs``: the input."""
    return {fd: path for fd in (1, 2) if (path := _same_file(fd, inputs)) is not None}


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Whatever is printed inside goes nowhere (``sys.stdout`` and ``sys.stderr`` are
    buffers thrown away after it)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _same_file(fd: int, inputs: list[object]) -> object | None:
    """The input that the regular file open as ``fd`` is, or None."""
    try:
        out = os.fstat(fd)
    except OSError:
        return None
    if not stat.S_ISREG(out.st_mode):
        return None
    for path in inputs:
        if path is None:  # an option not given (os.stat would look for a file named "None")
            continue
        try:
            st = os.stat(str(path))
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            return path
    return None


def pipe_gone(fd: int) -> bool:
    """Whether ``fd`` is a pipe whose reader has gone (a write fails with EPIPE)."""
    import select

    if not hasattr(select, "poll"):
        return False
    poll = select.poll()
    try:
        poll.register(fd, select.POLLOUT)
        return any(event & select.POLLERR for _, event in poll.poll(0))
    except (OSError, ValueError):
        return False


def quiet_resource_tracker() -> None:
    """Before a process pool starts: multiprocessing's resource tracker (a process of its own,
    started with this interpreter's -W options) says nothing when a SIGTERM ends the command
    with the pool's semaphores still registered; it cleans them up all the same. Its warning
    ("There appear to be 5 leaked semaphore objects", with a library path and a source line)
    read like a crash after "terminated"."""
    option = "ignore:resource_tracker:UserWarning"
    if option not in sys.warnoptions:
        sys.warnoptions.append(option)
