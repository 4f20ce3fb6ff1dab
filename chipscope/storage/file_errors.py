"""The errors of every file ChipScope reads or writes (:mod:`chipscope.storage.files`,
:mod:`chipscope.storage.file_reads`).

:class:`FileRefused` (the path is not something ChipScope may read or write) and
:class:`WriteFailed` (the write did not happen; the old file is unchanged), both
:class:`~chipscope.storage.schema.StorageError`: one sentence naming the file and the cause.
"""

from __future__ import annotations

from chipscope.storage.file_causes import ANOTHER_DISK, READ_ONLY_DISK
from chipscope.storage.schema import StorageError


class FileRefused(StorageError):
    """The path is not a file ChipScope may read or write (a FIFO, a device, a folder, too big,
    a symlink loop, missing). The message names the file and why.

    ``reason``: for a reader's refusal (:func:`~chipscope.storage.file_reads.cannot_read`),
    why the file cannot be read, bare ("it is a symlink loop"), for a message that names the
    file in its own way; None when not given. ``said``: that refusal's sentence without its
    advice ("Cannot read the data file D/vendors.csv: it is a folder, not a regular file"),
    for a reader of a fixed name that gives its own advice (pass 61 F2); None when not
    given."""

    def __init__(self, message: str, cause: str | None = None, advice: str | None = None,
                 *, reason: str | None = None, said: str | None = None) -> None:
        super().__init__(message, cause, advice)
        self.reason = reason
        self.said = said


class Elsewhere:
    """A database that cannot be read for a cause outside the file itself (its journal or log
    not readable, the temporary folder too full for its private copy): the advice fixes that
    cause, so a sentence that names the file another way keeps it ("CHIPSCOPE_BUNDLED_DB points
    to F, which ...": pass 63 F3, F4); the file is a database all the same."""


class ElsewhereError(StorageError, Elsewhere):
    """:class:`Elsewhere`, for a cause outside any one file (the temporary folder)."""


class ElsewhereRefused(FileRefused, Elsewhere):
    """:class:`Elsewhere`, for a reader's refusal of a companion file (its journal or log)."""


class NotRegular(FileRefused):
    """A reader's refusal of a path that is no regular file: ``path`` as given and ``kind``,
    what it is ("a folder", "a pipe (FIFO)"), for a message that says what the file became
    (the window's own database replaced while it was open, pass 61 F1)."""

    def __init__(self, message: str, cause: str | None, advice: str | None, *,
                 reason: str | None, said: str | None, path: str, kind: str) -> None:
        super().__init__(message, cause, advice, reason=reason, said=said)
        self.path = path
        self.kind = kind


class OddTarget(FileRefused):
    """A write's target is a dangling symlink, a symlink loop, a folder or a special file (a
    FIFO...), which ChipScope never replaces: ``cause`` and ``advice`` kept apart, so that a
    writer of a fixed name (the desktop entry) gives its own advice instead (pass 54 F6)."""


class StreamRefused(FileRefused):
    """The path names a stream (/dev/stdout): ``cli_message`` has the CLI's advice for CSV."""

    def __init__(self, message: str, cli_message: str) -> None:
        super().__init__(message)
        self.cli_message = cli_message


class WriteFailed(StorageError):
    """A write did not happen (disk full, no permission...: ``errno``, when the system said)."""

    def __init__(self, message: str, errno_: int | None = None, *, cause: str | None = None,
                 advice: str | None = None) -> None:
        super().__init__(message, cause, advice)
        self.errno = errno_


def os_cause(exc: OSError) -> str:
    """The system's words for ``exc`` ("No space left on device"), else its text."""
    return exc.strerror or str(exc)



def read_only_disk(path: object, what: str, errno_: int | None = None) -> WriteFailed:
    """The refusal of writing ``path`` (the ``what``) on a disk mounted read-only (``EROFS``),
    in the menu entry's words: "its disk is read-only; choose a folder on another disk"."""
    return WriteFailed(f"Could not write the {what} {path}: {READ_ONLY_DISK}; {ANOTHER_DISK} "
                       "(nothing was written).", errno_, cause=READ_ONLY_DISK,
                       advice=ANOTHER_DISK)
