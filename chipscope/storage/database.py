"""Recognise a ChipScope database and open it safely.

Opening for reading never modifies a file, nor leaves one beside it: the path must be a regular
file (a FIFO or a symlink loop is refused before SQLite opens it); connections are read-only
(``file:...?mode=ro``); a file that SQLite could only read by writing beside it (a WAL-mode
database, or one with a rollback journal a crash or another process left) is read from a
private copy; and a file at an older schema version is copied into memory and migrated there.
Only the user's own database is migrated in place (:func:`upgrade_in_place`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from chipscope.model.dataset import TABLES
from chipscope.model.shell_words import shell_option
from chipscope.paths import DB_FILENAME, user_data_location
from chipscope.storage import files
from chipscope.storage.companions import (
    ODD_COMPANION_ADVICE,
    odd_companion,
    odd_companion_cause,
    odd_companion_words,
)
from chipscope.storage.database_file import read_database_head, zero_counts
from chipscope.storage.errors import (
    DatabaseMissing,
    OtherFile,
    busy_timeout,
    io_failure,
    write_failed,
)
from chipscope.storage.file_errors import ElsewhereRefused
from chipscope.storage.own_layout import repeated_row, unsaveable
from chipscope.storage.path_length import length_advice
from chipscope.storage.read_connection import connect_read_only
from chipscope.storage.recovery import refuse_foreign_journal
from chipscope.storage.schema import (
    APPLICATION_ID,
    KEEP_WORK_ADVICE,
    SCHEMA_VERSION,
    SQLITE_HEADER,
    StorageError,
    migrate,
    missing_columns,
    read_version,
    required_tables,
    sql_name,
    table_names,
    version_refusal,
)
from chipscope.storage.text_causes import zero_clause
from chipscope.storage.user_work import OWN_TABLES, user_work


# --- recognising a file -------------------------------------------------------------------------
def damaged(path: Path, detail: str) -> StorageError:
    """The error for a damaged file; ``detail`` is cut to SQLite's first specific line. A lock
    held by another program, a read-only file or a full disk is not damage: those get their
    own error (:func:`~chipscope.storage.errors.io_failure`, as for a write), never "rebuild
    it"."""
    known = io_failure(path, detail)
    if known is not None:
        return known
    lines = [ln.strip() for ln in detail.splitlines() if ln.strip() and "***" not in ln]
    first = (lines[0] if lines else "unreadable")[:160]
    return StorageError.about(f"The database {path}", f"is damaged ({first})",
                              "rebuild it or restore a copy")


def _check_companions(path: Path, saving: bool = False) -> None:
    """SQLite opens ``-journal``, ``-wal`` and ``-shm`` beside a database by itself: one that
    is not a regular file (a FIFO would hang the open, a device or folder is never a journal)
    is refused here, naming it (:func:`~chipscope.storage.companions.odd_companion`). The cause
    is beside the file (:class:`ElsewhereRefused`): the file is a database all the same, so a
    sentence naming it another way keeps "move it away" (pass 64 F5). ``saving``: a writer
    asks, told "Cannot save to" (an autosave was told "Cannot read" while it wrote)."""
    if (companion := odd_companion(path)) is not None:
        cause = f"cannot be {'written' if saving else 'read'}: {odd_companion_cause(companion)}"
        doing = "save to" if saving else "read"
        raise ElsewhereRefused(f"Cannot {doing} the database {path}: "
                                f"{odd_companion_words(companion)}.", cause, ODD_COMPANION_ADVICE)


class DatabaseWayMissing(DatabaseMissing):
    """The database cannot be found because of a folder on its way (a symlink to a missing
    place): the message names that folder and the link, not the file as gone."""


_MISSING_ADVICE = "check the path, or make one there with "
"""The advice for a database that does not exist, before the command that makes it."""


def _check_header(path: Path, saving: bool = False) -> None:
    try:
        os.lstat(path)
    except FileNotFoundError as exc:
        if (on_way := files.way_refusal(path, "database", exc)) is not None:
            # "sl/dang is a symlink to the missing nothere; put the folder back or ..."
            raise DatabaseWayMissing(str(on_way), on_way.cause, on_way.advice) from None
        if (too_long := length_advice(path)) is not None:  # data build would refuse it too
            raise DatabaseMissing.about(f"The database {path}", "does not exist, and none can "
                                        f"be made there: {too_long[0]}",
                                        f"check the path, or {too_long[1]}") from None
        raise DatabaseMissing.about(f"The database {path}", "does not exist", _MISSING_ADVICE
                                    + f"`chipscope-cli data build {shell_option('--out', path)}`"
                                    ) from None
    except OSError as exc:  # a name too long, a parent that is a file...: the system's reason
        raise files.read_refused(path, "database", exc) from None  # or the folder that blocks
    head = read_database_head(path)  # a FIFO, folder or symlink loop: refused
    _check_companions(path, saving)
    refuse_foreign_journal(path)  # another file's journal would be read as this one's
    if not head:
        # (a shell's `>> chipscope.db` makes one): say what to do, not only what it is; only
        # the user's own database is made anew when it is missing (pass 17, D4)
        empty = "is an empty file, not a ChipScope database"
        if _is_default_database(path):
            raise StorageError.about(str(path), empty, "move it away (ChipScope makes your "
                                     "own database anew) or name another file")
        if (too_long := length_advice(path)) is not None:  # data build would refuse it too
            raise StorageError.about(str(path), f"{empty}, and none can be made there: "
                                     f"{too_long[0]}", f"name a ChipScope database, or "
                                     f"{too_long[1]}")
        raise StorageError.about(str(path), empty, "name a ChipScope database, or make one "
                                 "there with `chipscope-cli data build "
                                 f"{shell_option('--out', path)}`")  # pasted into a shell as it is
    if not head.startswith(SQLITE_HEADER):
        leading, zeros, size = (zero_counts(path) if b"\0" in head else None) or (0, 0, 1)
        if leading >= 100 or zeros > 0.9 * size:  # what a crash leaves (pass 64 F7, 65 F3)
            why = zero_clause(leading if leading >= 100 else 0, zeros, size)
            raise StorageError.about(str(path), why, "restore it from a copy, or " + (
                "move it away (ChipScope makes your own database anew from the bundled data)"
                if _is_default_database(path) else "move it away and make one there with "
                f"`chipscope-cli data build {shell_option('--out', path)}`"))
        raise OtherFile(path, "is not a ChipScope database (it is not an SQLite file)",
                        "a file that is not an SQLite database")
    if len(head) < 100:
        raise damaged(path, "the file is truncated")


def _is_default_database(path: Path) -> bool:
    """Whether ``path`` is the user's own database (which ChipScope makes when it is missing)."""
    default = user_data_location() / DB_FILENAME
    return os.path.realpath(path) == os.path.realpath(default)


def _recognise(conn: sqlite3.Connection, path: Path,
               saving: bool | frozenset[str] = False) -> int:
    """The schema version of a ChipScope database, or StorageError saying what it is (for
    ``saving``, also what another program changed so that every save would fail)."""
    try:
        app_id, version = read_version(conn)
        tables = table_names(conn)
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    legacy = app_id == 0 and version == 0 and set(TABLES) <= tables
    if app_id != APPLICATION_ID and not legacy:
        raise OtherFile(path, "is an SQLite database made by another application, not a "
                        "ChipScope database", "another application's SQLite database")
    if (refusal := version_refusal(version, path)) is not None:
        raise refusal
    try:
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    if result != ["ok"]:
        raise damaged(path, result[0])
    _refuse_foreign_objects(conn, path)  # a view standing in for a table: named as a view
    missing = required_tables(version) - tables
    if missing:
        raise StorageError.about(str(path), "is not a complete ChipScope database (missing "
                                 f"tables: {', '.join(sorted(missing))})", layout_advice(conn))
    _refuse_missing_columns(conn, path, version)
    try:  # a row twice (a key lost); for a save, a lineage or key another program changed
        writes: frozenset[str] | None = None if saving is True else frozenset(saving or ())
        twice = repeated_row(conn, path)
        problem = (unsaveable(conn, path, OWN_TABLES, writes)
                   if twice is None and saving is not False else None)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise damaged(path, str(exc)) from None
    if twice is not None:
        raise twice
    if problem is not None:
        raise StorageError(problem)
    return version


def integrity_problem(db_path: Path) -> str | None:
    """The damage ``PRAGMA integrity_check`` finds in a database (an index that disagrees with
    its table, which the ``quick_check`` of every open does not look for), as the "damaged"
    sentence; None when it finds none. Slower than an open: for ``chipscope data check``."""
    path = Path(db_path)
    _check_header(path)
    try:
        with connect_read_only(path) as conn:
            result = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(damaged(path, str(exc)))
    return None if result == ["ok"] else str(damaged(path, result[0]))


def _refuse_missing_columns(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """StorageError naming every data column the file lacks (another program dropped or
    renamed it): read as it is, each cell of it would be missing, or worse."""
    try:
        missing = missing_columns(conn, version)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise damaged(path, str(exc)) from None
    if missing:
        lacks = "; ".join(f"table {table} has no column{'s' if len(cols) > 1 else ''} "
                          f"{', '.join(cols)}" for table, cols in missing.items())
        raise StorageError.about(f"The database {path}", f"is damaged: {lacks} (another "
                                 "program changed its layout)", layout_advice(conn))


def layout_advice(conn: sqlite3.Connection) -> str:
    """What to do with a database whose layout or data another program changed (a table or
    column missing, data the checks refuse): rebuild it only when it holds nothing of the
    user's, which ``data build`` would delete and so refuses to replace
    (:func:`~chipscope.storage.user_work.user_work`, pass 53 F2, pass 54 F4)."""
    try:
        work = user_work(conn)
    except (sqlite3.Error, UnicodeDecodeError):
        work = None
    return KEEP_WORK_ADVICE if work else "rebuild it or restore a copy"


def _refuse_foreign_objects(conn: sqlite3.Connection, path: Path) -> None:
    """StorageError for a trigger (ChipScope makes none; another program's trigger would run
    inside ChipScope's writes: deleting rows on a save, say) or a view named like one of
    ChipScope's tables (it would be read as that table, and a write to it fails)."""
    try:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master "
                            "WHERE type IN ('trigger', 'view', 'table')").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise damaged(path, str(exc)) from None
    for kind, name, sql in rows:
        layout = _table_kind(str(sql or "")) if kind == "table" else None
        if layout is None or sql_name(name) not in OWN_TABLES:
            if kind == "table" and sql_name(name) in _NAMED_ROWS:
                _refuse_folded_keys(conn, path, str(name))
            continue
        raise StorageError.about(
            f"The database {path}", f"keeps the table {str(name)!r} as {layout}, not the "
            "ordinary table ChipScope reads (another program changed its layout)",
            layout_advice(conn))
    rows = [(kind, name) for kind, name, _sql in rows if kind != "table"]
    triggers = sorted(str(name) for kind, name in rows if kind == "trigger")
    if triggers:
        raise StorageError.about(
            f"The database {path}", f"holds a trigger ({_names(triggers)}), which ChipScope "
            "never makes: another program changed it, and the trigger would run inside "
            "ChipScope's saves", "work on a copy without it")
    views = sorted(str(name) for kind, name in rows
                   if kind == "view" and sql_name(name) in OWN_TABLES)
    if views:
        cause = f"has a view where ChipScope keeps a table ({_names(views)})"
        raise StorageError(f"The database {path} {cause}; another program changed it; work on "
                           "a copy without it.", cause, "work on a copy without it")


_NAMED_ROWS = frozenset({"scenarios", "autosave", "user_edits"})
"""The tables whose rows ChipScope finds by a name or key the user gives, compared exactly."""


def _refuse_folded_keys(conn: sqlite3.Connection, path: Path, table: str) -> None:
    """StorageError for a unique key of ``table`` compared other than byte for byte (another
    program rebuilt it ``COLLATE NOCASE``): a save of 'Mine' would overwrite 'mine'."""
    quoted = '"' + table.replace('"', '""') + '"'
    try:
        for index in conn.execute(f"PRAGMA index_list({quoted})").fetchall():
            if not index[2]:  # not unique: it decides nothing
                continue
            iname = '"' + str(index[1]).replace('"', '""') + '"'
            for col in conn.execute(f"PRAGMA index_xinfo({iname})").fetchall():
                if col[5] and str(col[4]).upper() != "BINARY":
                    raise StorageError.about(
                        f"The database {path}", f"keeps the table {table!r} with its key "
                        f"{str(col[2])!r} compared as {col[4]}, not exactly as ChipScope "
                        "compares it ('Mine' and 'mine' would be one row, so a save would "
                        "overwrite another; another program changed its layout)",
                        layout_advice(conn))
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise damaged(path, str(exc)) from None


_WITHOUT_ROWID = re.compile(r"\bWITHOUT\s+ROWID\b", re.IGNORECASE)


def _table_kind(sql: str) -> str | None:
    """"a virtual table" or "a WITHOUT ROWID table" for such a ``CREATE`` statement (every
    reader orders rows by ``rowid``; a virtual table is another program's module), else None.
    WITHOUT ROWID is looked for after the last closing parenthesis: among the table options."""
    if re.match(r"\s*CREATE\s+VIRTUAL\b", sql, re.IGNORECASE):
        return "a virtual table"
    if ")" in sql and _WITHOUT_ROWID.search(sql.rsplit(")", 1)[1]):
        return "a WITHOUT ROWID table"
    return None


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(n)[:60] for n in names[:3])
    return shown + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")


def inspect_database(db_path: Path, saving: bool | frozenset[str] = False) -> int:
    """Check that ``db_path`` is a readable ChipScope database (for ``saving``, also one that
    can be saved to: every writer and ``data check`` ask; True: every own table, as the check
    does, or a writer's own tables: :func:`~chipscope.storage.own_layout.unsaveable`); return
    its schema version.

    Raises
    ------
    StorageError
        One sentence: missing file, empty file, not SQLite, damaged (``PRAGMA quick_check``),
        another application's SQLite file, or a database from a newer ChipScope.
    """
    path = Path(db_path)
    _check_header(path, bool(saving))
    try:
        with connect_read_only(path) as conn:
            return _recognise(conn, path, saving)
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None


@contextmanager
def open_current(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a recognised database at the current schema version (an
    older file is copied into memory and migrated there; the file is left alone)."""
    path = Path(db_path)
    _check_header(path)
    with connect_read_only(path) as conn, current_view(conn, path) as view:
        yield view


@contextmanager
def current_view(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """``conn`` (open on the recognised database ``path``) itself when it is at the current
    schema version, else a migrated copy of it in memory (nothing is written to ``path``)."""
    version = _recognise(conn, path)
    if version == SCHEMA_VERSION:
        yield conn
        return
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as mem:
        conn.backup(mem)
        migrate(mem)
        yield mem


def upgrade_in_place(db_path: Path) -> int:
    """Migrate a ChipScope database file to the current schema (used for the user's own
    database only). Returns the version it had.

    Raises
    ------
    StorageError
        As :func:`inspect_database`; a file that cannot be written is
        :class:`~chipscope.storage.errors.DatabaseReadOnly`, one another program locks
        :class:`~chipscope.storage.errors.DatabaseBusy` (the file is left as it was).
    """
    path = Path(db_path)
    version = inspect_database(path, saving=frozenset())  # it writes the dataset tables only
    if version < SCHEMA_VERSION:
        uri = path.resolve().as_uri() + "?mode=rw"
        try:
            with closing(sqlite3.connect(uri, uri=True, isolation_level=None,
                                         timeout=busy_timeout(path))) as conn:
                migrate(conn)  # one transaction: rolled back on failure, the file unchanged
        except sqlite3.Error as exc:  # read-only, locked, disk full: as any other write
            raise write_failed(path, exc) from None
    return version
