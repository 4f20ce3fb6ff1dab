"""The user's own work in a ChipScope database (saved scenarios, autosave, data edits), which
a rebuild (``chipscope data build``) would delete: counted once, here, for the build's refusal
(:mod:`chipscope.storage.build_target`) and for the advice of every reader that refuses a
database another program changed (:mod:`chipscope.storage.database`: "rebuild it" only when
there is nothing of the user's to lose, pass 53 F2)."""

from __future__ import annotations

import sqlite3

from chipscope.storage.schema import table_names


def user_work(conn: sqlite3.Connection) -> str | None:
    """The user's saved scenarios, autosave and data edits in ``conn``, in words (None: none)."""
    tables = table_names(conn)
    # Each table counted on its own, so one another program changed (scenarios without its
    # is_preset column: every row may be the user's) does not hide the others (pass 53 F1).
    saved = _count(conn, "scenarios", tables, "is_preset = 0")
    autosave = _count(conn, "autosave", tables) > 0
    edits = _count(conn, "user_edits", tables)
    if not saved and not autosave and not edits:
        return None
    parts = ([f"{saved} saved scenario{'s' if saved != 1 else ''}"] if saved else []) + (
        ["an autosave"] if autosave else []) + (
        [f"{edits} data edit{'s' if edits != 1 else ''}"] if edits else [])
    return f"it holds {' and '.join(parts)}, which a rebuild would delete"


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
