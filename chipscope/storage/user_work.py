"""What a rebuild (``chipscope data build``) would delete from a ChipScope database: the user's
own work (saved scenarios, autosave, data edits) and any table with rows that ChipScope does not
know (another program's, or one of the user's tables renamed: pass 54 F1). Counted once, here,
for the build's refusal (:mod:`chipscope.storage.build_target`) and for the advice of every
reader that refuses a database another program changed (:mod:`chipscope.storage.database`:
"rebuild it" only when there is nothing to lose, pass 53 F2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chipscope.model.dataset import TABLES
from chipscope.storage.read_connection import connect_read_only
from chipscope.storage.schema import StorageError, quote_ident, sql_name, table_names

OWN_TABLES = frozenset({*TABLES, "scenarios", "autosave", "user_edits", "lineage"})
"""Every table ChipScope keeps in a database (a view by one of these names stands in for it)."""


def user_work(conn: sqlite3.Connection) -> str | None:
    """What a rebuild would delete from ``conn``, in words (None: nothing): the user's saved
    scenarios, autosave and data edits, and each table with rows ChipScope does not know. A
    rebuild recreates only ChipScope's dataset tables and preset scenarios."""
    tables = table_names(conn)
    # Each table counted on its own, so one another program changed (scenarios without its
    # is_preset column: every row may be the user's) does not hide the others (pass 53 F1).
    saved = _count(conn, "scenarios", tables, "is_preset = 0")
    autosave = _count(conn, "autosave", tables) > 0
    edits = _count(conn, "user_edits", tables)
    parts = ([f"{saved} saved scenario{'s' if saved != 1 else ''}"] if saved else []) + (
        ["an autosave"] if autosave else []) + (
        [f"{edits} data edit{'s' if edits != 1 else ''}"] if edits else [])
    if unknown := unknown_tables(conn):
        parts.append(unknown)
    if not parts:
        return None
    return f"it holds {' and '.join(parts)}, which a rebuild would delete"


def unknown_tables(conn: sqlite3.Connection) -> str | None:
    """"a table 'ue_old' (1 row) that ChipScope does not know" (or "tables 'a' (2 rows) and
    'b' (1 row) that ..."): the tables with rows a rebuild would delete; None when there is none."""
    if not (unknown := _unknown_tables(conn)):
        return None
    named = " and ".join(f"{name!r} ({rows} row{'s' if rows != 1 else ''})"
                         for name, rows in unknown)
    return f"{'a table' if len(unknown) == 1 else 'tables'} {named} that ChipScope does not know"


def unknown_tables_note(db_path: Path) -> str:
    """"; the database also holds a table 'ue_old' (1 row) that ChipScope does not know" for a
    reader that found no data edits in ``db_path`` (a renamed ``user_edits`` table keeps them,
    pass 55 F6); "" when there is no such table or the tables cannot be read."""
    try:
        with connect_read_only(db_path) as conn:
            unknown = unknown_tables(conn)
    except (StorageError, sqlite3.Error):
        return ""
    return f"; the database also holds {unknown}" if unknown else ""


def _unknown_tables(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Each table with rows that is none of ChipScope's (nor SQLite's own ``sqlite_*``), with
    its row count, by name; one that cannot be read is left out (nothing of it can be kept)."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                        "ORDER BY name").fetchall()
    found = []
    for (name,) in rows:
        name = str(name)
        if sql_name(name) in OWN_TABLES or sql_name(name).startswith("sqlite_"):
            continue
        try:
            count = int(conn.execute(f"SELECT COUNT(*) FROM {quote_ident(name)}").fetchone()[0])
        except sqlite3.Error:
            continue
        if count:
            found.append((name, count))
    return found


def _count(conn: sqlite3.Connection, table: str, tables: set[str],
           where: str | None = None) -> int:
    """The rows of ``table`` (those ``where`` picks, or every row when that column is gone);
    0 when the table is missing or cannot be read at all."""
    if table not in tables:
        return 0
    for sql in ([f"SELECT COUNT(*) FROM {table} WHERE {where}"] if where else []) + [
            f"SELECT COUNT(*) FROM {table}"]:
        try:
            return int(conn.execute(sql).fetchone()[0])
        except sqlite3.Error:
            continue
    return 0
