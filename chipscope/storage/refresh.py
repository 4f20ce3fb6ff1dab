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
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

from chipscope.model.dataset import TABLES
from chipscope.model.table_checks import iso_date
from chipscope.storage.errors import busy_timeout
from chipscope.storage.schema import quote_ident, write_transaction


def _stamp(conn: sqlite3.Connection, schema: str = "main") -> str:
    """A digest of every data table's contents (the dataset is small: a few ms)."""
    digest = hashlib.sha256()
    for name, table in TABLES.items():
        cols = ", ".join(quote_ident(c) for c in table.column_names)
        for row in conn.execute(f"SELECT {cols} FROM {schema}.{quote_ident(name)} ORDER BY rowid"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _release(conn: sqlite3.Connection, schema: str) -> tuple[date, int | None] | None:
    """(date, version) of a database's dataset from its ``meta`` table; None if the date is
    unreadable, a version None if it is missing or not a whole number written in digits."""
    rows = dict(conn.execute(f"SELECT key, value FROM {schema}.meta").fetchall())
    when = iso_date(str(rows.get("date", "")).strip())  # the rule data check applies
    if when is None:
        return None
    text = str(rows.get("version", "")).strip()
    return when, int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def bundled_is_newer(conn: sqlite3.Connection) -> bool:
    """Whether the attached ``bundled`` dataset is a later release than ``main``'s: a later
    date, or the same date and a higher version. A version that cannot be read never counts
    as older: "2.0" or "v2" read as 0 had the user's newer data replaced (pass 114 F1)."""
    mine, theirs = _release(conn, "main"), _release(conn, "bundled")
    if mine is None or theirs is None or theirs[0] != mine[0]:
        return mine is not None and theirs is not None and theirs[0] > mine[0]
    return mine[1] is not None and theirs[1] is not None and theirs[1] > mine[1]


def refresh_from_bundled(user_db: Path, bundled_db: Path,
                         check_bundled: Callable[[], None] = lambda: None) -> bool:
    """Replace the user database's data tables with the bundled ones if the bundled dataset is
    a newer release (see the module docstring) and their contents differ. Saved scenarios are
    kept.

    ``check_bundled`` raises (and nothing is written) when the bundled dataset is not sound: it
    runs before the bundled data replace the user's, and when the bundled file cannot even be
    compared with the user's (then the comparison's own error follows if it passes).

    Returns True when the data were refreshed. The user's database must already be a current
    ChipScope database (``upgrade_in_place`` has run on it).
    """
    if Path(user_db).resolve() == Path(bundled_db).resolve():
        return False
    bundled_uri = Path(bundled_db).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(Path(user_db).resolve().as_uri(), uri=True,
                                 isolation_level=None, timeout=busy_timeout(user_db))) as conn:
        try:
            # The bundled file is attached read-only: it is never written.
            conn.execute("ATTACH DATABASE ? AS bundled", (bundled_uri,))
        except sqlite3.DatabaseError:
            check_bundled()
            raise
        try:
            try:
                wanted = bundled_is_newer(conn) and _stamp(conn) != _stamp(conn, "bundled")
            except sqlite3.DatabaseError:  # no meta or data table in the bundled file...
                check_bundled()  # ...is reported as the damaged installation it is
                raise
            if not wanted:
                return False
            check_bundled()  # invalid bundled data never replace the user's
            with write_transaction(conn):
                for name, table in TABLES.items():
                    cols = ", ".join(quote_ident(c) for c in table.column_names)
                    conn.execute(f"DELETE FROM main.{quote_ident(name)}")
                    conn.execute(f"INSERT INTO main.{quote_ident(name)} ({cols}) "
                                 f"SELECT {cols} FROM bundled.{quote_ident(name)} ORDER BY rowid")
            return True
        finally:
            conn.execute("DETACH DATABASE bundled")
