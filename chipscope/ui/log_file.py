"""The window's log file (``chipscope.log``): a line that cannot be written (a full disk) is
dropped, and the failure is named once on stderr, never as the stdlib's "--- Logging error ---"
traceback for every line; a log file that cannot be created (no free inodes, a folder that
cannot be written) leaves the window to open without one, said once."""

from __future__ import annotations

import errno
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path


def _say(text: str) -> None:
    """One line on stderr, if there is one (pythonw has none; a closed one is ignored)."""
    try:
        if sys.stderr is not None:
            print(f"chipscope: {text}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def _cause(exc: BaseException | None, path: Path) -> str:
    from chipscope.storage.errors import no_free_inodes

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        if no_free_inodes(path):
            return "its disk can hold no more files: no free inodes"
        return "its disk is full"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


class LogFile(RotatingFileHandler):
    """A rotating log file whose write failures are said once (``failure``), not raised."""

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.failure: str | None = None

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self.failure is None:
            self.failure = (f"could not write the log file {self.baseFilename} "
                            f"({_cause(sys.exc_info()[1], Path(self.baseFilename))}); log "
                            "lines are dropped while it cannot be written.")
            _say(self.failure)


class NoLogFile(logging.NullHandler):
    """Stands for a log file that could not be created (``failure`` says why)."""

    def __init__(self, failure: str):
        super().__init__()
        self.failure: str | None = failure


def open_log(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    """A :class:`LogFile` at ``path``, or a :class:`NoLogFile` (said once) if it cannot be
    created."""
    try:
        return LogFile(path, max_bytes, backups)
    except OSError as exc:
        failure = (f"could not create the log file {path} ({_cause(exc, path)}), so the window "
                   "opens without one.")
        _say(failure)
        return NoLogFile(failure)
