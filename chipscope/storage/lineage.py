"""Which database a rollback journal was written for: a lineage row every ChipScope write
advances (pass 12, A4b).

A journal keeps the original of every page a transaction changed; SQLite plays it back into
whatever file sits under the database's name. A killed save's journal beside a database
restored from another machine, or a fresh copy, was played into that file when its header
happened to match (the same page size and application id, a change counter one higher): its
scenarios were lost. The header cannot tell two copies of the bundled database apart.

So every write transaction (:func:`chipscope.storage.schema.write_transaction`) moves the
one row of the ``lineage`` table on: ``previous`` takes the old ``generation``, and
``generation`` a new random value. The journal then holds the page with the old generation
*g*. The database it was written for has either not been written yet (its generation is
*g*) or has (its previous is *g*); any other database, a restored backup of the same one
included, has neither (:func:`journal_verdict`). A built dataset has no row (builds stay
byte for byte reproducible); its first write adds one.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

TABLE = "lineage"
GENERATION = "csgen:"
PREVIOUS = "csprev:"
_DDL = (f"CREATE TABLE IF NOT EXISTS main.{TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "generation TEXT NOT NULL, previous TEXT NOT NULL)")
_FOUND = re.compile(re.escape(GENERATION.encode()) + rb"([0-9a-f]{32})")


def advance(conn: sqlite3.Connection) -> None:
    """Move the lineage on, inside the caller's write transaction (the table is made in a
    file that has none)."""
    conn.execute(_DDL)
    row = conn.execute(f"SELECT generation FROM main.{TABLE} WHERE id = 1").fetchone()
    new = GENERATION + secrets.token_hex(16)
    if row is None:
        conn.execute(f"INSERT INTO main.{TABLE} (id, generation, previous) VALUES (1, ?, '')",
                     (new,))
    else:
        old = str(row[0]).removeprefix(GENERATION)
        conn.execute(f"UPDATE main.{TABLE} SET previous = ?, generation = ? WHERE id = 1",
                     (PREVIOUS + old, new))


def _file_lineage(path: Path) -> tuple[str, str] | bool | None:
    """(generation, previous) of the database at ``path``, read as it is on disk (the journal
    beside it ignored, nothing written); False when it has no lineage row; None when it cannot
    be read (a half-written file)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (TABLE,)).fetchone() is None:
                return False
            row = conn.execute(f"SELECT generation, previous FROM {TABLE} WHERE id = 1"
                               ).fetchone()
    except (sqlite3.Error, OSError, ValueError):
        return None
    if row is None:
        return False
    return (str(row[0]).removeprefix(GENERATION), str(row[1]).removeprefix(PREVIOUS))


def journal_verdict(path: Path, journal: bytes) -> bool | None:
    """Whether ``journal`` was written for the database at ``path``, by the lineage: True or
    False, or None when it cannot tell (the journal holds no lineage page: a write of another
    program or of an older ChipScope, or the file cannot be read)."""
    found = {m.decode() for m in _FOUND.findall(journal)}
    if not found:
        return None
    mine = _file_lineage(path)
    if mine is None:
        return None
    if isinstance(mine, bool):  # the journal's database had a lineage; this file has none
        return False
    generation, previous = mine
    return generation in found or previous in found
