"""The user's data edits in the ``user_edits`` table of their database: an overlay on the
bundled tables (see :mod:`chipscope.model.edits`).

One row per edited (table, key): the operation (add / edit / retire), the row's cells as JSON,
the source the user cites (citation, URL, date, licence), confidence, when it was made, and
the digest of the bundled row it was made against. The data tables themselves stay a copy of
the bundled ones, so a newer bundled dataset can replace them (:mod:`chipscope.storage.refresh`)
and the edits are applied again over it on every load.

The table is created on the first edit (``CREATE TABLE IF NOT EXISTS`` through sqlite-utils),
not by a schema migration: a database without it simply has no edits, and an older ChipScope
opening a database with it ignores it (and keeps it). Writes are one ``INSERT ... ON CONFLICT DO
UPDATE`` (an upsert on the (table, key) primary key) inside one ``BEGIN IMMEDIATE`` transaction,
in plain SQL, so that every SQLite error (a full disk above all) reaches the caller: sqlite-utils'
``upsert_all`` first probes SQLite's features in a throw-away table, took a full disk there for
"not supported", and its fallback then wrote nothing and reported success.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from chipscope import paths
from chipscope.model.edits import (
    EDITABLE,
    KEY_SEP,
    OPERATIONS,
    Edit,
    EditSource,
    key_columns,
    key_fields,
    key_of,
)
from chipscope.model.shell_words import drop_edit_command, shell_command
from chipscope.model.text_rules import quoted, shortened
from chipscope.storage import own_layout
from chipscope.storage.database import inspect_database, open_current
from chipscope.storage.errors import EditsChanged, busy_timeout, refuse_read_only, write_failed
from chipscope.storage.hard_links import refuse_hard_linked
from chipscope.storage.recovery import roll_back_interrupted_write
from chipscope.storage.schema import (
    StorageError,
    migrate,
    read_rows,
    table_names,
    write_transaction,
)

EDITS_TABLE = "user_edits"
COLUMNS: dict[str, type] = {
    "table_name": str, "row_key": str, "operation": str, "fields_json": str, "citation": str,
    "url": str, "retrieved": str, "licence": str, "confidence": str, "created_at": str,
    "base_digest": str, "source_id": str,
}
PK = ("table_name", "row_key")
MAX_EDITS = 10_000  # edits one database holds: applying them on every load stays fast
MAX_FIELDS_JSON = 1_000_000  # characters of one edit's cells as JSON

_UPSERT = own_layout.EDITS_UPSERT  # the write data check tries too (pass 17, D1)


def ensure_table(conn: sqlite3.Connection) -> None:
    """Create ``user_edits`` if the database has none (inside the caller's transaction)."""
    # sqlite-utils' create is plain DDL (no feature probe), the same layout as ever.
    sqlite_utils.Database(conn)[EDITS_TABLE].create(  # type: ignore[union-attr]
        COLUMNS, pk=PK, not_null=set(COLUMNS), defaults={"base_digest": "", "source_id": ""},
        if_not_exists=True)


def _record(edit: Edit) -> dict[str, Any]:
    s = edit.source
    return {"table_name": edit.table, "row_key": edit.key, "operation": edit.operation,
            "fields_json": json.dumps(dict(edit.fields), ensure_ascii=False, sort_keys=True),
            "citation": s.citation, "url": s.url, "retrieved": s.retrieved,
            "licence": s.licence, "confidence": edit.confidence,
            "created_at": edit.created_at, "base_digest": edit.base_digest,
            "source_id": s.existing_id}


def edit_from_record(rec: dict[str, Any], where: str) -> Edit:
    """An :class:`Edit` from a stored or exported record; StorageError naming ``where``."""
    table, op = str(rec.get("table_name", "")), str(rec.get("operation", ""))
    if table not in EDITABLE:
        raise StorageError(f"{where}: table {quoted(table)} cannot be edited "
                           f"({', '.join(EDITABLE)})")
    if op not in OPERATIONS:
        raise StorageError(f"{where}: operation {quoted(op)} is not one of {', '.join(OPERATIONS)}")
    text = str(rec.get("fields_json", ""))
    if not text.strip():  # json's own words: "Expecting value"
        raise StorageError(f"{where}: fields_json is empty; a retire takes {{}}" if op == "retire"
                           else f"{where}: fields_json is empty; an {op} takes the whole row as "
                           'a JSON object ({"column": "value", ...})')
    cells = _cells(text, where)
    key = str(rec.get("row_key", ""))
    columns = key_columns(table)
    if not cells and op == "retire":  # the key alone names the row
        if key.count(KEY_SEP) < len(columns) - 1 or "" in key_fields(table, key).values():
            raise StorageError(f"{where}, column row_key: {quoted(key)} does not name a row of "
                               f"{table}: write it {KEY_SEP.join(columns)}")
        cells = key_fields(table, key)
    if key != key_of(table, cells):
        raise StorageError(f"{where}, column row_key: {quoted(key)} is not the row's "
                           f"{'.'.join(columns)} ({quoted(key_of(table, cells))} in fields_json); "
                           "write the same id in both")
    source = EditSource(*(str(rec.get(k, "") or "") for k in ("citation", "url", "retrieved",
                                                               "licence", "source_id")))
    return Edit(table, key, op, cells, source,
                str(rec.get("confidence", "")), str(rec.get("created_at", "")),
                str(rec.get("base_digest", "") or ""))


class _Object(dict[str, Any]):
    """A JSON object, with the names it gives more than once (json keeps the last)."""

    def __init__(self, pairs: list[tuple[str, Any]]):
        super().__init__(pairs)
        self.repeated = [k for k, n in Counter(k for k, _ in pairs).items() if n > 1]


MAX_DIGITS = 4_300  # Python's int() refuses longer integers (sys.get_int_max_str_digits)


class _Written:
    """A JSON number or constant as the file writes it: json makes 1e400 Infinity (pass 40,
    F3: "gives Infinity" of a file holding 1e400) and -0 the integer 0 (pass 41, F1: "the
    number 0" of a file holding -0), and a cell must be text anyway."""

    def __init__(self, text: str, number: bool = True):
        self.text, self.number = text, number

    @classmethod
    def constant(cls, text: str) -> _Written:
        return cls(text, number=False)

    @classmethod
    def integer(cls, text: str) -> _Written:
        """A whole number as written; ValueError past :data:`MAX_DIGITS` digits, as int()."""
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise ValueError(f"an integer of more than {MAX_DIGITS} digits")
        return cls(text)


def _kind(value: object) -> str:
    """What a JSON value other than a string is, in words, as the file writes it."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, _Written):  # -0, 10, 1e400, -1e400, 2.50; NaN, Infinity, -Infinity
        return f"the number {shortened(value.text, 40)}" if value.number else value.text
    return "an object" if isinstance(value, dict) else "a list"


def _cells(text: str, where: str) -> dict[str, str]:
    """The cells of fields_json: a flat JSON object of text (what :func:`_record` writes, the
    cells of a CSV row); StorageError naming ``where`` and the bad column otherwise."""
    if len(text) > MAX_FIELDS_JSON:
        raise StorageError(f"{where}: fields_json is longer than {MAX_FIELDS_JSON:,} characters, "
                           "too long for one row's cells")
    if text.startswith("\ufeff"):
        raise StorageError(f"{where}: fields_json starts with a byte-order mark (U+FEFF); "
                           "remove it: the cell must start with {")
    try:
        fields = json.loads(text, object_pairs_hook=_Object, parse_float=_Written,
                            parse_int=_Written.integer, parse_constant=_Written.constant)
    except json.JSONDecodeError as exc:
        raise StorageError(f"{where}: fields_json is not JSON ({exc.msg})") from None
    except ValueError:  # not a JSONDecodeError: _Written.integer's refusal
        raise StorageError(f"{where}: fields_json holds a number of more than {MAX_DIGITS:,} "
                           "digits, too long for any cell") from None
    except RecursionError:
        raise StorageError(f"{where}: fields_json is nested too deeply (one row's cells are "
                           "a flat JSON object)") from None
    if not isinstance(fields, _Object):
        raise StorageError(f"{where}: fields_json is not a JSON object")
    if fields.repeated:
        name = shortened(fields.repeated[0], 60)
        raise StorageError(f"{where}, column {name}: {name!r} appears more than once in "
                           "fields_json; give each column once")
    for name, value in fields.items():
        if not isinstance(value, str):
            shown = shortened(name, 60)
            raise StorageError(f"{where}, column {shown}: fields_json gives {_kind(value)}, not "
                               "text; write every cell in quotes (\"1\", not 1)")
    return dict(fields)


def read_edits(conn: sqlite3.Connection, where: object = "the database") -> list[Edit]:
    """Every stored edit, oldest first ([] when the database has no ``user_edits``)."""
    if EDITS_TABLE not in table_names(conn):
        return []
    cols = list(COLUMNS)
    count = read_rows(conn, EDITS_TABLE, where, f"SELECT count(*) FROM {EDITS_TABLE}")[0][0]
    if count > MAX_EDITS:  # (drop-edit works over the limit; data diff reads them all)
        drop = _drop_command({"table_name": "TABLE", "row_key": "ID"}, where)
        raise StorageError(f"The {EDITS_TABLE} table of the database {where} holds {count:,} "
                           f"data edits, more than ChipScope handles ({MAX_EDITS:,}); drop "
                           f"some (`{drop}`) or work on another database.")
    rows = read_rows(conn, EDITS_TABLE, where, f"SELECT {', '.join(cols)} FROM {EDITS_TABLE} "
                     "ORDER BY created_at, rowid")
    edits = []
    for i, r in enumerate(rows):
        record = dict(zip(cols, r, strict=True))
        try:
            edits.append(edit_from_record(record, f"{where}, {EDITS_TABLE} row {i + 1}"))
        except StorageError as exc:  # say how to get past it: the other edits are fine
            raise StorageError(f"{exc}. To drop this damaged edit: "
                               f"{_drop_command(record, where)}") from None
    return edits


def _drop_command(record: Mapping[str, object], where: object) -> str:
    """The ``data drop-edit`` command that drops the stored edit ``record``, as a shell runs it."""
    table, key = (str(record.get(k)) for k in ("table_name", "row_key"))
    return drop_edit_command(table, key, where if isinstance(where, Path) else None)


def stored_slots(db_path: Path) -> set[tuple[str, str]]:
    """The (table, key) of every stored edit, read without checking the edits (so that a
    damaged one can still be dropped)."""
    with open_current(Path(db_path)) as conn:
        if EDITS_TABLE not in table_names(conn):
            return set()
        rows = read_rows(conn, EDITS_TABLE, db_path,
                         f"SELECT table_name, row_key FROM {EDITS_TABLE}")
    return {(str(t), str(k)) for t, k in rows}


def list_edits(db_path: Path) -> list[Edit]:
    with open_current(Path(db_path)) as conn:
        return read_edits(conn, db_path)


@contextmanager
def _writable(db_path: Path) -> Iterator[sqlite3.Connection]:
    path = Path(db_path)
    if paths.is_bundled_db(path):
        raise StorageError(f"{path} is the bundled dataset, which is read-only; edits are "
                           "saved in the user database.")
    refuse_read_only(path)  # before SQLite opens it read-write: nothing left beside it
    refuse_hard_linked(path)  # a journal beside another name would not be seen
    try:
        roll_back_interrupted_write(path)
        inspect_database(path, saving=frozenset({"user_edits"}))  # a foreign file: StorageError
        uri = path.resolve().as_uri() + "?mode=rw"
        with (closing(sqlite3.connect(uri, uri=True, isolation_level=None,
                                      timeout=busy_timeout(path))) as conn,
              write_transaction(conn)):
            migrate(conn)
            ensure_table(conn)
            yield conn
    except sqlite3.Error as exc:
        raise write_failed(path, exc) from None


def put_edits(db_path: Path, edits: Iterable[Edit]) -> None:
    """Store the edits (each replaces the edit of its (table, key)) in one transaction; none
    if the database would then hold more than :data:`MAX_EDITS` edits (StorageError)."""
    change_edits(db_path, edits, [])


def change_edits(db_path: Path, puts: Iterable[Edit], removes: Iterable[tuple[str, str]],
                 expected: Mapping[tuple[str, str], Edit | None] | None = None,
                 all_seen: list[Edit] | None = None,
                 left: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Store ``puts`` and forget the edits of ``removes`` (table, key) in one transaction:
    all or none (StorageError), as :func:`put_edits`. ``expected``: the edit (None: none) the
    caller last saw in each (table, key) it changes; if one differs now (another window saved,
    undid or dropped it since) and is not what this change would leave there either,
    EditsChanged and nothing changes. Returns the slots of ``expected`` that already held what
    this change leaves there (an undo of an edit another program dropped since: done already).
    ``all_seen``: every edit the caller read (an import checked against all of them); any
    change since is EditsChanged. ``left``: given a list, a slot of ``expected`` changed since
    (as above) is left as it is and appended to it, the other slots still changed (an undo of
    an import whose one row another program changed since), instead of EditsChanged."""
    puts = list(puts)
    removes = list(removes)
    wanted: dict[tuple[str, str], Edit | None] = {**{(e.table, e.key): e for e in puts},
                                                  **dict.fromkeys(removes)}
    reached = []
    with _writable(db_path) as conn:
        if all_seen is not None and read_edits(conn, db_path) != all_seen:
            raise EditsChanged(f"The data edits in {db_path} were changed by another window or "
                               "program while these were being checked; nothing was changed.",
                               "Run the import again.")
        for (table, key), seen in (expected or {}).items():
            rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {EDITS_TABLE} "
                                "WHERE table_name = ? AND row_key = ?", (table, key)).fetchall()
            now = (edit_from_record(dict(zip(COLUMNS, rows[0], strict=True)), str(db_path))
                   if rows else None)
            if now != seen and (table, key) in wanted and now == wanted[(table, key)]:
                reached.append((table, key))
            elif now != seen and left is not None:
                left.append((table, key))
            elif now != seen:
                raise EditsChanged(_changed_since(db_path, table, key, seen, now),
                                   "Look at the data edits as they are now "
                                   f"(`{diff_command(db_path)}` or Edit > Edit data\u2026) "
                                   "and try again.")
        skip = set(left or ())
        conn.executemany(_UPSERT, [tuple(_record(e)[c] for c in COLUMNS) for e in puts
                                   if (e.table, e.key) not in skip])
        conn.executemany(f"DELETE FROM {EDITS_TABLE} WHERE table_name = ? AND row_key = ?",
                         [slot for slot in removes if slot not in skip])
        count = conn.execute(f"SELECT count(*) FROM {EDITS_TABLE}").fetchone()[0]
        if count > MAX_EDITS:
            raise StorageError(f"The database {db_path} would hold {count:,} data edits, more "
                               f"than ChipScope handles ({MAX_EDITS:,}); nothing was changed.")
    return reached


def _changed_since(db_path: Path, table: str, key: str, seen: Edit | None,
                   now: Edit | None) -> str:
    """The refusal of a change over a row another window or program changed since it was read
    (``seen``: what was read, None: no edit; ``now``: what the database holds), without what
    to do (:class:`EditsChanged`' advice)."""
    shown = seen or now
    name = shown.describe() if shown is not None else f"edit of {table} {key}"
    verb = "made" if seen is None else "dropped" if now is None else "changed"  # made: never seen
    when = "the data edits were" if seen is None else "it was"
    what = f"{verb} the {name} in {db_path} since {when} read here"
    return f"Another window or program {what}; nothing was changed."


def diff_command(db_path: Path) -> str:
    """The ``data diff`` command that lists the edits of ``db_path``: with --db unless it is
    the default database (:func:`chipscope.paths.advice_db`, as the window's advice)."""
    db = paths.advice_db(db_path)
    return shell_command("chipscope-cli data diff", [], [] if db is None else [("--db", db)])


def remove_edit(db_path: Path, table: str, key: str) -> bool:
    """Forget the edit of (table, key), if any; whether there was one (decided in the delete's
    own transaction: of two programs dropping the same edit at once, one gets False)."""
    with _writable(db_path) as conn:
        cursor = conn.execute(f"DELETE FROM {EDITS_TABLE} WHERE table_name = ? AND row_key = ?",
                              (table, key))
        return cursor.rowcount > 0


class DbEditStore:
    """The model's ``EditStore`` over the user's database."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)

    def edits(self) -> list[Edit]:
        return list_edits(self.db_path)

    def put(self, edit: Edit) -> None:
        put_edits(self.db_path, [edit])

    def put_all(self, edits: list[Edit]) -> None:
        if edits:
            put_edits(self.db_path, edits)

    def remove(self, table: str, key: str) -> None:
        remove_edit(self.db_path, table, key)

    def change(self, puts: list[Edit], removes: list[tuple[str, str]],
               expected: Mapping[tuple[str, str], Edit | None] | None = None,
               left: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
        return change_edits(self.db_path, puts, removes, expected, left=left)
