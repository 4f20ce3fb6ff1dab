"""The layouts of the tables ChipScope makes on a first write, which another program may have
changed: ``lineage`` (every write moves it on), and the keys of ``scenarios``, ``autosave`` and
``user_edits`` (every write to them is an upsert on that key).

Every writer and ``chipscope data check`` look at them before anything is written
(:func:`chipscope.storage.database.inspect_database` with ``saving``): each names the table in
one sentence, where a save failed in SQLite's words while the check found nothing (pass 14, D3
and D4). Reads stay possible, unless a table that lost its key holds a row twice, which every
read would show twice (:func:`repeated_row`, on every open).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from chipscope.model.text_rules import quoted, shortened
from chipscope.storage.lineage import TABLE as LINEAGE
from chipscope.storage.lineage import advance
from chipscope.storage.schema import quote_ident, sql_name

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
"""Their columns (a table lacking one has another layout, which its reader names)."""


def repeated_row(conn: sqlite3.Connection, path: object) -> str | None:
    """The sentence naming a row of ``scenarios``, ``autosave`` or ``user_edits`` held twice
    (the table lost its key): read as it is, the row would be shown, exported or applied
    twice. None when there is none."""
    for table, key in KEYS.items():
        if _lost_key(conn, table):
            names = ", ".join(quote_ident(c) for c in key)
            twice = conn.execute(f"SELECT {names}, count(*) FROM {quote_ident(table)} GROUP BY "
                                 f"{names} HAVING count(*) > 1 LIMIT 1").fetchone()
            if twice is not None:
                times = "twice" if twice[-1] == 2 else f"{twice[-1]:,} times"
                return (f"The {table} table of the database {path} holds "
                        f"{_row(table, twice)} {times} (another program rebuilt it without its "
                        "key), so ChipScope cannot tell which one holds; rebuild the table "
                        f"with its PRIMARY KEY ({', '.join(key)}) with an SQLite tool, keeping "
                        "one, or restore a copy.")
    return None


def unsaveable(conn: sqlite3.Connection, path: object, own: frozenset[str]) -> str | None:
    """The sentence naming the first of ChipScope's own tables (``own``) that another program
    changed so that no save can work (its reads are fine); None when there is none. A table the
    file lacks is fine (a build has no lineage, an older file no autosave: the first write
    makes it). SQLite errors reading the file's schema are the caller's (damage)."""
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, _table, _sql in objects:
        if kind == "index" and sql_name(name) in own:
            return (f"The database {path} has an index named {quoted(str(name))}, the name of a "
                    "table ChipScope makes (another program changed it), so ChipScope cannot "
                    "save to it; drop that index with an SQLite tool or restore a copy.")
    if (problem := _lineage_problem(objects, path)) is not None:
        return problem
    for table, key in KEYS.items():
        if _lost_key(conn, table):
            return (f"The database {path} cannot be saved to: its table {table!r} lost its key "
                    f"({', '.join(key)}): another program rebuilt it without its PRIMARY KEY; "
                    "rebuild the table with its key with an SQLite tool or use another "
                    "database.")
    return None


def _lineage_problem(objects: list[tuple[object, ...]], path: object) -> str | None:
    """Whether the file's lineage table (and its indexes) takes the lineage's insert and
    update: tried on an empty copy of its layout in memory (a missing or extra NOT NULL
    column, a STRICT INTEGER column, a CHECK of another program would fail every save)."""
    layout = [str(sql) for kind, _name, table, sql in objects
              if sql_name(table) == LINEAGE and kind in ("table", "index") and sql]
    if not any(kind == "table" and sql_name(table) == LINEAGE
               for kind, _name, table, _sql in objects):
        return None
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as trial:
        try:
            for sql in sorted(layout, key=lambda s: not s.lstrip().upper().startswith(
                    "CREATE TABLE")):  # the table before its indexes
                trial.execute(sql)
            advance(trial)  # the first write's insert
            advance(trial)  # and every later write's update
        except sqlite3.Error as exc:
            return (f"The database {path} keeps the table 'lineage' with another layout "
                    f"(another program changed it: {shortened(str(exc), 100)}), so ChipScope "
                    "cannot save to it; drop that table with an SQLite tool (the next save "
                    "makes it anew) or restore a copy.")
    return None


def _lost_key(conn: sqlite3.Connection, table: str) -> bool:
    """Whether ``table``, with all its columns, lost the unique key its upserts need (another
    program rebuilt it, ``CREATE TABLE ... AS SELECT``, say). False for a table the file lacks
    or one of another layout (a column missing: named by its reader)."""
    quoted_table = quote_ident(table)
    info = conn.execute(f"PRAGMA table_info({quoted_table})").fetchall()
    if not {c.lower() for c in COLUMNS[table]} <= {str(r[1]).lower() for r in info}:
        return False
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
