"""The SQLite layout of a ChipScope database: tables, version, application id, migrations.

A ChipScope database holds the dataset tables of :data:`chipscope.model.dataset.TABLES` with
typed columns, and a ``scenarios`` table of saved assumption sets. Two header fields identify it:

* ``PRAGMA application_id`` is :data:`APPLICATION_ID`, so a foreign SQLite file is recognised
  before any table is read;
* ``PRAGMA user_version`` is the schema version. :func:`migrate` steps an older file up to
  :data:`SCHEMA_VERSION`; a newer file is refused, never downgraded.

Schema history
--------------
0. Pre-release: the dataset tables only, no application id, no ``scenarios`` table.
1. ``scenarios`` table; application id set.
2. ``chips.only_for`` and ``chips.not_for`` (export variants and export controls).
3. Budgets and export rules by year (tables ``budgets``, ``export_rules``) and reported
   figures to check the model against (``reported``); deals gain
   ``firmness``, ``start_fraction`` and ``host_id``; vendors gain ``owner_id`` (own silicon).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from chipscope.model.dataset import TABLES, ColumnType, Table
from chipscope.storage.lineage import advance

SCHEMA_VERSION = 3
"""Version written by this ChipScope (``PRAGMA user_version``)."""

APPLICATION_ID = 0x43485053
"""``PRAGMA application_id`` of every ChipScope database: the ASCII bytes "CHPS"."""

SQLITE_HEADER = b"SQLite format 3\x00"

SQL_TYPES: dict[ColumnType, str] = {"str": "TEXT", "int": "INTEGER", "float": "REAL",
                                    "bool": "INTEGER"}

SCENARIOS_DDL = """
CREATE TABLE IF NOT EXISTS scenarios (
    name TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    values_json TEXT NOT NULL,
    is_preset INTEGER NOT NULL DEFAULT 0 CHECK (is_preset IN (0, 1)),
    updated_at TEXT NOT NULL
)
"""


class StorageError(Exception):
    """A database cannot be used. The message is one sentence a user can act on.

    ``cause``: what is wrong, without what to do; for an error about one file (why a database
    cannot be loaded), the clause that follows its name ("is not a ChipScope database (it is
    not an SQLite file)"), which another sentence naming that file reuses ("FILE, which
    <cause>"). ``advice``: what the message says to do. Either is None when not given (then
    only the whole message says it)."""

    def __init__(self, message: str, cause: str | None = None,
                 advice: str | None = None) -> None:
        super().__init__(message)
        self.cause = cause
        self.advice = advice

    @classmethod
    def about(cls, subject: str, cause: str, advice: str | None = None) -> Self:
        """The error "<subject> <cause>; <advice>." ("<subject> <cause>." without advice),
        ``subject`` naming the file ("The database PATH"), its cause and advice kept apart."""
        ending = f"; {advice}." if advice else "."
        return cls(f"{subject} {cause}{ending}", cause, advice)


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (table and column names come from TABLES, never from users).

    In backquotes, not double quotes: SQLite reads a double-quoted name that is no column of
    the table as a string literal, so ``SELECT "description" FROM deals`` on a table without
    that column gives the text 'description' in every row; a backquoted one is always a name
    (an error "no such column" instead)."""
    return "`" + name.replace("`", "``") + "`"


def columns_at(table: Table, version: int = SCHEMA_VERSION) -> list[str]:
    """The names of ``table``'s columns in a database of schema ``version``."""
    later = {c for v, added in COLUMNS_ADDED.items() if v > version
             for c in added.get(table.name, ())}
    return [c.name for c in table.columns if c.name not in later]


def table_ddl(table: Table, version: int = SCHEMA_VERSION) -> str:
    """``CREATE TABLE`` statement of one dataset table, with typed columns and its key, as a
    database of schema ``version`` has it."""
    cols = []
    present = set(columns_at(table, version))
    for col in table.columns:
        if col.name not in present:
            continue
        # Optional numbers are NULL when absent; optional text is stored as ''.
        not_null = " NOT NULL" if col.required or col.type == "str" else ""
        cols.append(f"{quote_ident(col.name)} {SQL_TYPES[col.type]}{not_null}")
    key = ", ".join(quote_ident(k) for k in table.key)
    cols.append(f"PRIMARY KEY ({key})")
    return f"CREATE TABLE {quote_ident(table.name)} (\n    " + ",\n    ".join(cols) + "\n)"


def missing_columns(conn: sqlite3.Connection, version: int) -> dict[str, list[str]]:
    """Data table -> the columns a database of schema ``version`` must have there but does not
    (another program dropped or renamed them); tables the database lacks are not listed."""
    out: dict[str, list[str]] = {}
    for name, table in TABLES.items():
        have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({quote_ident(name)})")}
        lacking = [c for c in columns_at(table, version) if c not in have]
        if have and lacking:  # no columns at all: no such table (reported as missing)
            out[name] = lacking
    return out


def required_tables(version: int) -> set[str]:
    """Tables a database of schema ``version`` must contain."""
    later = {t for v, added in TABLES_ADDED.items() if v > version for t in added}
    tables = set(TABLES) - later
    if version >= 1:
        tables.add("scenarios")
    return tables


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table of the current schema and stamp the header (inside a transaction)."""
    for table in TABLES.values():
        conn.execute(table_ddl(table))
    conn.execute(SCENARIOS_DDL)
    stamp(conn, SCHEMA_VERSION)


def stamp(conn: sqlite3.Connection, version: int) -> None:
    # PRAGMA values cannot be bound parameters; both are ints from this module.
    conn.execute(f"PRAGMA application_id = {int(APPLICATION_ID)}")
    conn.execute(f"PRAGMA user_version = {int(version)}")


def read_version(conn: sqlite3.Connection) -> tuple[int, int]:
    """(application_id, user_version) of an open database."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return app_id, version


def sql_name(name: object) -> str:
    """A table name as SQLite compares it: ASCII letters in any case are the same (``DEALS``
    is ``deals``), other characters are not folded."""
    return "".join(ch.lower() if ch.isascii() else ch for ch in str(name))


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The database's table names as SQLite compares them (:func:`sql_name`): a table renamed
    only in case is still found."""
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except UnicodeDecodeError:  # a damaged schema page: reported as damage, like SQLite's own
        raise sqlite3.DatabaseError("its schema holds text that is not UTF-8") from None
    return {sql_name(r[0]) for r in rows}


def read_rows(conn: sqlite3.Connection, table: str, path: object, sql: str,
              params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql``, a query of ``table`` (``scenarios`` or ``autosave``, which another
    program may have made with another layout). StorageError naming the table and the database
    ``path`` if SQLite cannot run it (a missing column...)."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "decode to utf-8" not in str(exc).lower():
            raise StorageError.about(f"The {table} table of the database {path}",
                                     f"has another layout than ChipScope's ({exc})",
                                     REBUILD_TABLE_ADVICE) from None
        raise _not_utf8(table, path) from None
    except UnicodeDecodeError:
        raise _not_utf8(table, path) from None


def _not_utf8(table: str, path: object) -> StorageError:
    return StorageError(f"The {table} table of the database {path} holds text that is not "
                        "UTF-8 (damaged, or written by another program).")


@contextmanager
def write_transaction(conn: sqlite3.Connection, lineage: bool = True) -> Iterator[None]:
    """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    The connection must be in autocommit mode (``isolation_level=None``) so that DDL and
    PRAGMA writes are part of the transaction too. Inside a transaction already open, it joins
    that one (whoever opened it commits or rolls back). ``lineage`` (all but a build, which
    stays reproducible) moves the file's lineage on (:mod:`chipscope.storage.lineage`).
    """
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Page 1 goes into the journal first (an unchanged header field, rewritten): a crash's
        # journal then always names the file it belongs to (chipscope.storage.journal).
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA main.user_version = {version}")
        if lineage:  # then the page naming this file's lineage: see chipscope.storage.lineage
            advance(conn)
        yield
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk, say): a second
        # ROLLBACK would fail and hide the real cause.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# --- migrations: MIGRATIONS[n] turns a version-n database into version n + 1 --------------------
def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(SCENARIOS_DDL)


COLUMNS_ADDED: dict[int, dict[str, tuple[str, ...]]] = {
    2: {"chips": ("only_for", "not_for")},
    3: {"deals": ("firmness", "start_fraction", "host_id"), "vendors": ("owner_id",),
        "chips": ("dense_8bit_tflops",)},
}
"""Schema version -> table -> the data columns that version added (older files lack them)."""

TABLES_ADDED: dict[int, tuple[str, ...]] = {3: ("budgets", "export_rules", "reported")}
"""Schema version -> the dataset tables that version added (older files lack them)."""


def _add_columns(conn: sqlite3.Connection, version: int) -> None:
    """Add the data columns ``version`` introduced, with their empty default ('' for text,
    NULL for numbers), where a file does not have them yet."""
    for name, columns in COLUMNS_ADDED[version].items():
        have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({quote_ident(name)})")}
        table = TABLES[name]
        for col in table.columns:
            if col.name in columns and col.name not in have:
                sql_type = SQL_TYPES[col.type]
                default = " NOT NULL DEFAULT ''" if col.type == "str" else ""
                conn.execute(f"ALTER TABLE {quote_ident(name)} ADD COLUMN "
                             f"{quote_ident(col.name)} {sql_type}{default}")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    _add_columns(conn, 2)


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    have = table_names(conn)
    for name in TABLES_ADDED[3]:
        if name not in have:
            conn.execute(table_ddl(TABLES[name]))
    _add_columns(conn, 3)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _migrate_0_to_1,
                                                                1: _migrate_1_to_2,
                                                                2: _migrate_2_to_3}


KEEP_WORK_ADVICE = "restore a copy, or build a new database into another file (--out)"
"""What to do with a database ChipScope refuses that may still hold the user's saved work:
never "rebuild it" over it (``data build`` refuses to replace a file holding any; pass 53 F2)."""

REBUILD_TABLE_ADVICE = ("rebuild the table with ChipScope's layout with an SQLite tool or "
                        "restore a copy")
"""What to do with a table of ChipScope's that another program gave another layout (its rows
are the user's: a rebuild of the database would delete them; pass 53 F7)."""


def version_refusal(version: int, path: Path | None = None) -> StorageError | None:
    """Why a database at schema ``version`` cannot be opened, with what to do (None: it can).
    A newer one is whole, from a newer ChipScope: update. A negative one no ChipScope writes:
    the file is damaged or another program changed it (as :func:`~chipscope.storage.database.
    damaged`): restore a copy, or build a new database into another file - its saved work may
    still be there, so ``data build`` refuses to replace it while it holds any)."""
    named = f"The database {path}" if path is not None else "The database"
    if version > SCHEMA_VERSION:
        cause = (f"was made by a newer ChipScope (schema version {version}; this version reads "
                 f"up to {SCHEMA_VERSION})")
        advice = "update ChipScope to open it"
        return StorageError(f"{named} {cause}: {advice}.", cause, advice)
    if version >= 0:
        return None
    return StorageError.about(named, f"has schema version {version}, which no ChipScope "
                              "writes: it is damaged or another program changed it",
                              KEEP_WORK_ADVICE)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a ChipScope database up to :data:`SCHEMA_VERSION` in one transaction.

    Parameters
    ----------
    conn : sqlite3.Connection
        A writable connection in autocommit mode (``isolation_level=None``) to a database
        already recognised as ChipScope's (see ``repository.inspect_database``).

    Returns
    -------
    int
        The version the database had before migrating.

    Raises
    ------
    StorageError
        If the database is newer than this ChipScope.
    """
    _, version = read_version(conn)
    if (refusal := version_refusal(version)) is not None:
        raise refusal
    if version == SCHEMA_VERSION:
        return version
    with write_transaction(conn):  # or the caller's: the migration is undone if it fails
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        stamp(conn, SCHEMA_VERSION)
    return version
