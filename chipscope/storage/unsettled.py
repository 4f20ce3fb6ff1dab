"""A database whose last save is not settled in the file itself: a hot ``-journal`` beside it
(a save that was cut off, to be rolled back) or a ``-wal`` with committed changes not yet
checkpointed into it. SQLite reads such a file correctly only together with that companion, so
a copy of the file alone is damaged or lacks saved changes (pass 62 F2); the advice for a
database that cannot be written (:func:`read_only_words`) then names the companion."""

from __future__ import annotations

from pathlib import Path

from chipscope.storage.companion_files import shown_companion, shown_database
from chipscope.storage.file_causes import database_on_read_only_disk
from chipscope.storage.lineage import journal_path
from chipscope.storage.wal_file import has_committed_frames, wal_path


def unsettled_companion(db_path: Path) -> tuple[Path, str, str] | None:
    """(the companion, the clause about it, what a write finishes) for a hot journal or a
    log with committed changes beside ``db_path``; None when the file holds its last save
    by itself."""
    from chipscope.storage.journal import played_back  # it imports the errors that use this

    journal = journal_path(Path(db_path))
    try:
        hot = journal.is_file() and journal.stat().st_size > 0 and played_back(db_path)
    except OSError:
        hot = False
    if hot:
        return journal, (f"{shown_companion(db_path, journal)} beside it holds a save that "
                         "was cut off and must be rolled back"), "roll that save back"
    if has_committed_frames(db_path):
        wal = wal_path(db_path)
        return (wal, f"{shown_companion(db_path, wal)} beside it holds saved changes that are "
                "not in the file yet", "write them into it")
    return None


def read_only_words(db_path: Path) -> tuple[str, str]:
    """(cause, advice) for a database that cannot be written: on a read-only disk, "work on a
    copy on another disk"; otherwise "make it writable or work on a copy". With a companion
    the file cannot be read without (:func:`unsettled_companion`), the copy must take it too, in
    the order that gives a writable copy ChipScope accepts."""
    disk = database_on_read_only_disk(db_path)
    cause, advice = disk or ("is read-only (the file or its folder cannot be written), so "
                             "nothing can be saved to it", "make it writable or work on a copy")
    if (found := unsettled_companion(db_path)) is None:
        return cause, advice
    companion, clause, finish = found
    suffix = "-journal" if companion.name.endswith("-journal") else "-wal"
    # cp keeps the mode: a copy of a read-only file and its companion is read-only too, and a
    # copy made writable after its -wal was copied beside it has changed (its ctime) later than
    # that log, as a backup copied over it would, whose old log would spoil it: refused ("may
    # belong to another copy"). So the order that works (pass 64 F1).
    # Both named as the user named the database: "ro/z.db", not a z.db the current folder
    # does not have (pass 65 F6).
    together = (f"copy {shown_database(db_path)}, make the copy writable (chmod u+w), then copy"
                f" {shown_companion(db_path, companion)} to the copy's name followed by "
                f"{suffix} and make that writable too")
    if disk is not None:
        return (f"{cause}, and {clause}",
                f"work on a copy on another disk: {together}; nothing was changed")
    if suffix == "-wal":  # made writable, the file's change (ctime) cannot be told from a file
        # copied over it, whose old log would spoil it: refused (pass 63 F1)
        return f"{cause}, and {clause}", f"work on a copy: {together}"
    return (f"{cause}, and {clause}", f"make it writable so that ChipScope can {finish}, or work"
            f" on a copy: {together}")
