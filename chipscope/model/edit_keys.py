"""Edit keys: which columns name a row of an editable table, the text key an edit stores
(``openai.nvidia`` for an access row), and problems of the data checks told by row key instead of
by a line of a table the user never sees."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from chipscope.model.dataset import TABLES
from chipscope.model.table_checks import cell_number

EDITABLE: tuple[str, ...] = ("deals", "chips", "adopters", "vendors", "sources", "access")
"""Tables a user may edit (the others are derived from them or from Epoch AI's history)."""

KEY_SEP = "."
"""Joins a composite key's columns into an edit's text key (access: ``openai.nvidia``); ids may
not contain it (``ID_FORBIDDEN``), so it splits back, and ``row_key`` stays one text column."""

def key_columns(table: str) -> tuple[str, ...]:
    """The columns of ``table``'s key (two for access: adopter_id, vendor_id)."""
    if table not in EDITABLE:
        raise ValueError(f"table: {table!r} cannot be edited (only {', '.join(EDITABLE)})")
    return TABLES[table].key


def key_column(table: str) -> str:
    """The field a problem with the row's key is shown at (the last key column: for an access
    row the vendor, as the adopter is usually given)."""
    return key_columns(table)[-1]


def key_of(table: str, fields: Mapping[str, str]) -> str:
    """The edit key of a row: its key column, or its key columns joined by :data:`KEY_SEP`."""
    return KEY_SEP.join(str(fields.get(c, "")).strip() for c in key_columns(table))


def key_fields(table: str, key: str) -> dict[str, str]:
    """The key columns of an edit key (the inverse of :func:`key_of`)."""
    cols = key_columns(table)
    parts = key.split(KEY_SEP, len(cols) - 1) if len(cols) > 1 else [key]
    return dict(zip(cols, parts + [""] * (len(cols) - len(parts)), strict=True))


def frame_keys(frame: pd.DataFrame, table: str) -> pd.Series:
    """The edit key of each row of ``frame`` (text)."""
    cols = key_columns(table)
    keys = frame[cols[0]].astype(str)
    for col in cols[1:]:
        keys = keys + KEY_SEP + frame[col].astype(str)
    return keys


_HEAD = re.compile(r"^(?P<t>\w+), line (?P<n>\d+)")
_REPEATS = re.compile(r"repeats line (\d+)")


def name_repeated_rows(problem: str, table: str, keys: list[str]) -> str:
    """``problem`` with "repeats line 3" of ``table`` (a line of a CSV the editor's user never
    sees) told as the row it repeats: "repeats the row 'd1'"."""
    if not problem.startswith(f"{table}, line "):
        return problem

    def row(m: re.Match[str]) -> str:
        pos = int(m[1]) - 2
        return f"repeats the row {keys[pos]!r}" if 0 <= pos < len(keys) else m[0]

    return _REPEATS.sub(row, problem)


def name_rows(problem: str, frames: Mapping[str, pd.DataFrame]) -> str:
    """``problem`` of the data checks on ``frames`` told by row key: "adopters, line 14, column
    name: 'X' repeats line 3" becomes "adopters row 'newlab', column name: 'X' repeats the row
    'openai'" (the lines are of the edited tables, which no file of the user's holds)."""
    m = _HEAD.match(problem)
    if m is None or m["t"] not in EDITABLE or m["t"] not in frames:
        return problem
    keys = list(frame_keys(frames[m["t"]], m["t"]))
    problem = name_repeated_rows(problem, m["t"], keys)
    pos = int(m["n"]) - 2
    if not 0 <= pos < len(keys):
        return problem
    return f"{m['t']} row {keys[pos]!r}{problem[m.end():]}"


def same_cell(table: str, column: str, a: str, b: str) -> bool:
    """Whether two texts of a cell of ``table`` hold the same value as the column's type reads
    them: a bool stored as ``0`` is the CSV's ``false``, ``80`` is ``80.0``; text as it is."""
    if a == b:
        return True
    col = next((c for c in TABLES[table].columns if c.name == column),
               None) if table in TABLES else None
    if col is None or col.type == "str":
        return False
    x, y = a.strip().lower(), b.strip().lower()
    if col.type == "bool":
        return (x in ("true", "1") and y in ("true", "1")) or \
            (x in ("false", "0") and y in ("false", "0"))
    try:
        return cell_number(x) == cell_number(y)  # the checks' rule, not float()'s (pass 47)
    except ValueError:
        return False


def key_words(table: str, key: str) -> str:
    """The row ``key`` of ``table`` by its key fields, as a user fills them in the editor:
    "chip_id “a100”", "adopter_id “apple” and vendor_id “amd”" (an access row's edit key
    "apple.amd" is no value of any one field)."""
    return " and ".join(f"{col} \u201c{value}\u201d"
                        for col, value in key_fields(table, key).items())


def key_problem(table: str, key: str, there: bool) -> tuple[str, str]:
    """(field, message): the row ``key`` of ``table`` is already there (``there``) or is not,
    told at its key field and by every key field (an access row "apple.amd" is no vendor_id)."""
    col = key_column(table)
    if len(key_columns(table)) == 1:
        return col, (f"{col}: {key!r} is already a row of {table}; edit it or choose another id"
                     if there else f"{col}: {key!r} is not a {table} row")
    named = key_words(table, key)
    return col, (f"{table} already has a row with {named}; edit it or choose another pair"
                 if there else f"{table} has no row with {named}")
