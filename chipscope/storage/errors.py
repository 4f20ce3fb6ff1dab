"""The failures of a database write (or read) that are not damage, each with its own error type.

SQLite reports a lock held by another program, a read-only file and a full disk as
``sqlite3.OperationalError``; without care they surface as "damaged; rebuild it" or as a raw
traceback. :func:`sqlite_failure` turns them into one sentence naming the file and the cause:

* :class:`DatabaseBusy`: another program holds a lock for longer than :data:`BUSY_TIMEOUT_S`
  (every connection waits that long first, so a short write elsewhere is simply waited for);
* :class:`DatabaseReadOnly`: the file or its folder cannot be written;
* :class:`DatabaseFull`: the disk (or the file system's quota) is full;
* :class:`SaveConflict`: a saved scenario changed since this window opened or saved it.

All are :class:`~chipscope.storage.schema.StorageError`, so the CLI maps them to exit status 2
and the window to a message next to the action.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from chipscope.file_access import look
from chipscope.model.edits import ChangedElsewhere
from chipscope.storage import path_length as lengths
from chipscope.storage.companion_files import read_only_companion, sealed_companion
from chipscope.storage.disk_space import NO_INODES, disk_is_full, no_free_inodes
from chipscope.storage.file_causes import sealed_folder
from chipscope.storage.path_length import name_cause, path_cause
from chipscope.storage.schema import StorageError
from chipscope.storage.unsettled import read_only_words
from chipscope.storage.write_permission import read_only_folder, write_protected

BUSY_TIMEOUT_S = 5.0
"""How long a connection waits for another program's lock before giving up (SQLite's busy
timeout: it retries in between)."""


AFTER_BUSY_S = 0.5
"""How long a connection waits for a lock that outlasted a whole wait on the same database in
the last :data:`BUSY_TIMEOUT_S` seconds: one action (a save, then its autosave; a data edit
and its three connections) waits once for a lock that stays, not once per connection."""

BRIEF_WAIT_S = 0.2
"""How long a connection made under :func:`brief_waits` waits for another program's lock: the
window's autosave, which runs on the window's thread and tries again a little later rather than
freeze the window for :data:`BUSY_TIMEOUT_S` (pass 50 F8)."""

_busy_since: dict[str, float] = {}  # database (real path) -> when a lock outlasted a wait
_wait_cap: ContextVar[float | None] = ContextVar("chipscope_busy_wait_cap", default=None)


@contextmanager
def brief_waits(seconds: float = BRIEF_WAIT_S) -> Iterator[None]:
    """Connections made inside (in this thread) wait at most ``seconds`` for a lock; a lock
    that outlasts so short a wait is not taken as one that outlasted a whole wait."""
    token = _wait_cap.set(seconds)
    try:
        yield
    finally:
        _wait_cap.reset(token)


def _key(path: Path | str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def busy_timeout(path: Path | str | None = None) -> float:
    """How long a connection to ``path`` waits for another program's lock: :data:`BUSY_TIMEOUT_S`
    (read when a connection is made: tests shorten it), or :data:`AFTER_BUSY_S` when a lock
    on that database outlasted a whole wait within the last :data:`BUSY_TIMEOUT_S` seconds;
    at most the wait of :func:`brief_waits` inside it."""
    if (cap := _wait_cap.get()) is not None:
        return min(cap, BUSY_TIMEOUT_S)
    if path is not None and _busy_since and (seen := _busy_since.get(_key(path))) is not None:
        if time.monotonic() - seen < BUSY_TIMEOUT_S:
            return min(AFTER_BUSY_S, BUSY_TIMEOUT_S)
        _busy_since.pop(_key(path), None)
    return BUSY_TIMEOUT_S


class DatabaseBusy(StorageError):
    """Another program holds a lock on the database for longer than the busy timeout."""


class DatabaseMissing(StorageError):
    """The database file does not exist (or no longer: moved or deleted while open)."""


class DatabaseReadOnly(StorageError):
    """The database (or its folder) cannot be written."""


class DatabaseFull(StorageError):
    """The disk holding the database is full; the write was rolled back."""


class OtherFile(StorageError):
    """The file at a database's name is no ChipScope database: another application's SQLite
    database, or no SQLite file at all (a text file). ``path``: that file; ``kind``: what it
    is, in words, for a window whose database was replaced by it (pass 67 F5)."""

    def __init__(self, path: Path, cause: str, kind: str) -> None:
        super().__init__(f"{path} {cause}.", cause)
        self.path = str(path)
        self.kind = kind


class BundledUnusable(StorageError):
    """The bundled dataset (installed, or the file ``CHIPSCOPE_BUNDLED_DB`` names) cannot be
    read, so the user's database cannot be made from it; reading it instead is no way out."""


class DatabaseNameTooLong(DatabaseReadOnly):
    """The database's name leaves no room for its journal: it can be read but never written."""


class DatabasePathTooLong(StorageError):
    """The database's path is longer than SQLite can open."""


class EditsChanged(StorageError, ChangedElsewhere):
    """A data edit this window was about to replace or take back changed in the database since
    the window read it (another window or program saved, undid or dropped it); the model's
    undo and redo steps pass over it (:class:`~chipscope.model.edits.ChangedElsewhere`).
    ``cause``: what happened, without ``advice`` (what to do, for the CLI and the main window:
    Edit data, where the message is also shown, reads the edits again and says its own)."""

    cause: str

    def __init__(self, cause: str, advice: str) -> None:
        super().__init__(f"{cause} {advice}", cause, advice)


class SaveConflict(StorageError):
    """The saved scenario changed (another window saved, deleted or renamed it) since it was
    opened or saved here.

    Attributes
    ----------
    name : str
        The scenario's name.
    gone : bool
        It is no longer saved under that name (deleted or renamed elsewhere).
    found : str or None
        The stamp of the copy found instead ("" none: gone; None not known): an Overwrite
        replaces that copy only, so one saved while the question was open asks again.
    """

    def __init__(self, message: str, name: str, gone: bool = False, found: str | None = None):
        super().__init__(message)
        self.name = name
        self.gone = gone
        self.found = "" if gone and found is None else found


def _code(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return str(name).split("_")[1] if name.startswith("SQLITE_") and "_" in name else ""


def is_busy(exc: BaseException | str) -> bool:
    """Whether an SQLite error (or its message) means another connection holds a lock."""
    if isinstance(exc, sqlite3.Error) and _code(exc) in ("BUSY", "LOCKED"):
        return True
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text \
        or "database is busy" in text


SQLITE_READONLY_DBMOVED = 1032
"""SQLite's extended code for a write to a file renamed over or deleted since it was opened."""


def sqlite_failure(path: Path, exc: BaseException | str) -> StorageError | None:
    """The error for a lock, a read-only file or a full disk; None for anything else (damage
    and the like, which the caller reports itself)."""
    text = str(exc).lower()
    code = _code(exc) if isinstance(exc, sqlite3.Error) else ""
    if is_busy(exc):
        if _wait_cap.get() is None:  # a whole wait: the next connections wait briefly
            _busy_since[_key(path)] = time.monotonic()
        return DatabaseBusy(f"Another program is using the database {path}; try again when it "
                            "has finished (nothing was changed).")
    if getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_DBMOVED:
        return StorageError(f"The database {path} was replaced by another program (a new file "
                            "renamed over it) while this was being saved, so nothing was "
                            "saved; try again.")
    if code == "READONLY" or "readonly database" in text or "read-only" in text:
        return read_only(path)
    if code == "FULL" or "database or disk is full" in text:
        return full(path)
    return None


def full(path: Path, cause: str = "the disk is full",
         advice: str = "nothing was changed (free some space and try again)") -> DatabaseFull:
    """The error for a write that a full disk refused ("The database P could not be written
    because ``cause``; ``advice``.")."""
    return DatabaseFull.about(f"The database {path}", f"could not be written because {cause}",
                              advice)


SQLITE_IOERR_DELETE = 2570
"""SQLite's extended code for a journal it could not delete (a folder that lets files be made but
not deleted: ``chattr +a``), otherwise a bare "disk I/O error" (pass 16, D2)."""


def io_failure(path: Path, exc: BaseException | str) -> StorageError | None:
    """:func:`sqlite_failure`, and SQLite's "unable to open database file" or "disk I/O error"
    when the file or its folder cannot be written (read-only) or the disk is full: the one
    classification every reader and writer uses, so none of these is called damage."""
    known = sqlite_failure(path, exc)
    if known is not None:
        return known
    text = str(exc).lower()
    code = _code(exc) if isinstance(exc, sqlite3.Error) else ""
    if getattr(exc, "sqlite_errorcode", None) == SQLITE_IOERR_DELETE:
        folder = Path(os.path.realpath(path)).parent  # where SQLite keeps the journal
        return StorageError(f"The database {path} could not be written: SQLite cannot delete "
                            f"its journal in the folder {folder} (the folder does not allow "
                            "deleting files, e.g. append-only); nothing was changed (let the "
                            "folder allow deleting files, or work on a copy elsewhere).")
    if code in ("CANTOPEN", "IOERR") or "unable to open database file" in text \
            or "disk i/o error" in text:
        if (too_long := length_failure(path)) is not None:  # before blaming the file (pass 46)
            return too_long
        if is_read_only(path):
            return read_only(path)
        if disk_is_full(path):
            return full(path)
        if no_free_inodes(path):
            return full(path, f"{NO_INODES}, so SQLite cannot make its journal",
                        "nothing was changed (delete some files on that disk and try again)")
    return None


def read_only(path: Path) -> DatabaseReadOnly:
    """The error for a database that cannot be written (a name with no room for its journal
    beside it: :class:`~chipscope.storage.path_length.DatabaseNameTooLong`)."""
    if isinstance(too_long := length_failure(path), DatabaseReadOnly):
        return too_long
    return _write_refusal(path)


def _write_refusal(path: Path) -> DatabaseReadOnly:
    """:func:`read_only` for a name known to leave room for the journal."""
    named = f"The database {path}"
    if (denied := look(Path(os.path.realpath(path)), writes=True).denial) is not None:  # u+wx
        return DatabaseReadOnly.about(named, f"cannot be written: {denied.cause}",
                                      f"{denied.fix} or choose another one; nothing was changed")
    if (sealed := sealed_companion(path)) is not None:
        attribute = "-i" if "immutable" in sealed else "-a"
        return DatabaseReadOnly.about(named, f"cannot be written: {sealed}", "remove that "
                                      f"attribute (chattr {attribute}) or work on a copy; "
                                      "nothing was changed")
    if (sealed := sealed_folder(Path(os.path.realpath(path)).parent)) is not None:
        return DatabaseReadOnly.about(named, f"cannot be written: {sealed}, and SQLite must "
                                      "delete its journal there after every write", "nothing "
                                      "was changed (let the folder allow deleting files, or "
                                      "work on a copy elsewhere)")
    if not _cannot_write(path, name=False, companions=False) \
            and (companion := read_only_companion(path)) is not None:  # pass 64 F2/F3
        return DatabaseReadOnly.about(named, f"cannot be written: {companion[0]}", companion[1])
    return DatabaseReadOnly.about(named, *read_only_words(path))  # a read-only disk (59 F5)


def is_read_only(db_path: Path) -> bool:
    """Whether an existing database file, or its folder (where SQLite keeps its journal),
    cannot be written by this user, or its name leaves no room for the journal SQLite makes
    beside it (pass 46 F3), or by anyone (an append-only folder, where SQLite's
    journal could be made but never deleted, which left the file changed and the journal hot
    behind a "nothing was changed", pass 18 CLI A3): the folder of the file a symlink leads
    to, where SQLite puts the journal (the link's own folder told a read-only one apart from
    nothing); or a journal, log or index beside it that SQLite must write is immutable or
    append-only (:func:`sealed_companion`) or read-only (:func:`read_only_companion`). A file
    whose mode has no owner-write bit (0444) is read-only for root too
    (:func:`~chipscope.storage.write_permission.write_protected`: SQLite, like
    :func:`os.access`, lets root write it)."""
    return _cannot_write(db_path, name=True)


def _cannot_write(db_path: Path, name: bool, companions: bool = True) -> bool:
    """:func:`is_read_only`; its name's length asked only with ``name``, a read-only journal,
    log or index beside it (:func:`read_only_companion`) only with ``companions``."""
    path = Path(os.path.realpath(db_path))
    try:
        seen = look(path)  # pathlib's exists() raises for a folder that cannot be entered
        if seen.denial is not None:  # nothing can be written there (the folder is named)
            return True
        return seen.exists and ((name and name_cause(path) is not None)  # no journal room
                                or not (os.access(path, os.W_OK)
                                        and not write_protected(path)  # 0444, even for root
                                        and os.access(path.parent, os.W_OK)
                                        and read_only_folder(path) is None  # 0555, root too
                                        and sealed_folder(path.parent) is None
                                        and sealed_companion(path) is None
                                        and not (companions and read_only_companion(path))))
    except OSError:
        return False


def refuse_read_only(db_path: Path) -> None:
    """DatabaseReadOnly (:func:`read_only`) when :func:`is_read_only`, and the error of a path
    or name too long for SQLite (:mod:`~chipscope.storage.path_length`): every writer asks this
    before it opens the file read-write, since SQLite then opens a read-only file read-only
    and, for a WAL-mode one, leaves ``-wal`` and ``-shm`` beside it although nothing is
    written (an immutable file, even as root)."""
    refuse_long_name(Path(db_path))  # the one length check: path, or name (pass 46 F3)
    if _cannot_write(db_path, name=False):
        raise _write_refusal(Path(db_path))


def write_failed(path: Path, exc: sqlite3.Error) -> StorageError:
    """The error for a failed write to ``path``: a lock, read-only file or full disk by name,
    anything else as the file's name and SQLite's reason. A file or folder that cannot be
    written is said as read-only whatever SQLite made of it ("unable to open database file"
    when the folder refuses the journal): every writer, scenarios and data edits, alike."""
    known = io_failure(path, exc)
    if known is not None:
        return known
    if is_read_only(path):
        return read_only(path)
    first = (str(exc).splitlines() or ["unknown error"])[0][:160]
    if "ON CONFLICT clause does not match" in first:  # a table rebuilt without its key
        return StorageError(f"The database {path} could not be written: a table lost its key "
                            "(another program rebuilt it without its PRIMARY KEY); nothing "
                            "was changed. Rebuild the table with an SQLite tool or use another "
                            "database.")
    if first.startswith("UNIQUE constraint failed"):  # another program's unique index
        return StorageError(f"The database {path} could not be written ({first}: another "
                            "program added that rule, which ChipScope's tables do not have); "
                            "nothing was changed. Drop that index with an SQLite tool.")
    return StorageError(f"The database {path} could not be written ({first}); nothing was "
                        "changed.")


def length_failure(db_path: Path, store: bool = False,
                   build: bool = False) -> StorageError | None:
    """The error for a database SQLite cannot open or write for its path's or name's length
    (:mod:`~chipscope.storage.path_length`, the one rule); None when neither is too long.
    ``store``: ChipScope's own database (under CHIPSCOPE_HOME), whose folder is a setting;
    ``build``: a database ``data build`` is about to make."""
    if (cause := path_cause(db_path)) is not None:
        where = lengths.DB_SHORTER_HOME if store else lengths.DB_SHORTER_PATH
        if build:
            return DatabasePathTooLong(f"Cannot build the database {db_path}: {cause}; "
                                       f"{where} (nothing was written).")
        return DatabasePathTooLong.about(f"The database {db_path}", f"cannot be opened: {cause}",
                                         f"{where} (nothing was changed)")
    if (cause := name_cause(db_path)) is not None:
        if build:
            return DatabaseNameTooLong(f"Cannot build the database {db_path}: {cause}; "
                                       f"{lengths.DB_SHORTER_NAME} (nothing was written).")
        return DatabaseNameTooLong.about(f"The database {db_path}", f"cannot be written: "
                                         f"{cause}", f"{lengths.DB_SHORTER_NAME} (nothing was "
                                         "changed)")
    return None


def refuse_long_path(db_path: Path, store: bool = False) -> None:
    """DatabasePathTooLong before SQLite is asked to open a path it cannot."""
    failure = length_failure(db_path, store)
    if isinstance(failure, DatabasePathTooLong):
        raise failure


def refuse_long_name(db_path: Path, build: bool = False) -> None:
    """DatabasePathTooLong or DatabaseNameTooLong (a DatabaseReadOnly) before a write."""
    failure = length_failure(db_path, build=build)
    if failure is not None:
        raise failure
