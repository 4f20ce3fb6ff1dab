"""Saved scenarios in the ``scenarios`` table of a ChipScope database.

Only the user's database is written; the bundled one is refused. Each write is one
transaction. Values are stored as JSON with NaN ("none") as ``null``.

Presets ship as files (:mod:`chipscope.storage.presets`). Rows an older version flagged
``is_preset = 1`` (the column stays, so migrations are untouched) are ignored as if absent:
not listed or loaded; saving or renaming onto their name replaces them.
:class:`DbScenarioStore` is the model's :class:`~chipscope.model.scenario_store.ScenarioStore`
over a database path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario, clean_name
from chipscope.model.scenario_store import ScenarioRecord, named
from chipscope.model.text_rules import quoted, without_hidden
from chipscope.storage.database import inspect_database, open_current
from chipscope.storage.errors import SaveConflict, busy_timeout, refuse_read_only, write_failed
from chipscope.storage.hard_links import refuse_hard_linked
from chipscope.storage.own_layout import (
    SCENARIO_UPSERT,
    drop_superseded_autosave,
    rename_autosave,
)
from chipscope.storage.recovery import roll_back_interrupted_write
from chipscope.storage.scenario_entry import (
    checked_entry,
    checked_name,
    json_kind,
    values_from_json,
)
from chipscope.storage.schema import StorageError, migrate, read_rows, write_transaction


def _name_key(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    """SQL ``name_key(name)``: a stored name as the model compares names (:func:`clean_name`:
    NFC, surrounding spaces removed), so a row an older version or another program wrote with
    a decomposed name ("cafe" + combining accent) or a space around it is found by the name
    it is listed under, and back (pass 67, pass 108 F1)."""
    return clean_name(value) if isinstance(value, str) else value


def _add_name_key(conn: sqlite3.Connection) -> None:
    conn.create_function("name_key", 1, _name_key, deterministic=True)


_SAVED = "is_preset = 0"
"""Rows an older version flagged as presets are ignored everywhere (see the module docstring)."""


class _NotUtf8(bytes):
    """A TEXT value of the scenarios table that is not UTF-8 (written by another program)."""


def _text(raw: bytes) -> str | bytes:
    """The connection's text factory for listing: one row's bad text spoils that row only."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _NotUtf8(raw)


def _record(row: tuple[str, str, str, str], db_path: Path | str) -> ScenarioRecord:
    name, description, values_json, updated_at = row
    for column, value in (("name", name), ("description", description),
                          ("updated_at", updated_at), ("values", values_json)):
        if isinstance(value, _NotUtf8):
            raise StorageError(f"A saved scenario in {db_path or 'the database'} is damaged: its "
                               f"{column} holds text that is not UTF-8.")
        if not isinstance(value, str) and column != "values":  # a BLOB or a number
            raise StorageError(f"A saved scenario in {db_path or 'the database'} is damaged: its "
                               f"{column} is {json_kind(value)}, not text.")
    if not clean_name(name):  # blank: it could not be opened, saved or told apart
        raise StorageError(f"A saved scenario in {db_path or 'the database'} is damaged: its "
                           "name is blank.")
    values = values_from_json(values_json, f"The saved scenario {quoted(name)} in "
                                            f"{db_path or 'the database'} is damaged")
    # a description saved before the free-text rule: shown, saved and exported without the
    # control characters it may no longer hold (so its file reads back)
    return ScenarioRecord(Scenario(clean_name(name), without_hidden(description), values),
                          updated_at, origin=str(db_path or "the database"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _next_stamp(previous: str | None) -> str:
    """``updated_at`` for a save: now (to the microsecond), and always later than the row's
    previous stamp, so that two saves in one instant still differ (see :class:`SaveConflict`)."""
    now = datetime.now(UTC)
    try:
        before = datetime.fromisoformat(previous) if previous else None
    except ValueError:
        before = None
    if before is not None and before.tzinfo is not None and now <= before:
        now = before + timedelta(microseconds=1)
    return now.isoformat(timespec="microseconds")


# --- connections --------------------------------------------------------------------------------
OWN_WRITES = frozenset({"scenarios", "autosave"})
"""The tables a save of this module writes (with the lineage): only their layouts are tried."""


@contextmanager
def _writable(db_path: Path) -> Iterator[sqlite3.Connection]:
    path = Path(db_path)
    if paths.is_bundled_db(path):
        raise StorageError(
            f"{path} is the bundled dataset, which is read-only; scenarios are saved in the "
            "user database."
        )
    refuse_read_only(path)  # before SQLite opens it read-write: nothing left beside it
    refuse_hard_linked(path)  # a journal beside another name would not be seen
    try:
        roll_back_interrupted_write(path)  # a save killed mid-write; only ChipScope files
        inspect_database(path, saving=OWN_WRITES)  # recognises the file (StorageError if foreign)
        uri = path.resolve().as_uri() + "?mode=rw"
        with (closing(sqlite3.connect(uri, uri=True, isolation_level=None,
                                      timeout=busy_timeout(path))) as conn,
              write_transaction(conn)):
            _add_name_key(conn)
            # An older file is migrated in the caller's transaction: if the write fails, the
            # file stays as it was, at its old version.
            migrate(conn)
            yield conn
    except sqlite3.Error as exc:
        # A lock held elsewhere, a read-only file, a full disk: named, never a raw error.
        raise write_failed(path, exc) from None


@contextmanager
def _readable(db_path: Path) -> Iterator[sqlite3.Connection]:
    with open_current(Path(db_path)) as conn:
        _add_name_key(conn)
        yield conn


def _stamp_of(conn: sqlite3.Connection, name: str) -> tuple[object] | None:
    """The row ``(updated_at,)`` of the saved scenario ``name``; None if there is none."""
    row: tuple[object] | None = conn.execute(
        f"SELECT updated_at FROM scenarios WHERE name_key(name) = ? AND {_SAVED}",
        (clean_name(name),)).fetchone()
    return row


def twins_sentence(name: str, count: int, db_path: Path | str, doing: str) -> str:
    """The sentence for ``count`` saved rows whose names differ only in Unicode form or in
    spaces around them (an older version or another program wrote them): ChipScope cannot tell
    them apart, so it neither lists nor writes them (``doing``: what it does not do) and never
    deletes one unasked."""
    return (f"{count:,} saved scenarios in {db_path or 'the database'} are named "
            f"{named(clean_name(name))!r} (written in different Unicode forms or with spaces "
            f"around the name), so {doing}; rename or delete one of them in the scenarios "
            "table with an SQLite tool.")


def _refuse_twins(conn: sqlite3.Connection, name: str, db_path: Path, doing: str) -> None:
    """StorageError (:func:`twins_sentence`), nothing written, if several saved rows are ``name``"""
    count = conn.execute(f"SELECT count(*) FROM scenarios WHERE name_key(name) = ? AND {_SAVED}",
                         (clean_name(name),)).fetchone()[0]
    if count > 1:
        raise StorageError(twins_sentence(name, count, db_path, doing))


def _refuse_damaged(conn: sqlite3.Connection, name: str, db_path: Path) -> None:
    """StorageError if the row ``name`` was damaged in place since it was opened (pass 112)."""
    text = conn.execute(f"SELECT values_json FROM scenarios WHERE name_key(name) = ? AND "
                        f"{_SAVED}", (name,)).fetchone()[0]
    try:
        values_from_json(text, f"The saved scenario {named(name)!r} in {db_path} was damaged "
                               "by another program since you opened it here")
    except StorageError as exc:
        raise StorageError(f"{exc} Saving now would replace it: save under another name, or "
                           "repair or delete that row with an SQLite tool.") from None


def _existing(conn: sqlite3.Connection, name: str, db_path: Path) -> tuple[object]:
    """The row ``(updated_at,)`` of the saved scenario ``name``; StorageError if none, or if
    several rows are that name in different Unicode forms (:func:`twins_sentence`)."""
    _refuse_twins(conn, name, db_path, "ChipScope cannot tell which one to change and "
                  "changes neither")
    if (row := _stamp_of(conn, name)) is None:
        raise StorageError(f"There is no saved scenario named {named(name)!r} in {db_path}.")
    return row


# --- public API -----------------------------------------------------------------------------
def save_scenario(db_path: Path, name: str, description: str, values: Mapping[str, float],
                  expected: str | None = None, undoing: bool = False,
                  autosave: bool = False) -> str:
    """Save (or overwrite) a scenario in the user's database, in one transaction.

    Parameters
    ----------
    db_path : Path
        The user's database (never the bundled one).
    name : str
        Unique name; surrounding spaces are removed.
    description : str
        Free text.
    values : Mapping[str, float]
        Assumption key -> value; NaN ("none") is stored as null.
    expected : str, optional
        The ``updated_at`` the caller last read or wrote for ``name``. If the saved row has
        another stamp now (someone else saved it since), or there is none (someone deleted or
        renamed it since), nothing is written and SaveConflict is raised. None overwrites
        whatever is there; "" only checks that the name is not saved.
    undoing : bool
        An undo or redo step: a conflict is worded for it ("in the meantime"), not as a Save.
    autosave : bool
        The working scenario's own Save or Save As, by the window that keeps the autosave: the
        autosave (of the working scenario, whatever its name) goes in the same transaction.

    Returns
    -------
    str
        The row's new ``updated_at`` (unique per save: pass it as ``expected`` next time).

    Raises
    ------
    SaveConflict
        If the scenario changed since ``expected``.
    StorageError
        If the database cannot be written (DatabaseBusy, DatabaseReadOnly, DatabaseFull...);
        the database keeps what it had.
    ValueError
        If the name is empty or too long, the description holds a control character
        (:mod:`chipscope.model.text_rules`), or a value is infinite.
    """
    clean, payload = checked_entry(name, description, values)
    with _writable(db_path) as conn, write_transaction(conn):
        # two rows of this name in different Unicode forms: neither is replaced (nor deleted)
        _refuse_twins(conn, clean, db_path, "ChipScope cannot tell which one to replace and "
                      "nothing was saved")
        # the one row of this name, in any form: the copy seen here (pass 107 F1, 108 F1)
        row = _stamp_of(conn, clean)
        if expected is not None and row is not None and row[0] != expected:
            since = ("in the meantime; writing it now" if undoing or expected == ""
                     else "since you opened it here; saving now")
            raise SaveConflict(
                f"The scenario {named(clean)!r} in {db_path} was saved by another window or "
                f"program {since} would overwrite that change.", clean, found=str(row[0]))
        if expected and row is None:  # it was saved, as seen here, and is gone now
            raise SaveConflict(
                f"The scenario {named(clean)!r} in {db_path} was deleted or renamed by another "
                f"window or program since you opened it here; saving now would save it again "
                f"under this name.", clean, gone=True)
        if expected and row is not None:  # the copy seen here, unless damaged in place since
            _refuse_damaged(conn, clean, db_path)  # (its stamp kept: pass 112 F4)
        stamp = _next_stamp(None if row is None else str(row[0]))
        # a row in another form is replaced by the one in the stored form (NFC, no spaces)
        conn.execute("DELETE FROM scenarios WHERE name_key(name) = ? AND name <> ?", (clean, clean))
        conn.execute(SCENARIO_UPSERT, (clean, description, payload, stamp))
        if autosave:
            drop_superseded_autosave(conn)
    return stamp


def list_scenarios(db_path: Path, damaged: list[str] | None = None) -> list[ScenarioRecord]:
    """Every saved scenario, by name (case-insensitive). A row another program damaged (text
    that is not UTF-8, values that are not a flat JSON object, a name that is not text) is
    left out, and a sentence naming it and its row number is added to ``damaged`` if given;
    one bad row never hides the others. StorageError if the table cannot be read at all."""
    with _readable(db_path) as conn:
        conn.text_factory = _text
        rows = read_rows(
            conn, "scenarios", db_path,
            "SELECT name, description, values_json, updated_at, rowid FROM scenarios WHERE "
            f"{_SAVED} ORDER BY name COLLATE NOCASE, name")
    records = []
    for *row, rowid in rows:
        try:
            records.append(_record((row[0], row[1], row[2], row[3]), db_path))
        except StorageError as exc:
            if damaged is not None:
                damaged.append(f"{exc} It is left out of the scenario list (row {rowid} of the "
                               "scenarios table); repair or delete that row with an SQLite "
                               "tool.")
    names = [clean_name(row[0]) for row in rows if isinstance(row[0], str)]  # damaged too
    return _without_twins(records, names, db_path, damaged)


def saved_names(db_path: Path) -> list[str]:
    """Every saved row's name (:func:`clean_name`), also of rows the list leaves out."""
    with _readable(db_path) as conn:
        conn.text_factory = _text
        rows = read_rows(conn, "scenarios", db_path, f"SELECT name FROM scenarios WHERE {_SAVED}")
    return [clean_name(row[0]) for row in rows if isinstance(row[0], str)]


def _without_twins(records: list[ScenarioRecord], names: list[str], db_path: Path,
                   damaged: list[str] | None) -> list[ScenarioRecord]:
    """``records`` without the rows whose names (``names``: of every row, a damaged one's
    too) differ only in Unicode form or spaces around them: listed, each would open (and be
    saved over) whichever came first, and every write to the name is refused (a damaged twin
    beside a listed row made its steps refused for good: pass 112 F2); a sentence per name
    in ``damaged``."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        if count > 1 and damaged is not None:
            damaged.append(twins_sentence(name, count, db_path,
                                  "they are left out of the scenario list"))
    return [r for r in records if counts[r.name] == 1]


def load_scenario(db_path: Path, name: str) -> ScenarioRecord:
    """One saved scenario; StorageError if there is none of that name."""
    with _readable(db_path) as conn:
        rows = read_rows(
            conn, "scenarios", db_path, "SELECT name, description, values_json, updated_at "
            f"FROM scenarios WHERE name_key(name) = ? AND {_SAVED}", (clean_name(name),))
    if not rows:
        raise StorageError(f"There is no saved scenario named {named(name)!r} in {db_path}.")
    if len(rows) > 1:
        raise StorageError(twins_sentence(name, len(rows), db_path,
                                  "ChipScope cannot tell which one to open"))
    return _record(rows[0], db_path)


def delete_scenario(db_path: Path, name: str, expected: str | None = None,
                    undoing: bool = False) -> None:
    """Delete a saved scenario, in one transaction; SaveConflict, and nothing deleted, if
    ``expected`` is given and the stored stamp differs (another window saved it since); if
    there is none, StorageError, or nothing if ``undoing`` (an undo or redo: its goal holds)."""
    with _writable(db_path) as conn, write_transaction(conn):
        if undoing and _stamp_of(conn, name) is None:
            return  # already gone: the step's goal holds
        row, clean = _existing(conn, name, db_path), clean_name(name)
        if expected is not None and row[0] != expected:
            raise SaveConflict(
                f"The scenario {named(clean)!r} in {db_path} was saved by another window or "
                "program since; deleting it now would lose that change.", clean)
        conn.execute("DELETE FROM scenarios WHERE name_key(name) = ?", (clean,))


def rename_scenario(db_path: Path, old: str, new: str, expected: str | None = None,
                    undoing: bool = False, autosave: bool = False) -> None:
    """Rename a saved scenario; StorageError if ``new`` is taken (worded for an undo or redo
    step if ``undoing``); SaveConflict, and nothing renamed, if ``expected`` is given and
    ``old``'s stamp differs (saved elsewhere since). ``autosave``: an autosave of ``old`` is
    renamed with it (a rename of the scenario whose changes the window that keeps the autosave
    holds there, an undo step's too; never an untitled scenario's autosave: pass 91 F1)."""
    clean = checked_name(new)
    with _writable(db_path) as conn, write_transaction(conn):
        row = _existing(conn, old, db_path)
        if expected is not None and row[0] != expected:
            raise SaveConflict(
                f"The scenario {named(clean_name(old))!r} in {db_path} was saved by another "
                f"window or program in the meantime; renaming it to {named(clean)!r} now would "
                "move that change away from its name.", clean_name(old))
        if clean == clean_name(old):
            return
        taken = conn.execute(f"SELECT 1 FROM scenarios WHERE name_key(name) = ? AND {_SAVED}",
                             (clean,)).fetchone()
        if taken is not None:
            raise StorageError(f"A scenario named {named(clean)!r} " + (  # a step: no name
                "was saved since; try the step again: it keeps that one and gives this one a "
                "free name." if undoing else "already exists; choose another name."))
        # an ignored old preset of that name
        conn.execute("DELETE FROM scenarios WHERE name_key(name) = ?", (clean,))
        conn.execute(f"UPDATE scenarios SET name = ?, updated_at = ? WHERE name_key(name) = ? "
                     f"AND {_SAVED}", (clean, stamp := _next_stamp(None), clean_name(old)))
        if autosave:
            rename_autosave(conn, clean_name(old), clean, str(row[0]), stamp)


# --- used by repository ---------------------------------------------------------------------
def scenario_problems(conn: sqlite3.Connection, specs: AssumptionSpecs,
                      db_path: Path | str = "") -> list[str]:
    """Saved scenarios whose values no longer fit the dataset's assumptions."""
    problems = []
    try:
        rows = read_rows(
            conn, "scenarios", db_path, "SELECT name, description, values_json, updated_at "
            f"FROM scenarios WHERE {_SAVED} ORDER BY rowid")
    except StorageError as exc:
        return [str(exc)]
    defaults = specs.defaults()
    files = [r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"]
    where = files[0] if files and files[0] else "the database"
    for row in rows:
        try:
            _record(row, where).scenario.apply(defaults)
        except (ValueError, StorageError) as exc:
            problems.append(f"scenarios table, scenario {quoted(str(row[0]))}: {exc}")
    return problems

