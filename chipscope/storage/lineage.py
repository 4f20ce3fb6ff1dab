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
included, has neither (:func:`journal_match`). A built dataset has no row (builds stay
byte for byte reproducible); its first write adds one.

A copy forked at *g* and written once since has previous *g* too (pass 14, A1), so the new
generation starts with the nonce of the write's own journal (its first header, random per
transaction): a file whose lineage row this very write reached says so ("signed"); a match on
*g* alone is only a hint, which :func:`chipscope.storage.journal.journal_belongs` checks
against page 1 and the file's size. A file without a row proves nothing: another tool may have
dropped or emptied the table, whose stale values the next write reuses and journals (pass 15,
D1); the header tests decide, and a row that write made anew is signed by its nonce too.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Literal

TABLE = "lineage"
GENERATION = "csgen:"
PREVIOUS = "csprev:"
_DDL = (f"CREATE TABLE IF NOT EXISTS main.{TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "generation TEXT NOT NULL, previous TEXT NOT NULL)")
_FOUND = re.compile(re.escape(GENERATION.encode()) + rb"([0-9a-f]{32})")
Match = Literal["foreign", "signed", "generation", "previous"]


def journal_path(db_path: Path) -> Path:
    """The rollback journal SQLite keeps beside ``db_path`` during a write: beside the file a
    symlink leads to, as SQLite resolves the database's name (a linked database's journal is
    never beside the link)."""
    path = Path(os.path.realpath(db_path))
    return path.with_name(path.name + "-journal")


def _nonce(journal: bytes) -> str:
    """The random nonce of a journal's first header (bytes 12-15), in hex; "" without one."""
    return journal[12:16].hex() if len(journal) >= 28 else ""


def _own_nonce(conn: sqlite3.Connection) -> str:
    """The nonce of the journal the open write transaction on ``conn`` has started (page 1 is
    in it already), or "" when there is none to read (an in-memory database, another mode)."""
    for _seq, name, file in conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            try:
                with open(journal_path(Path(file)), "rb") as handle:
                    return _nonce(handle.read(28))
            except OSError:
                return ""
    return ""


def advance(conn: sqlite3.Connection) -> None:
    """Move the lineage on, inside the caller's write transaction (the table is made in a
    file that has none); the new generation starts with the journal's nonce."""
    conn.execute(_DDL)
    row = conn.execute(f"SELECT generation FROM main.{TABLE} WHERE id = 1").fetchone()
    nonce = _own_nonce(conn)
    new = GENERATION + (nonce or secrets.token_hex(4)) + secrets.token_hex(12)
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


def journal_match(path: Path, journal: bytes) -> Match | None:
    """How the lineage of the database at ``path`` relates to ``journal``: "foreign" (not the
    database it was written for), "signed" (the file's lineage row was written by this very
    write: proof), "generation" (the file has the generation the write started from) or
    "previous" (the file was written once since that generation, by this write or by a copy
    forked there: a hint only). None when it cannot tell (the journal holds no lineage value: a
    write of another program or of an older ChipScope; the file has no lineage row, or cannot
    be read)."""
    found = {m.decode() for m in _FOUND.findall(journal)}
    if not found:
        return None
    mine = _file_lineage(path)
    if not isinstance(mine, tuple):
        # No row (or unreadable) is no proof either way: a lineage table dropped or emptied by
        # another tool leaves its old values in free pages, which the next write reuses and
        # journals (pass 15, D1); the header and page-1 tests decide.
        return None
    generation, previous = mine
    nonce = _nonce(journal)
    signed = bool(nonce) and generation.startswith(nonce)
    if previous in found:
        return "signed" if signed else "previous"
    if signed and not previous:  # a row this write made anew (the table had been dropped)
        return "signed"
    return "generation" if generation in found else "foreign"


def unsigned_row(path: Path, journal: bytes) -> bool:
    """Whether the database at ``path`` has a lineage row that the write of ``journal`` did not
    make (its generation does not start with the journal's nonce)."""
    mine = _file_lineage(path)
    nonce = _nonce(journal)
    return isinstance(mine, tuple) and not (nonce and mine[0].startswith(nonce))


def has_table(image: bytes | None) -> bool | None:
    """Whether the database whose bytes are ``image`` has a lineage table; None when it cannot
    be told (no image, or not one SQLite reads)."""
    if image is None:
        return None
    try:
        with closing(sqlite3.connect(":memory:")) as conn:
            conn.deserialize(image)
            return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (TABLE,)).fetchone() is not None
    except (sqlite3.Error, OverflowError, ValueError):
        return None
