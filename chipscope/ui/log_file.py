"""The window's log file (``chipscope.log``): a line that cannot be written (a full disk) is
dropped, and the failure is named once on stderr, never as the stdlib's "--- Logging error ---"
traceback for every line; a log file that cannot be created (no free inodes, a folder that
cannot be written) or that is no log file (a FIFO, whose opening waits for a reader for ever;
a link to the database or to the user's notes, which the log would append to) leaves the window
to open without one, said once. A log file or folder the user made read-only (mode-bit rule of
:mod:`chipscope.storage.write_permission`, which holds for root too) is never appended to,
created or rotated: the log goes to standard error instead (pass 26 F8)."""

from __future__ import annotations

import errno
import logging
import sys
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from chipscope.storage.file_causes import not_a_log
from chipscope.storage.write_permission import read_only_cause, write_protected


def say(text: str) -> None:
    """One line on stderr, if there is one (pythonw has none; a closed one is ignored)."""
    try:
        if sys.stderr is not None:
            print(f"chipscope: {text}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def _cause(exc: BaseException | None, path: Path) -> str:
    from chipscope.storage.disk_space import no_free_inodes

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        if no_free_inodes(path):
            return "its disk can hold no more files: no free inodes"
        return "its disk is full"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


class NotALogFile(OSError):
    """A log file's path holds what no log may be written to (``what``: "a pipe (FIFO), not a
    regular file", "a link to /h/notes.txt, which is no log file"...)."""

    def __init__(self, path: str, what: str):
        super().__init__(errno.EINVAL, f"it is {what}", path)
        self.what = what


def refuse_odd_log(path: Path | str) -> None:
    """Raise :class:`NotALogFile` when ``path`` holds what a log must not be written to or read
    from (storage's :func:`~chipscope.storage.file_causes.not_a_log`): a FIFO, a device, a
    folder (or a symlink to one), a link to a file that is no log, a database. Checked before
    every opening of a log file (the log, its reopening after a rollover, the fault log, the
    log read for a report): opening a FIFO waits for its other end for ever, so the window
    would never open, and appending to a linked database would change it."""
    odd = not_a_log(path)
    if odd is not None:
        raise NotALogFile(str(path), odd)


def odd_log_failure(exc: NotALogFile, what_log: str, without: str) -> str:
    """The sentence said once for a log path holding no log file."""
    return (f"{what_log} {exc.filename} is {exc.what}, so {without}; "
            "remove or rename it to have one again.")


class ReadOnlyLog(OSError):
    """The log file, or its folder, is read-only by the mode-bit rule (``cause`` says which)."""

    def __init__(self, path: str, cause: str):
        super().__init__(errno.EACCES, cause, path)
        self.cause = cause


def refuse_read_only_log(path: Path | str) -> None:
    """Raise :class:`ReadOnlyLog` when ``path`` or its folder is read-only (even for root)."""
    cause = read_only_cause(path)
    if cause is not None:
        raise ReadOnlyLog(str(path), cause)


class LogFile(RotatingFileHandler):
    """A rotating log file whose write failures are said once (``failure``), not raised. A
    rollover that would replace a read-only rotated copy is not made: lines are dropped."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.failure: str | None = None
        self.stopped = False

    def _open(self) -> TextIOWrapper:
        refuse_odd_log(self.baseFilename)  # at start and when reopened after a rollover
        refuse_read_only_log(self.baseFilename)
        return super()._open()

    def emit(self, record: logging.LogRecord) -> None:
        if not self.stopped:
            super().emit(record)

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        names = [self.baseFilename,
                 *(f"{self.baseFilename}.{n}" for n in range(1, self.backupCount + 1))]
        kept = next((name for name in names if read_only_cause(name) is not None), None)
        if kept is None:
            super().doRollover()
            return
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        self.stopped = True
        if self.failure is None:
            self.failure = (f"could not rotate the log file {self.baseFilename}: {kept} "
                            f"{'is' if write_protected(kept) else 'is in a folder that is'} "
                            "read-only, so log lines are dropped; make it writable to have a "
                            "log again.")
            say(self.failure)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self.failure is None:
            self.failure = (f"could not write the log file {self.baseFilename} "
                            f"({_cause(sys.exc_info()[1], Path(self.baseFilename))}); log "
                            "lines are dropped while it cannot be written.")
            say(self.failure)


class NoLogFile(logging.NullHandler):
    """Stands for a log file that could not be created (``failure`` says why)."""

    def __init__(self, failure: str):
        super().__init__()
        self.failure: str | None = failure


class StderrLog(logging.StreamHandler):  # type: ignore[type-arg]
    """Stands for a log file the user made read-only (or whose folder is): the lines go to
    standard error (``failure`` says why); a broken standard error drops them silently."""

    def __init__(self, failure: str):
        super().__init__(sys.stderr)
        self.failure: str | None = failure

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def read_only_log_note(path: Path | str, cause: str) -> str:
    """The sentence said once for a read-only log file or log folder."""
    return (f"the log file {path} is not written because {cause}, so log lines go to standard "
            "error; make it writable to have a log file again.")


def open_log(path: Path, max_bytes: int, backups: int, *, quiet: bool = False
             ) -> logging.Handler:
    """A :class:`LogFile` at ``path``, or a :class:`NoLogFile` (said once) if it cannot be
    created, or a :class:`StderrLog` if it or its folder is read-only (said once, unless
    ``quiet``: the caller names that folder itself)."""
    try:
        return LogFile(path, max_bytes, backups)
    except ReadOnlyLog as exc:
        if sys.stderr is None:
            return NoLogFile(read_only_log_note(path, exc.cause))
        handler = StderrLog(read_only_log_note(path, exc.cause))
        if not quiet:
            say(handler.failure or "")
        return handler
    except NotALogFile as exc:
        failure = odd_log_failure(exc, "the log file", "the window opens without one")
    except OSError as exc:
        failure = (f"could not create the log file {path} ({_cause(exc, path)}), so the window "
                   "opens without one.")
    say(failure)
    return NoLogFile(failure)
