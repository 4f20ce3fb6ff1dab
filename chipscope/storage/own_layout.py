"""The layouts of the tables ChipScope makes on a first write, which another program may have
changed: ``lineage`` (every write moves it on), and the keys and layouts of ``scenarios``,
``autosave`` and ``user_edits`` (every write to them is an upsert on that key, whose SQL is
here: the savers run it, and the check tries it on an empty copy of the file's layout).

Every writer and ``chipscope data check`` look at them before anything is written
(:func:`chipscope.storage.database.inspect_database` with ``saving``): each names the table in
one sentence, where a save failed in SQLite's words while the check found nothing (pass 14, D3
and D4; pass 17, D1). Reads stay possible, unless a table that lost its key holds a row twice,
which every read would show twice (:func:`repeated_row`, on every open).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from chipscope.model.text_rules import quoted, shortened
from chipscope.storage.lineage import TABLE as LINEAGE
from chipscope.storage.lineage import advance
from chipscope.storage.schema import REBUILD_TABLE_ADVICE, StorageError, quote_ident, sql_name

KEYS: dict[str, tuple[str, ...]] = {"scenarios": ("name",), "autosave": ("slot",),
                                    "user_edits": ("table_name", "row_key")}
"""The tables whose rows ChipScope finds by a name or key, and that key (each write to one of
them is ``INSERT ... ON CONFLICT (key)``, which needs the key's unique index)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "scenarios": ("name", "description", "values_json", "is_preset", "updated_at"),
    "autosave": ("slot", "name", "description", "values_json", "unsaved", "saved_at"),
    "user_edits": ("table_name", "row_key", "operation", "fields_json", "citation", "url",
                   "retrieved", "licence", "confidence", "created_at", "base_digest",
                   "source_id"),
}
"""Their columns, each since the table was first made (a table lacking one has another
layout, which every save and ``data check`` name: :func:`_layout_problem`)."""

SCENARIO_UPSERT = (
    "INSERT INTO scenarios (name, description, values_json, is_preset, updated_at) "
    "VALUES (?, ?, ?, 0, ?) ON CONFLICT (name) DO UPDATE SET "  # never REPLACE: it drops
    "description = excluded.description, values_json = excluded.values_json, "  # the rows
    "is_preset = 0, updated_at = excluded.updated_at")  # of any other unique index
AUTOSAVE_UPSERT = (
    "INSERT INTO autosave (slot, name, description, values_json, unsaved, saved_at) "
    "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (slot) DO UPDATE SET name = excluded.name, "
    "description = excluded.description, values_json = excluded.values_json, "
    "unsaved = excluded.unsaved, saved_at = excluded.saved_at")


def drop_superseded_autosave(conn: sqlite3.Connection) -> None:
    """In the transaction of the working scenario's Save or Save As: remove the autosave (the
    saved values supersede it, whatever name it was under). Saved first and cleared next, the
    two in turn, a SIGKILL between them left older values that the next start offered as
    unsaved changes (pass 88 F1: Save; pass 89 F1: Save As, the autosave under the old name)."""
    if _autosave_table(conn):
        conn.execute("DELETE FROM autosave")


AUTOSAVE_BASIS = "based_on"
"""The autosave's optional column holding "SAVED_AT|STAMP": the ``updated_at`` of the saved copy
the values were made on ("" none: untitled or a preset), for the autosave written at SAVED_AT
(see :func:`chipscope.storage.autosave.save_autosave`). Never required, never in a layout check:
an older table gets it at its next autosave, and an older version neither reads nor writes it
(its later autosave changes SAVED_AT, so the stale basis is ignored)."""


def rename_autosave(conn: sqlite3.Connection, old: str, new: str, was: str = "",
                    now: str = "") -> None:
    """In the transaction of the working scenario's rename: the autosave of ``old`` follows
    it to ``new`` (a SIGKILL right after a rename left the next start offering the unsaved
    changes of a scenario that no longer existed: pass 89 F2), and so does its basis: made on
    ``old``'s stamp ``was``, it is made on the renamed copy's ``now`` (pass 94 F2)."""
    if _autosave_table(conn):
        conn.execute("UPDATE autosave SET name = ? WHERE name_key(name) = ?", (new, old))
        if was and now and AUTOSAVE_BASIS in autosave_columns(conn):
            basis_written(conn, f"UPDATE autosave SET {AUTOSAVE_BASIS} = saved_at || '|' || ? "
                          f"WHERE name_key(name) = ? AND {AUTOSAVE_BASIS} = saved_at || '|' || ?",
                          (now, new, was))


def autosave_columns(conn: sqlite3.Connection) -> set[str]:
    """The autosave table's columns, generated ones too (``table_info`` leaves them out)."""
    return {str(row[1]).lower() for row in conn.execute("PRAGMA table_xinfo(autosave)")}


def basis_written(conn: sqlite3.Connection, sql: str, values: tuple[object, ...]) -> bool:
    """Run one write of the autosave's basis (:data:`AUTOSAVE_BASIS`), never failing the
    autosave or rename around it: a column another program made otherwise (a CHECK, NOT NULL,
    a generated column) leaves the basis unknown, as an older version's (pass 94 F3). Whether
    it was written."""
    conn.execute("SAVEPOINT basis")
    try:
        conn.execute(sql, values)
    except sqlite3.Error:
        if not conn.in_transaction:  # SQLite rolled the whole write back (a full disk, an
            raise  # I/O error): that failure is the save's, named as every save's is
        conn.execute("ROLLBACK TO basis")
        return False
    finally:
        if conn.in_transaction:
            conn.execute("RELEASE basis")
    return True


def _autosave_table(conn: sqlite3.Connection) -> bool:
    """Whether the autosave table is there, with its name column (none written yet: no)."""
    kind = conn.execute("SELECT type FROM sqlite_master WHERE name = 'autosave'").fetchone()
    columns = {row[1] for row in conn.execute("PRAGMA table_info(autosave)")}
    return kind == ("table",) and "name" in columns


EDITS_UPSERT = (
    f"INSERT INTO user_edits ({', '.join(COLUMNS['user_edits'])}) "
    f"VALUES ({', '.join('?' for _ in COLUMNS['user_edits'])}) ON CONFLICT "
    f"({', '.join(KEYS['user_edits'])}) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS["user_edits"]
                if c not in KEYS["user_edits"]))
"""The writes of the savers (:mod:`~chipscope.storage.scenarios`, :mod:`~chipscope.storage.
autosave`, :mod:`~chipscope.storage.user_edits`), tried here on an empty copy of each table's
layout (:func:`_layout_problem`)."""
_STAMP = "2026-01-01T00:00:00.000000+00:00"
_TRIALS: dict[str, tuple[tuple[str, tuple[object, ...]], ...]] = {
    "scenarios": ((SCENARIO_UPSERT, ("Trial", "", '{"a": 1.0}', _STAMP)),
                  (SCENARIO_UPSERT, ("Trial", "d", '{"a": 2.0}', _STAMP)),
                  ("UPDATE scenarios SET name = ?, updated_at = ? WHERE name = ?",
                   ("Trial 2", _STAMP, "Trial"))),  # a rename
    "autosave": ((AUTOSAVE_UPSERT, ("Trial", "", '{"a": 1.0}', 1, _STAMP)),
                 (AUTOSAVE_UPSERT, ("Trial", "d", '{"a": 2.0}', 0, _STAMP))),
    "user_edits": tuple((EDITS_UPSERT, ("chips", "a1", "update", '{"a": 1}', "c", "", "", "",
                                        "", _STAMP, "", "")) for _ in range(2)),
}
"""The statements every save of each table runs, with values of a real save (the second one
takes the ON CONFLICT branch)."""


def repeated_row(conn: sqlite3.Connection, path: object) -> StorageError | None:
    """The error naming a row of ``scenarios``, ``autosave`` or ``user_edits`` held twice
    (the table lost its key): read as it is, the row would be shown, exported or applied
    twice. None when there is none."""
    for table, key in KEYS.items():
        if _lost_key(conn, table):
            names = ", ".join(quote_ident(c) for c in key)
            twice = conn.execute(f"SELECT {names}, count(*) FROM {quote_ident(table)} GROUP BY "
                                 f"{names} HAVING count(*) > 1 LIMIT 1").fetchone()
            if twice is not None:
                times = "twice" if twice[-1] == 2 else f"{twice[-1]:,} times"
                cause = (f"holds {_row(table, twice)} {times} (another program rebuilt it "
                         "without its key), so ChipScope cannot tell which one holds")
                advice = (f"rebuild the table with its PRIMARY KEY ({', '.join(key)}) with an "
                          "SQLite tool, keeping one, or restore a copy")
                return StorageError(f"The {table} table of the database {path} {cause}; "
                                    f"{advice}.", cause, advice)
    return None


def unsaveable(conn: sqlite3.Connection, path: object, own: frozenset[str],
               writes: frozenset[str] | None = None) -> str | None:
    """The sentence naming the first of ChipScope's own tables (``own``) that another program
    changed so that no save can work (its reads are fine); None when there is none. A table the
    file lacks is fine (a build has no lineage, an older file no autosave: the first write
    makes it). ``writes``: only those tables (and the lineage, which every write moves on) are
    tried, a save's own (None: all, for ``data check``): a scenarios table another program
    rebuilt does not stop a data edit. SQLite errors reading the schema are the caller's."""
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, _table, _sql in objects:
        if kind == "index" and sql_name(name) in own:
            return (f"The database {path} has an index named {quoted(str(name))}, the name of a "
                    "table ChipScope makes (another program changed it), so ChipScope cannot "
                    "save to it; drop that index with an SQLite tool or restore a copy.")
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as trial:
        if (problem := _layout_problem(trial, objects, path, LINEAGE)) is not None:
            return problem
        for table, key in KEYS.items():
            if (writes is None or table in writes) and _lost_key(conn, table):
                return (f"The database {path} cannot be saved to: its table {table!r} lost its "
                        f"key ({', '.join(key)}): another program rebuilt it without its "
                        "PRIMARY KEY; rebuild the table with its key with an SQLite tool or use "
                        "another database.")
        for table in _TRIALS:
            if writes is not None and table not in writes:
                continue
            if (problem := _layout_problem(trial, objects, path, table)) is not None:
                return problem
    return None


def _layout_problem(trial: sqlite3.Connection, objects: list[tuple[object, ...]], path: object,
                    table: str) -> str | None:
    """Whether the file's ``table`` (and its indexes) takes the writes of every save (for the
    lineage, its insert and update; for the others, :data:`_TRIALS`): tried on an empty copy of
    its layout made in ``trial``, one in-memory database for all (pass 14, D3; pass 17, D1: a
    missing or extra NOT NULL column, a STRICT column of another type would fail every save in
    SQLite's words while ``data check`` found nothing). A CHECK of another program fails the
    lineage's fixed values always, a saver's values perhaps not: only the lineage's is named."""
    if not any(kind == "table" and sql_name(name) == table
               for kind, name, _table, _sql in objects):
        return None
    layout = [str(sql) for kind, _name, owner, sql in objects
              if sql_name(owner) == table and kind in ("table", "index") and sql]
    try:
        for sql in sorted(layout, key=lambda s: not s.lstrip().upper().startswith(
                "CREATE TABLE")):  # the table before its indexes
            trial.execute(sql)
        if table == LINEAGE:
            advance(trial)  # the first write's insert
            advance(trial)  # and every later write's update
        # A column missing is never an older layout: each of these tables has had its columns
        # since it was made (no migration adds one), so its saves fail (pass 18, D1).
        for statement, values in _TRIALS.get(table, ()):
            trial.execute(statement, values)
    except sqlite3.Error as exc:
        if table != LINEAGE and "CHECK constraint" in str(exc):
            return None  # another program's rule on values: a real save may well pass it
        remedy = ("drop that table with an SQLite tool (the next save makes it anew) or "
                  "restore a copy" if table == LINEAGE else REBUILD_TABLE_ADVICE)
        return (f"The database {path} keeps the table {table!r} with another layout (another "
                f"program changed it: {shortened(str(exc), 100)}), so ChipScope cannot save to "
                f"it; {remedy}.")
    return None


def _has_columns(conn: sqlite3.Connection, table: str) -> bool:
    info = conn.execute(f"PRAGMA table_info({quote_ident(table)})").fetchall()
    return {c.lower() for c in COLUMNS[table]} <= {str(r[1]).lower() for r in info}


def _lost_key(conn: sqlite3.Connection, table: str) -> bool:
    """Whether ``table``, with all its columns, lost the unique key its upserts need (another
    program rebuilt it, ``CREATE TABLE ... AS SELECT``, say). False for a table the file lacks
    or one of another layout (a column missing: named by its reader)."""
    quoted_table = quote_ident(table)
    if not _has_columns(conn, table):
        return False
    info = conn.execute(f"PRAGMA table_info({quoted_table})").fetchall()
    wanted = {c.lower() for c in KEYS[table]}
    if {str(r[1]).lower() for r in info if r[5]} == wanted:
        return False  # its PRIMARY KEY (an INTEGER one is the rowid itself: no index)
    for index in conn.execute(f"PRAGMA index_list({quoted_table})").fetchall():
        if index[2] and not index[4]:  # unique and not partial: ON CONFLICT can use it
            cols = conn.execute(f"PRAGMA index_info({quote_ident(str(index[1]))})").fetchall()
            if len(cols) == len(wanted) and {str(c[2]).lower() for c in cols} == wanted:
                return False
    return True


def _row(table: str, values: tuple[object, ...]) -> str:
    """A row of ``table`` by its key, for a message: "the edit chips a100"."""
    if table == "user_edits":
        return f"the edit {shortened(str(values[0]))} {shortened(str(values[1]))}"
    if table == "scenarios":
        return f"the scenario {quoted(str(values[0]))}"
    return f"the {table} slot {shortened(str(values[0]))}"
