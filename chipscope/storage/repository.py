"""Build, check and load ChipScope databases; the user's working copy.

Reading never modifies a file (see :mod:`chipscope.storage.database`). Only
:func:`build_database` (to a temporary file, then an atomic replace) and
:func:`open_user_database` (the user's own copy) write.
"""

from __future__ import annotations

import errno
import math
import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pandas as pd

from chipscope import paths
from chipscope.file_access import look
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.data_checks import extra_problems
from chipscope.model.dataset import TABLES, Dataset, DatasetError
from chipscope.model.edits import build_dataset, frames_as_text
from chipscope.model.table_checks import MAX_TABLE_ROWS
from chipscope.storage import files
from chipscope.storage.build_target import ensure_overwritable, ensure_still_overwritable
from chipscope.storage.bundled_check import (
    check_bundled,
    refresh_if_bundled_is_newer,
    unused_override_note,
)
from chipscope.storage.csv_source import (
    CsvSource,
    read_csv_dir,
    relocate,
    validate_csv_dir,
    validate_source,
)
from chipscope.storage.database import (
    damaged,
    inspect_database,
    integrity_problem,
    layout_advice,
    open_current,
    upgrade_in_place,
)
from chipscope.storage.disk_space import disk_full, out_of_space
from chipscope.storage.errors import (
    BundledUnusable,
    DatabaseFull,
    DatabaseReadOnly,
    is_read_only,
    read_only,
    refuse_long_name,
    refuse_long_path,
)
from chipscope.storage.hard_links import refuse_hard_linked
from chipscope.storage.home_folder import made_user_db_path, unmade_database
from chipscope.storage.output_folder import (
    folders_removed_on_failure,
    make_folder,
)
from chipscope.storage.read_connection import settled_bytes
from chipscope.storage.recovery import (
    leave_wal_mode,
    refuse_foreign_journal,
    roll_back_interrupted_write,
)
from chipscope.storage.replace_lock import exclusive_lock
from chipscope.storage.scenarios import scenario_problems
from chipscope.storage.schema import (
    SCHEMA_VERSION,
    StorageError,
    create_schema,
    quote_ident,
    write_transaction,
)
from chipscope.storage.temporaries import pending_temporary, remove_stale, sweep_once
from chipscope.storage.user_edits import read_edits
from chipscope.storage.write_permission import refuse_write_protected

_MAX_DATABASE_BYTES = 2_000_000_000
"""The bundled database is well under a megabyte; a copy is read whole, so cap it."""


# --- reading ----------------------------------------------------------------------------------
def _read_frames(conn: sqlite3.Connection) -> dict[str, pd.DataFrame]:
    frames = {}
    for name, table in TABLES.items():
        cols = ", ".join(quote_ident(c) for c in table.column_names)
        count = int(conn.execute(f"SELECT COUNT(*) FROM {quote_ident(name)}").fetchone()[0])
        if count > MAX_TABLE_ROWS:  # refused before reading hundreds of thousands of rows
            raise DatasetError([f"{name} table: {count:,} rows, more than the "
                                f"{MAX_TABLE_ROWS:,} a ChipScope table may hold"])
        try:
            rows = conn.execute(f"SELECT {cols} FROM {quote_ident(name)} ORDER BY rowid").fetchall()
        except UnicodeDecodeError:
            raise DatasetError([f"{name} table: holds text that is not UTF-8 (written by "
                                "another program)"]) from None
        blobs = [f"{name} table, row {i + 1}, column {col}: binary data (a BLOB), not text or "
                 "a number" for i, row in enumerate(rows)
                 for col, value in zip(table.column_names, row, strict=True)
                 if isinstance(value, bytes)]
        if blobs:
            raise DatasetError(blobs[:5])
        frames[name] = pd.DataFrame.from_records(rows, columns=table.column_names)
    return frames


def _db_row(table: str, position: int) -> str:
    return f"{table} table, row {position + 1}"


def database_problems(problems: list[str]) -> list[str]:
    """The model's problems ("chips, line 7, ...", as in a CSV file) placed in a database:
    "chips table, row 6, ...". Every problem of a database's data is worded so, in every
    command (a database has no lines)."""
    return relocate(problems, _db_row, lambda t: f"{t} table")


def invalid_data(path: Path, exc: DatasetError, conn: sqlite3.Connection) -> StorageError:
    """The error for the database ``conn`` (open on ``path``) whose data the checks refuse
    (places as database rows), with the advice for a database another program changed: keep
    the user's work in it (:func:`~chipscope.storage.database.layout_advice`, pass 54 F4)."""
    return StorageError.about(f"The database {path}", "holds invalid data: "
                              f"{DatasetError(database_problems(exc.problems))}",
                              layout_advice(conn))


def _read_dataset(conn: sqlite3.Connection, path: object = "the database") -> Dataset:
    """The dataset in an open database, the user's edits applied (those that still apply:
    see :mod:`chipscope.model.edits`); DatasetError labels problems "chips table, row 5"."""
    try:
        frames, edits = _read_frames(conn), read_edits(conn, path)
        if edits:
            return build_dataset(frames_as_text(frames), edits)[0]
        return Dataset.from_frames(frames)
    except DatasetError as exc:
        raise DatasetError(database_problems(exc.problems)) from None


def load_dataset(db_path: Path) -> Dataset:
    """Load the dataset of a ChipScope database, read-only.

    Parameters
    ----------
    db_path : Path
        Any ChipScope database (the bundled one, the user's, or a copy).

    Raises
    ------
    StorageError
        With one clear sentence if the file is missing, empty, not SQLite, damaged, another
        application's, from a newer ChipScope, or holds invalid data. The file is never modified.
    """
    path = Path(db_path)
    try:
        with open_current(path) as conn:
            try:
                return _read_dataset(conn, path)
            except DatasetError as exc:
                raise invalid_data(path, exc, conn) from None
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None


def check_database(db_path: Path) -> list[str]:
    """Every problem of a database (empty list: it is sound), for ``chipscope data check``."""
    path = Path(db_path)
    try:
        inspect_database(path, saving=True)  # its layout first (another application's file...)
        if (problem := integrity_problem(path)) is not None:
            return [problem]  # an index that disagrees with its table: every index read
        with open_current(path) as conn:
            dataset = _read_dataset(conn, path)
            problems = database_problems(extra_problems(dataset))
            return problems + scenario_problems(conn, AssumptionSpecs.for_dataset(dataset),
                                                path)
    except StorageError as exc:
        return [str(exc)]
    except DatasetError as exc:
        return exc.problems
    except sqlite3.DatabaseError as exc:
        return [str(damaged(path, str(exc)))]


# --- building ---------------------------------------------------------------------------------
def check_csv_dir(csv_dir: Path) -> list[str]:
    """Every problem of a CSV folder (empty list: it is sound)."""
    try:
        validate_csv_dir(Path(csv_dir))
    except DatasetError as exc:
        return exc.problems
    return []


def _sql_value(value: Any, kind: str) -> Any:
    if kind == "str":
        return str(value)
    if kind == "bool":
        return int(bool(value))
    if kind == "int":
        return int(value)
    number = float(value)
    return None if math.isnan(number) else number


def _insert_dataset(conn: sqlite3.Connection, dataset: Dataset) -> None:
    """Insert every row; a row the database refuses (a check that let it through) raises
    :class:`DatasetError` naming the table, line and column, as the checks do."""
    for name, table in TABLES.items():
        frame = dataset.frames[name]
        kinds = [c.type for c in table.columns]
        cols = ", ".join(quote_ident(c) for c in table.column_names)
        sql = (f"INSERT INTO {quote_ident(name)} ({cols}) "
               f"VALUES ({', '.join('?' for _ in table.columns)})")
        for pos, rec in enumerate(frame[table.column_names].itertuples(index=False, name=None)):
            try:
                conn.execute(sql, tuple(_sql_value(v, k) for v, k in zip(rec, kinds, strict=True)))
            except (sqlite3.IntegrityError, ValueError, OverflowError) as exc:
                named = re.findall(rf"\b{re.escape(name)}\.(\w+)", str(exc))
                raise DatasetError([
                    f"{name}, line {pos + 2}, column {'+'.join(named or table.key)}: the "
                    f"database refused the row ({exc})"]) from None


def build_database(csv_dir: Path, db_path: Path) -> Dataset:
    """Validate the CSV sources and write them to a new ChipScope database.

    Parameters
    ----------
    csv_dir : Path
        Folder with ``<table>.csv`` for each table of TABLES.
    db_path : Path
        The database to write. It is written to a temporary file beside it, then atomically
        replaced; a file that is not a ChipScope database is never overwritten.

    Returns
    -------
    Dataset
        The validated dataset that was written.

    Raises
    ------
    DatasetError
        Naming the CSV file, line and column of every problem.
    StorageError
        If ``db_path`` is another application's file or cannot be written.
    """
    csv_dir, db_path = Path(csv_dir), Path(db_path)
    refuse_long_name(db_path, build=True)  # never opened or written by SQLite (pass 46)
    source = read_csv_dir(csv_dir)
    dataset = validate_source(source)  # exactly what check_csv_dir runs
    target = files.write_target(db_path, "database", makes_folder=True)  # a FIFO: refused
    refuse_write_protected(target, db_path, "database", files.WriteFailed, reads=True)  # 0444
    ensure_overwritable(target)
    made = make_folder(target, "database")  # names the folder it cannot make (pass 58 F4)
    with folders_removed_on_failure(made):  # none left behind (pass 59 F9)
        _write_built(target, db_path, source, dataset)
    files.note_written(db_path)
    return dataset


def _write_built(target: Path, db_path: Path, source: CsvSource, dataset: Dataset) -> None:
    """:func:`build_database`'s write of ``dataset`` to ``target``, its folder there."""
    try:
        attributes = files.kept_attributes(target)  # a replaced database keeps owner and mode
        # A short temporary name, so a target name near the file system's limit still works.
        remove_stale(target.parent)  # an earlier build killed outright (SIGKILL) left them
    except OSError as exc:
        raise files.WriteFailed(f"Could not write the database {db_path} "
                                f"({exc.strerror or exc}); nothing was changed.") from None
    fd, tmp = files.make_temporary(target, db_path, "database")
    os.close(fd)
    with pending_temporary(tmp):  # SIGTERM removes it too (it ends without unwinding)
        try:
            with (closing(sqlite3.connect(tmp, isolation_level=None)) as conn,
                  write_transaction(conn, lineage=False)):  # reproducible: no lineage row
                create_schema(conn)
                try:
                    _insert_dataset(conn, dataset)
                except DatasetError as exc:
                    raise DatasetError(source.relocate(exc.problems)) from None
            files.give_attributes(tmp, attributes)
            with exclusive_lock(target) as locked:  # another's write in progress: DatabaseBusy
                ensure_still_overwritable(target, locked)  # an import during the build
                os.replace(tmp, target)
        except (OSError, sqlite3.Error) as exc:  # disk full, permissions
            files.remove_temporary(tmp)
            kept = "the old file is unchanged" if look(target).exists else "nothing was written"
            if out_of_space(exc):  # every writer's words, not SQLite's (pass 49 F4)
                cause, advice = disk_full(target)
                raise files.WriteFailed(f"Could not write the database {db_path}: {cause}; "
                                        f"{advice} ({kept}).", errno.ENOSPC) from None
            raise files.WriteFailed(f"Could not write the database {db_path} "
                                    f"({getattr(exc, 'strerror', None) or exc}); {kept}.") from None
        except BaseException:
            files.remove_temporary(tmp)
            raise


# --- the user's working database ----------------------------------------------------------------
def _copy_atomic(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through :func:`chipscope.storage.files.write_bytes` (atomic; the
    umask decides a new file's permissions): as SQLite reads it, its journal or log taken in."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    data = settled_bytes(src)  # with its journal or log, as SQLite reads it (pass 62 F1)
    if data is None:
        data = files.read_bytes(src, "bundled database", _MAX_DATABASE_BYTES)
    files.write_bytes(dst, data, "database", database=True)


def open_user_database(path: Path | None = None) -> tuple[Dataset, Path]:
    """Load the user's working database, creating it from the bundled one on first run
    (:func:`open_user_database_noted` without its note).

    Parameters
    ----------
    path : Path, optional
        Defaults to ``paths.user_db_path()`` (under ``CHIPSCOPE_HOME`` when set).

    Returns
    -------
    (Dataset, Path)
        The dataset and the database's path (where scenarios are saved).

    Raises
    ------
    StorageError
        If the database cannot be loaded; ``load_dataset(paths.bundled_db_path())`` is the
        fallback the UI offers.
    """
    dataset, db, _note = open_user_database_noted(path)
    return dataset, db


def open_user_database_noted(path: Path | None = None) -> tuple[Dataset, Path, str | None]:
    """:func:`open_user_database` and the note to show beside it: a ``CHIPSCOPE_BUNDLED_DB``
    naming no usable ChipScope database is not used once the user's database exists (no
    refresh from it), and the note says so; None when there is nothing to say."""
    sweep_once()  # the private copies that reads killed outright left in the temporary folder
    db, made = (Path(path), []) if path is not None else made_user_db_path()
    refuse_long_path(db, store=path is None)  # SQLite could not open it: never "damaged"
    if (seen := look(db)).denial is not None:  # a folder on its way cannot be entered:
        files.check_regular_file(db, "database")  # every reader's words, never made there
    if not seen.exists and not look(db, follow=False).is_symlink:  # a loop is not replaced
        refuse_long_name(db)  # no room for its journal: a copy never to be written
        refuse_foreign_journal(db)  # a crash's journal would be played back onto the new copy
        try:
            bundled = paths.bundled_db_path()
        except paths.MissingResourceError as exc:
            raise BundledUnusable(str(exc)) from None
        # no broken copy made
        check_bundled(bundled, f"Cannot create your database {db}", load_dataset)
        with folders_removed_on_failure(made):  # the data folder made for it (pass 60 F3),
            try:  # removed once the disk was asked: that frees its inodes
                _copy_atomic(bundled, db)
            except (OSError, files.WriteFailed) as exc:  # a full disk, the folder refused...
                raise unmade_database(db, exc, default_place=path is None) from None
        note = None  # the file just copied passed check_bundled
    else:  # the user's database works without the bundled file: a bad one is noted, not used
        note = unused_override_note(db, load_dataset)
    try:
        if is_read_only(db):  # nothing can be written: no rollback, WAL switch or migration
            raise read_only(db)
        refuse_hard_linked(db)  # nor into a file with other names (storage.hard_links)
        # A save killed mid-transaction leaves a hot journal that a read-only connection
        # cannot roll back; the user's own database is the one file we may write to finish it.
        roll_back_interrupted_write(db)
        leave_wal_mode(db)  # ChipScope's files use a rollback journal; nothing left beside them
        if inspect_database(db) < SCHEMA_VERSION:
            load_dataset(db)  # the whole open must succeed (read in memory) before migrating
        upgrade_in_place(db)  # another program's lock: DatabaseBusy, the file unchanged
        if note is None:
            refresh_if_bundled_is_newer(db, load_dataset)
    except (DatabaseReadOnly, DatabaseFull):
        # Read as it is: the last committed state (from a private copy when a journal or WAL
        # sits beside it; an older file migrated in memory); saving says why it cannot. The
        # bundled data are not taken either: that too is a write.
        pass
    return load_dataset(db), db, note

