"""The words for the window's database gone while the window is open (moved or deleted): one
rule for every window action that touches it (the autosave and its read at start, the scenario
list and its commands with their Undo/Redo, Import scenario, Edit data), each with the advice
that fits what it was doing."""

from __future__ import annotations

from pathlib import Path

from chipscope.storage.database import DatabaseWayMissing
from chipscope.storage.errors import DatabaseMissing, OtherFile
from chipscope.storage.file_errors import NotRegular
from chipscope.storage.schema import StorageError

KEEP_IN_FILE = ("your changes stay in this window: put the file back, or keep them in a "
                "scenario file with File > Export scenario")
EDITS_NOT_SAVED = "put the file back; your edits are not saved"
EDIT_LATER = "put the file back to edit the data"
EXPORT_LATER = "put the file back to export your edits"
RESTORE_LATER = "put the file back and start ChipScope again to restore the autosave"
COMPARE_LATER = "put the file back to compare its saved scenarios"


def missing_in_window(db_path: Path, advice: str = KEEP_IN_FILE) -> DatabaseMissing:
    """The database the window writes is gone (moved or deleted while the window was open):
    what becomes of the work, and the way to keep it (``advice``)."""
    return DatabaseMissing.about(
        f"The database {db_path}", "does not exist (it was moved or deleted while this window "
        "was open)", advice)


def in_window(exc: Exception, db_path: Path | None, advice: str = KEEP_IN_FILE) -> Exception:
    """``exc``; or, when it says the database ``db_path`` itself does not exist, the words of
    :func:`missing_in_window` with ``advice``. A folder on the way that became a link to a
    missing place (or a loop) keeps the storage's words: they name the link, the cause. The
    database replaced by a folder (a FIFO...) is said to be one, with ``advice``: there is no
    file inside it to give, the window's database is to be put back (pass 61 F1); so is one
    replaced by another kind of file: a text file, another application's SQLite database, left
    untouched (pass 67 F5)."""
    if db_path is None:
        return exc
    if isinstance(exc, DatabaseMissing) and not isinstance(exc, DatabaseWayMissing):
        return missing_in_window(db_path, advice)
    if isinstance(exc, (NotRegular, OtherFile)) and Path(exc.path) == Path(db_path):
        return StorageError.about(f"The database {db_path}", f"is now {exc.kind}, not the "
                                  "database this window was opened on", advice)
    return exc
