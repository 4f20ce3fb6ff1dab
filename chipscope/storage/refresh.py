"""Bring a newer bundled dataset into the user's database, keeping the user's scenarios and
data edits.

The user's database starts as a copy of the bundled one. When ChipScope is upgraded, the
bundled dataset may be newer: its data tables (the base) replace the user's copy in one
transaction, while every scenario the user saved stays as it was (presets are files now: the
scenarios table is not touched), and so do the user's data edits: they live in their own
``user_edits`` table (:mod:`chipscope.storage.user_edits`), an overlay applied over the base on
every load. An edit whose bundled row changed or vanished in the new base is a conflict: kept,
not applied, and reported (:func:`chipscope.storage.overlay.conflict_lines`).

Only a NEWER bundled dataset refreshes: its ``meta`` date (then its ``meta`` version) must be
later than the user's. Data that are as new or newer (a later dataset built with
``chipscope data build``), or whose date cannot be read, are never replaced.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from chipscope.model.dataset import TABLES
from chipscope.storage.schema import quote_ident, write_transaction


def _stamp(conn: sqlite3.Connection, schema: str = "main") -> str:
    """A digest of every data table's contents (the dataset is small: a few ms)."""
    digest = hashlib.sha256()
    for name, table in TABLES.items():
        cols = ", ".join(quote_ident(c) for c in table.column_names)
        for row in conn.execute(f"SELECT {cols} FROM {schema}.{quote_ident(name)} ORDER BY rowid"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _release(conn: sqlite3.Connection, schema: str) -> tuple[date, int] | None:
    """(date, version) of a database's dataset from its ``meta`` table; None if unreadable."""
    rows = dict(conn.execute(f"SELECT key, value FROM {schema}.meta").fetchall())
    try:
        when = date.fromisoformat(str(rows.get("date", "")).strip())
    except ValueError:
        return None
    try:
        version = int(str(rows.get("version", "0")).strip() or 0)
    except ValueError:
        version = 0
    return when, version


def bundled_is_newer(conn: sqlite3.Connection) -> bool:
    """Whether the attached ``bundled`` dataset is a later release than ``main``'s."""
    mine, theirs = _release(conn, "main"), _release(conn, "bundled")
    return mine is not None and theirs is not None and theirs > mine


def refresh_from_bundled(user_db: Path, bundled_db: Path) -> bool:
    """Replace the user database's data tables with the bundled ones if the bundled dataset is
    a newer release (see the module docstring) and their contents differ. Saved scenarios are
    kept.

    Returns True when the data were refreshed. Both files must already be current ChipScope
    databases (``upgrade_in_place`` has run on the user's).
    """
    if Path(user_db).resolve() == Path(bundled_db).resolve():
        return False
    bundled_uri = Path(bundled_db).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(Path(user_db).resolve().as_uri(), uri=True,
                                 isolation_level=None)) as conn:
        # The bundled file is attached read-only: it is never written.
        conn.execute("ATTACH DATABASE ? AS bundled", (bundled_uri,))
        try:
            if not bundled_is_newer(conn) or _stamp(conn) == _stamp(conn, "bundled"):
                return False
            with write_transaction(conn):
                for name, table in TABLES.items():
                    cols = ", ".join(quote_ident(c) for c in table.column_names)
                    conn.execute(f"DELETE FROM main.{quote_ident(name)}")
                    conn.execute(f"INSERT INTO main.{quote_ident(name)} ({cols}) "
                                 f"SELECT {cols} FROM bundled.{quote_ident(name)} ORDER BY rowid")
            return True
        finally:
            conn.execute("DETACH DATABASE bundled")
