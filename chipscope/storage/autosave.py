"""Autosave of the working scenario, so a crash or a killed process loses at most a few seconds.

The window writes the working values here shortly after every change and on close, and
calls :func:`clear_autosave` when it exits cleanly. A row that is still present at the next
start therefore means the last session did not exit cleanly, and the window offers to restore
it.

The ``autosave`` table holds a single row (``slot = 1``). It is created on the first write,
inside the same transaction, so databases without it (every database made before autosave
existed, and the bundled one) need no migration and simply have no autosave. Each write is one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction: after a crash the row is either the previous one
or the new one, never a mix.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from chipscope.model.scenario import Scenario, clean_name
from chipscope.model.scenario_checks import repaired_name
from chipscope.model.scenario_store import restored_name
from chipscope.model.text_rules import without_hidden
from chipscope.storage.database import damaged
from chipscope.storage.own_layout import (
    AUTOSAVE_BASIS,
    AUTOSAVE_UPSERT,
    autosave_columns,
    basis_written,
)
from chipscope.storage.scenario_entry import checked_entry, values_from_json
from chipscope.storage.scenarios import _SAVED, _now, _readable, _writable
from chipscope.storage.schema import StorageError, read_rows, table_names, write_transaction

AUTOSAVE_DDL = """
CREATE TABLE IF NOT EXISTS autosave (
    slot INTEGER PRIMARY KEY NOT NULL CHECK (slot = 1),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    values_json TEXT NOT NULL,
    unsaved INTEGER NOT NULL CHECK (unsaved IN (0, 1)),
    saved_at TEXT NOT NULL,
    based_on TEXT
)
"""


@dataclass(frozen=True, eq=False)
class AutosaveRecord:
    """The autosaved working scenario.

    Attributes
    ----------
    scenario : Scenario
        Name (the saved scenario it was opened from, or the untitled name), description and
        values (usually only those that differ from the defaults; NaN is "none").
    unsaved : bool
        Whether the values differed from the saved scenario when they were autosaved.
    saved_at : str
        When, ISO 8601 in UTC ("2026-03-01T12:00:00+00:00"), as plain text (one line, no
        invisible character); "" when the row does not hold it as text (a BLOB, a number).
    stored_name : str or None
        The name as stored, when it breaks the name rule (an older version stored it: a
        control or bidi character, over 200 characters); ``scenario`` then has it repaired
        (:func:`~chipscope.model.scenario_checks.repaired_name`), so that later autosaves and
        saves take it. None when the stored name is the scenario's.
    based_on : str or None
        The ``updated_at`` of the saved copy the values were made on; "" none (an untitled
        scenario or a preset); None unknown (an older version wrote the autosave).
    """

    scenario: Scenario
    unsaved: bool
    saved_at: str
    stored_name: str | None = None
    based_on: str | None = None


def save_autosave(db_path: Path, name: str, description: str, values: Mapping[str, float],
                  unsaved: bool = True, based_on: str | None = None) -> None:
    """Replace the autosave with these values, in one transaction.

    Parameters
    ----------
    db_path : Path
        The user's database (the bundled one is refused).
    name, description : str
        The working scenario's name and description.
    values : Mapping[str, float]
        Assumption key -> value; NaN ("none") is stored as null.
    unsaved : bool
        Whether the values differ from the saved scenario of that name.
    based_on : str, optional
        The ``updated_at`` of the saved copy the values were made on, as the window last saw
        it (the next start's Save asks if the saved copy changed since: pass 93 F1); "" none,
        the working scenario is not a saved one (Untitled, a preset, one whose saved copy was
        deleted): if a saved scenario has its name, the autosave takes a free one ("Untitled
        (restored)", pass 91 F1); None unknown.

    Raises
    ------
    StorageError
        If the database cannot be written.
    ValueError
        As :func:`~chipscope.storage.scenarios.save_scenario`'s: a bad name, a description
        with a control character, a value that is not a finite number (naming the field).
    """
    clean, payload = checked_entry(name, description, values)  # as save_scenario's
    with _writable(db_path) as conn, write_transaction(conn):
        conn.execute(AUTOSAVE_DDL)
        if based_on == "":
            clean = _not_a_saved_name(conn, clean)
        conn.execute(AUTOSAVE_UPSERT, (clean, description, payload, int(bool(unsaved)),
                                       now := _now()))
        if AUTOSAVE_BASIS in autosave_columns(conn) or basis_written(  # an older version's
                conn, f"ALTER TABLE autosave ADD COLUMN {AUTOSAVE_BASIS} TEXT", ()):  # table
            basis_written(conn, f"UPDATE autosave SET {AUTOSAVE_BASIS} = ? WHERE slot = 1",
                          (now if based_on is None else f"{now}|{based_on}",))  # unknown:
            # no "|" (NULL would fail a NOT NULL column and keep the last basis)


def _not_a_saved_name(conn: sqlite3.Connection, name: str) -> str:
    """``name``, or a free "name (restored)" if a saved scenario has it (see save_autosave)."""
    if "scenarios" not in table_names(conn):
        return name
    names = [str(row[0]) for row in conn.execute(f"SELECT name FROM scenarios WHERE {_SAVED}")]
    return restored_name(names, name) if name in {clean_name(n) for n in names} else name


def load_autosave(db_path: Path) -> AutosaveRecord | None:
    """The autosaved working scenario, or None if there is none (the last exit was clean).

    Raises
    ------
    StorageError
        If the database cannot be read or the autosave row is damaged.
    """
    path = Path(db_path)
    try:
        with _readable(path) as conn:
            if "autosave" not in table_names(conn):
                return None
            basis = AUTOSAVE_BASIS if AUTOSAVE_BASIS in autosave_columns(conn) else "NULL"
            rows = read_rows(
                conn, "autosave", path, "SELECT name, description, values_json, unsaved, "
                f"saved_at, {basis} FROM autosave WHERE slot = 1")
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
    if not rows:
        return None
    name, description, values_json, unsaved, saved_at, based_on = rows[0]
    if not (isinstance(name, str) and isinstance(description, str)):
        raise StorageError(f"The autosave in {path} is damaged: its name or description is "
                           "not text.")
    values = values_from_json(values_json, f"The autosave in {path} is damaged")
    usable = repaired_name(name)  # as save_autosave's rule, or the next autosave fails
    return AutosaveRecord(Scenario(usable, without_hidden(description), values), bool(unsaved),
                          _plain_time(saved_at),
                          None if usable == clean_name(name) else name,
                          _basis(based_on, saved_at))


def _basis(based_on: object, saved_at: object) -> str | None:
    """The stamp in the basis column if it was written with this autosave: "SAVED_AT|STAMP"
    (:data:`~chipscope.storage.own_layout.AUTOSAVE_BASIS`); None if another SAVED_AT (an older
    version's autosave since) or none."""
    if not isinstance(based_on, str) or not isinstance(saved_at, str):
        return None
    at, bar, stamp = based_on.partition("|")
    return stamp if bar and at == saved_at else None


def _plain_time(saved_at: object) -> str:
    """The stored ``saved_at`` for a message: its printable characters only (no line break,
    control, bidi or zero-width character), or "" if it is not text (another program's BLOB
    or number: Python's ``b'\\xff'`` or ``1e+308`` would say nothing about a time)."""
    if not isinstance(saved_at, str):
        return ""
    return "".join(ch for ch in saved_at if ch.isprintable()).strip()


def clear_autosave(db_path: Path) -> None:
    """Remove the autosave (on a clean exit), in one transaction; no error if there is none,
    nor if the database itself is gone (moved away while the window was open: no autosave is
    left to offer at the next start), nor when no autosave row is there: nothing is written
    then, so a full or read-only disk on which every autosave failed has nothing to refuse."""
    if not os.path.lexists(db_path):
        return
    try:
        if not _has_autosave_row(Path(db_path)):
            return
    except StorageError:
        pass  # a read that failed: the delete below clears it or says why
    with _writable(db_path) as conn, write_transaction(conn):
        if "autosave" in table_names(conn):
            conn.execute("DELETE FROM autosave")


def _has_autosave_row(path: Path) -> bool:
    """Whether the autosave table holds any row (load_autosave reads only slot 1)."""
    try:
        with _readable(path) as conn:
            if "autosave" not in table_names(conn):
                return False
            return bool(read_rows(conn, "autosave", path, "SELECT 1 FROM autosave LIMIT 1"))
    except sqlite3.DatabaseError as exc:
        raise damaged(path, str(exc)) from None
