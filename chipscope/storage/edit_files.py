"""Data edits in and out of CSV files: ``chipscope-cli data import-edits`` and ``export-edits``.

Two layouts are read:

* the **edits file** :func:`write_edits_csv` writes (one edit a line: ``table_name``,
  ``row_key``, ``operation``, ``fields_json``, the source, ``confidence``, ...), which another
  ChipScope imports as it is;
* a **table CSV** of deals, chips or adopters (or vendors, sources) in the documented columns of
  docs/data.md, plus the source as ``citation``, ``url``, ``retrieved``, ``licence`` columns or a
  ``source_id`` the dataset already has. A row whose id exists edits that row; another adds one.
  A deal's ``h100e_per_year`` and ``conversion`` may be left empty: they are computed (a typed
  h100e_per_year must follow the conversion rule; a typed conversion text is kept, in both layouts).

Reading checks every row as the data checks do (each layout's rows:
:mod:`chipscope.storage.edit_file_layouts`) and raises :class:`EditFileError` naming the
file, line and column of each problem; nothing is returned (so nothing is applied) on error.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd

from chipscope.model.dataset import TABLES
from chipscope.model.edit_checks import ACCESS_FILE, FILE, TABLE_FILE, reword_edits, settled
from chipscope.model.edit_keys import name_repeated_rows, name_rows
from chipscope.model.edits import (
    EDITABLE,
    Edit,
    Overlay,
    apply_edits,
    dataset_problems,
    frame_keys,
    key_column,
    key_columns,
)
from chipscope.model.import_rows import unchanged
from chipscope.model.invisible import invisible_named
from chipscope.model.retire_users import retire_users
from chipscope.model.text_rules import quoted
from chipscope.storage import files
from chipscope.storage.csv_source import MAX_CSV_BYTES, _parse
from chipscope.storage.edit_file_layouts import SOURCE_COLUMNS, file_edits, table_edits
from chipscope.storage.edit_repeats import file_row_key, first_copies, table_row_key
from chipscope.storage.schema import StorageError
from chipscope.storage.text_causes import not_text, not_utf8
from chipscope.storage.user_edits import COLUMNS, _record

MAX_IMPORT_ROWS = 1_000  # rows one import-edits checks (about 15 ms each)

EXPORT_COLUMNS = list(COLUMNS)
_KNOWN_COLUMNS = frozenset([*EXPORT_COLUMNS, *SOURCE_COLUMNS,
                            *(c for t in EDITABLE for c in TABLES[t].column_names)])
"""Every column either layout has: a first line with none of them is not a header."""


class EditFileError(StorageError):
    """An edits file with problems; ``problems`` names file, line and column of each."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1:,} more)" if len(problems) > 1 else ""
        super().__init__(f"{path}: nothing imported; {problems[0]}{more}")


# --- export -----------------------------------------------------------------------------------
def edits_frame(edits: list[Edit]) -> pd.DataFrame:
    return pd.DataFrame([_record(e) for e in edits], columns=EXPORT_COLUMNS, dtype=object)


def write_edits_csv(edits: list[Edit], path: Path, inputs: tuple[Path, ...] = ()) -> Path:
    """Write the edits file (atomic, formula-like cells escaped; see module docstring)."""
    return files.write_csv(edits_frame(edits), path, "edits file", inputs=inputs)


def table_frame(edits: list[Edit], table: str) -> pd.DataFrame:
    """The rows ``edits`` add or change in ``table``, in its documented columns plus the source
    (``citation, url, retrieved, licence``; or ``source_id`` for a source the dataset has):
    a CSV :func:`read_edits_csv` imports. Retirements have no row and are left out."""
    columns = [*TABLES[table].column_names, *SOURCE_COLUMNS]
    rows = []
    for e in edits:
        if e.table != table or e.operation == "retire":
            continue
        own = not e.source.existing_id
        rows.append({**{c: e.fields.get(c, "") for c in TABLES[table].column_names},
                     "source_id": e.source.existing_id, "confidence": e.confidence,
                     **{c: getattr(e.source, c) if own else "" for c in SOURCE_COLUMNS}})
    return pd.DataFrame(rows, columns=columns, dtype=object)


def write_table_csv(edits: list[Edit], table: str, path: Path,
                    inputs: tuple[Path, ...] = ()) -> int:
    """Write :func:`table_frame` (atomic); returns the number of rows written."""
    frame = table_frame(edits, table)
    files.write_csv(frame, path, "CSV file", inputs=inputs)
    return len(frame)


# --- import -----------------------------------------------------------------------------------
def _unescape(cell: str) -> str:
    """Undo :func:`files.csv_safe`'s apostrophe before a formula-like cell."""
    if cell.startswith("'") and cell[1:].startswith(files.FORMULA_START):
        return cell[1:]
    return cell


def _read(path: Path, window: bool = False) -> tuple[list[str], list[dict[str, str]], list[int]]:
    raw = files.read_bytes(path, "edits file", MAX_CSV_BYTES)
    if why := not_text(raw, "a CSV file", True, window):  # a database, UTF-16 (which decodes) ...
        raise EditFileError(path, [f"{path}: {why}"])
    try:
        text = raw.decode("utf-8-sig").lstrip("\ufeff")  # saved twice with a BOM (pass 68 F1)
    except UnicodeDecodeError as exc:
        raise EditFileError(path, [f"{path}, {not_utf8(exc, True)}"]) from None
    parsed = _parse(path, text, _KNOWN_COLUMNS,
                    f"an edits file's columns are {', '.join(EXPORT_COLUMNS)}; a table CSV's "
                    "are its documented columns (docs/data.md)")
    if isinstance(parsed, str):
        raise EditFileError(path, [parsed])
    header, records, lines = parsed
    header = [_unescape(h) for h in header]
    for column, name in enumerate(header, 1):  # "\u200bchip_id" is no chip_id (pass 68 F1)
        if invisible := invisible_named(name):
            raise EditFileError(path, [f"{path}, line 1, column {column}: the header "
                                       f"{quoted(name, 40)} holds {invisible}; delete it"])
    # An edits file's row_key is kept as written: " newlab" is not the row's id "newlab".
    rows = [{h: _unescape(c) if h == "row_key" else _unescape(c).strip()
             for h, c in zip(header, rec, strict=True)} for rec in records]
    return header, rows, lines


def _table_of(header: list[str], table: str | None, path: Path,
              shown: str | None = None) -> str:
    if table is not None:
        if table not in EDITABLE:
            raise EditFileError(path, [f"{path}: table {table!r} cannot be edited "
                                       f"({', '.join(EDITABLE)})"])
        return table
    cols = set(header)
    # sources last: every other table's CSV carries the source columns (source_id, citation,
    # url, retrieved, licence), which are all a sources CSV needs. The table the window shows
    # goes first, and is taken when none fits (its missing columns are then named).
    order = ("deals", "chips", "adopters", "vendors", "access", "sources")
    for name in dict.fromkeys([*([shown] if shown in EDITABLE else []), *order]):
        if _needed(name) <= cols:
            return name
    if shown in EDITABLE:
        return str(shown)
    nearest = min(order, key=lambda n: len(_needed(n) - cols))
    lacks = (f"; the nearest, {nearest}, lacks {', '.join(sorted(_needed(nearest) - cols))}"
             if _needed(nearest) & cols else "")
    raise EditFileError(path, [f"{path}, line 1: the header is neither an edits file's "
                               f"({', '.join(EXPORT_COLUMNS[:4])}, ...) nor the documented "
                               f"columns of {', '.join(order[:-1])} or {order[-1]} "
                               f"(docs/data.md){lacks}; add the missing columns or give --table"])


def _needed(table: str) -> set[str]:
    """The columns a CSV of ``table`` must have (the computed ones and a source id may be left
    out)."""
    return {c.name for c in TABLES[table].columns if c.required} - {
        "h100e_per_year", "conversion", "source_id"} | set(key_columns(table))


def read_edits_csv(path: Path, base: Mapping[str, pd.DataFrame], current: list[Edit],
                   table: str | None = None, shown: str | None = None,
                   set_aside: Collection[tuple[str, str]] | None = None,
                   notes: list[str] | None = None, window: bool = False,
                   db: object = None) -> list[Edit]:
    """The edits a CSV file holds, each checked, made against ``base`` after the user's
    ``current`` edits (those set aside left out: ``set_aside``, (table, key) of the conflicts
    of the caller's overlay, else found again); :class:`EditFileError` naming every bad row.
    A table CSV is read as ``table`` if given, else as the table its header fits, ``shown``
    (the window's table) first; with ``shown``, a header that fits none is read as ``shown``
    (and its missing columns named). A row equal to the current one is not returned; ``notes``
    gets "FILE, line N: no change ..." for each. ``window``: the window imports it (a database's
    advice names no --db, :func:`text_causes.not_text`). ``db``: the database --db named, which
    the drop-edit advice names (None: the default one)."""
    path = Path(path)
    header, rows, lines = _read(path, window)
    if len(rows) > MAX_IMPORT_ROWS:
        raise EditFileError(path, [f"{path}: {len(rows):,} rows, more than one import takes "
                                   f"({MAX_IMPORT_ROWS:,}, each row is checked); split the "
                                   "file"])
    problems: list[str] = []
    now = apply_edits(base, current).frames  # the data as the user's edits make them
    if {"table_name", "row_key", "operation", "fields_json"} <= set(header):
        rows, lines, problems = first_copies(path, rows, lines, file_row_key)
        found = file_edits(path, rows, lines, base, current, now, problems, db)
        audience = FILE
    else:
        table = _table_of(header, table, path, shown)
        rows, lines, problems = first_copies(path, rows, lines, table_row_key(table))
        found = table_edits(path, header, rows, lines, table, base, current, now, problems)
        audience = ACCESS_FILE if table == "access" else TABLE_FILE
    seen: dict[tuple[str, str], int] = {}
    for edit, line in found:  # one id written two ways (" a" and "a"): the first copy counts
        if (edit.table, edit.key) in seen:
            problems.append(f"{path}, line {line}, column {key_column(edit.table)}: "
                            f"{edit.key!r} repeats line {seen[(edit.table, edit.key)]}")
        seen.setdefault((edit.table, edit.key), line)
    found = [(e, ln) for e, ln in found if seen[(e.table, e.key)] == ln]
    # the data as they are now: set aside (`data diff`, or found again) left out
    before = settled(base, [e for e in current if (e.table, e.key) not in (set_aside or ())],
                     find=set_aside is None) if found else None
    same = [ln for e, ln in found if before and unchanged(e, before[0].frames)]
    (notes if notes is not None else []).extend(  # stored, each would be an edit of nothing
        f"{path}, line {ln}: no change from the current row; not stored" for ln in same)
    found = [(e, ln) for e, ln in found if ln not in same]
    retired = {(e.table, e.key) for e in current if e.operation == "retire"}
    (notes if notes is not None else []).extend(  # replaced, never silently (pass 81, F4)
        f"{path}, line {ln}: brings back {e.table} {e.key!r}, which you had retired"
        for e, ln in found if e.operation != "retire" and (e.table, e.key) in retired)
    if found and before:  # the rows that passed, checked together with the dataset
        problems += _whole_problems(path, base, current, found, audience, before, db)
    problems.sort(key=_line_order)
    if problems:
        raise EditFileError(path, problems)
    return [e for e, _ in found]


def _line_order(problem: str) -> int:
    m = re.search(r", line (\d+)", problem)
    return int(m[1]) if m else 0


def _whole_problems(path: Path, base: Mapping[str, pd.DataFrame], current: list[Edit],
                    found: list[tuple[Edit, int]], audience: str,
                    now: tuple[Overlay, list[str]], db: object = None) -> list[str]:
    """The dataset checks with every imported edit applied: new problems, at their lines, with
    advice for the kind of file imported (``audience``: an edits file or a table CSV); ``now``:
    :func:`settled` of the edits stored, those set aside left out (not this import's doing)."""
    edits = [e for e, _ in found]
    slots = {(e.table, e.key) for e in edits}  # before: as stored now, the slots' edits too
    before, known = now[0], set(now[1])
    after = apply_edits(base, [*(e for e in before.applied if (e.table, e.key) not in slots),
                               *edits])
    line_of = {(e.table, e.key): ln for e, ln in found}
    out = [f"{path}, line {line_of[(c.edit.table, c.edit.key)]}: {c.reason}"
           for c in after.conflicts if (c.edit.table, c.edit.key) in slots]
    pattern = re.compile(r"^(?P<t>\w+), line (?P<n>\d+)(?P<rest>.*)$", re.DOTALL)
    retired = {(e.table, e.key): f"{path}, line {ln}" for e, ln in found
               if e.operation == "retire"}
    fresh, told = retire_users(  # one line per retirement that rows still use
        [p for p in dataset_problems(after.frames) if p not in known], retired, after.frames,
        added={(e.table, e.key) for e in current if e.operation == "add"} - slots,
        in_file={(e.table, e.key) for e in edits if e.operation == "add"}, db=db)
    out += told
    for problem in fresh:
        problem = reword_edits(problem, audience, edits, before.frames)
        m = pattern.match(problem)
        where = f"{path}: after import, {problem}"
        if m and m["t"] in after.frames and m["t"] in EDITABLE:
            keys = list(frame_keys(after.frames[m["t"]], m["t"]))
            # "repeats line 3" of a table the user never sees: the row it repeats, by key
            problem = name_repeated_rows(problem, m["t"], keys)
            where = f"{path}: after import, {problem}"
            pos = int(m["n"]) - 2
            line = line_of.get((m["t"], keys[pos])) if 0 <= pos < len(keys) else None
            if line is not None:
                where = f"{path}, line {line}{problem[len(m['t'] + ', line ' + m['n']):]}"
            else:  # a row the file does not hold: by its id, not a line of a merged table
                where = f"{path}: after import, {name_rows(problem, after.frames)}"
        out.append(where)
    return out
