"""The rows of each layout ``chipscope-cli data import-edits`` reads, made into checked edits:
a table CSV's (:func:`table_edits`: the documented columns plus the source) and an edits
file's (:func:`file_edits`: one edit a line). Each bad row's problems are appended to the
caller's list, naming file, line and column; only the rows that pass are returned, with their
lines. Used by :mod:`chipscope.storage.edit_files`, which reads the file and checks the rows
that pass together with the dataset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from chipscope.model.dataset import TABLES
from chipscope.model.edit_checks import field_problems
from chipscope.model.edits import (
    Edit,
    EditSource,
    Operation,
    find_row,
    key_column,
    key_columns,
    key_of,
    rebase,
    row_digest,
)
from chipscope.model.import_rows import file_cells, table_row, typed_rate_problem, with_computed
from chipscope.model.text_rules import quoted
from chipscope.storage.edit_file_rows import (
    created_at_problem,
    created_at_stored,
    retire_problems_of,
    retire_target_problem,
    without_column,
)
from chipscope.storage.schema import StorageError
from chipscope.storage.stop_request import stop_point
from chipscope.storage.user_edits import edit_from_record

SOURCE_COLUMNS = ("citation", "url", "retrieved", "licence")
"""A source given in a table CSV's own columns (else a ``source_id`` the dataset has)."""


def _source_of(row: Mapping[str, str], frames: Mapping[str, pd.DataFrame]) -> EditSource | str:
    """The row's source, or the problem (column: why)."""
    if any(row.get(c) for c in SOURCE_COLUMNS):
        return EditSource(*(row.get(c, "") for c in SOURCE_COLUMNS))
    sid = row.get("source_id", "")
    known = find_row(frames, "sources", sid) if sid else None
    if known is None:
        return (f"source_id: {sid!r} is not a source of the dataset; give the source in "
                "citation, url, retrieved and licence columns" if sid else
                "citation: empty; give the source (citation, url, retrieved, licence) or a "
                "source_id of the dataset")
    return EditSource(known["citation"], known["url"], known["retrieved"], known["licence"],
                      existing_id=sid)


def table_edits(path: Path, header: list[str], rows: list[dict[str, str]], lines: list[int],
                table: str, base: Mapping[str, pd.DataFrame], current: list[Edit],
                shown: Mapping[str, pd.DataFrame], problems: list[str]
                ) -> list[tuple[Edit, int]]:
    """The edits of a table CSV of ``table``, with their lines (see the module docstring)."""
    keycol = key_column(table)
    mine = {(e.table, e.key): e for e in current}
    missing = [c.name for c in TABLES[table].columns if c.required and c.name not in header
               and c.name not in ("h100e_per_year", "conversion", "source_id", "confidence")]
    missing[:0] = [c for c in key_columns(table) if c not in header]
    if "confidence" not in header and table != "sources":
        missing.append("confidence")
    if missing:
        problems.append(f"{path}, line 1: missing column(s) {', '.join(dict.fromkeys(missing))}"
                        f", which a CSV of {table} needs (docs/data.md); add them")
        return []
    known = {*TABLES[table].column_names, *SOURCE_COLUMNS, "source_id", "confidence"}
    unknown = [h for h in header if h not in known and any(row.get(h) for row in rows)]
    if unknown:  # a misspelt column: its values would be dropped without a word
        listed = ", ".join(quoted(h, 40) for h in unknown[:3])
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        problems.append(f"{path}, line 1: unknown column(s) {listed}{more}, not columns of "
                        f"{table} (docs/data.md) nor the source's (citation, url, retrieved, "
                        "licence); their values would be lost: rename or remove them")
        return []
    edits = []
    for row, line in zip(rows, lines, strict=True):
        stop_point()  # a signal to the window: each row takes tens of ms (pass 85, F2)
        key = key_of(table, row)
        source = _source_of(row, shown) if table != "sources" else EditSource(
            *(row.get(c, "") for c in SOURCE_COLUMNS))
        if isinstance(source, str):
            col, why = source.split(": ", 1)
            problems.append(f"{path}, line {line}, column {col}: {why}")
            continue
        upstream = find_row(base, table, key)
        prior = mine.get((table, key))
        op: Operation = ("add" if upstream is None or (prior and prior.operation == "add")
                         else "edit")
        confidence = row.get("confidence", "")
        # a typed h100e_per_year is checked, not replaced by the computed one (pass 37)
        rate = typed_rate_problem(row, shown) if table == "deals" else None
        fields = table_row(table, row, shown)  # a typed conversion text is kept (pass 38)
        bad = ({"h100e_per_year": rate} if rate else
               field_problems(table, fields, source, confidence, shown))
        for col, message in bad.items():
            problems.append(f"{path}, line {line}, column {col or keycol}: "
                            f"{without_column(col or keycol, message)}")
        if not bad:
            edits.append((Edit(table, key, op, fields, source, confidence, _now(),
                               row_digest(upstream) if op == "edit" and upstream else ""), line))
    return edits


def file_edits(path: Path, rows: list[dict[str, str]], lines: list[int],
               base: Mapping[str, pd.DataFrame], current: list[Edit],
               shown: Mapping[str, pd.DataFrame], problems: list[str], db: object = None
               ) -> list[tuple[Edit, int]]:
    """The edits of an edits file, with their lines (see the module docstring; ``db``: the
    database --db named, for the advice)."""
    edits = []
    now = datetime.now(UTC)
    for row, line in zip(rows, lines, strict=True):
        stop_point()
        try:
            edit = edit_from_record(row, f"{path}, line {line}")  # cells read as a table CSV's:
            edit = replace(edit, fields=file_cells(edit.table, edit.fields))
            if why := (created_at_problem(edit.created_at, now)
                       or retire_target_problem(edit, base, current, db)):
                problems.append(f"{path}, line {line}, column {why}")
                continue
            # stamped, or as the app stamps: the edits apply in the order they were made
            edit = replace(edit, created_at=(created_at_stored(edit.created_at)
                                             if edit.created_at else _now()))
            if edit.operation == "add" and find_row(base, edit.table, edit.key) is not None:
                problems.append(f"{path}, line {line}, column row_key: the bundled data already "
                                f"has the {edit.table} row {edit.key!r}, and an added row's id "
                                "must be new; to change that row, write operation edit (with "
                                "the whole row), or give the new row another id")
                continue
            edit = rebase(edit, base)
            if edit.operation != "retire":  # an empty h100e_per_year is computed, as in a table CSV
                edit = replace(edit, fields=with_computed(edit.table, edit.fields, shown))
        except (StorageError, ValueError) as exc:
            problems.append(str(exc) if str(exc).startswith(str(path))
                            else f"{path}, line {line}, column row_key: {exc}")
            continue
        rate = typed_rate_problem(edit.fields, shown) if edit.table == "deals" else None
        bad = (retire_problems_of(edit, base) if edit.operation == "retire" else
               {"h100e_per_year": rate} if rate else
               field_problems(edit.table, edit.fields, edit.source, edit.confidence, shown))
        for col, message in bad.items():
            why = without_column(col or "fields_json", message)
            if why == "empty" and col not in edit.fields:  # not "" in the file: left out
                why = "missing from fields_json (an addition or an edit gives the whole row)"
            problems.append(f"{path}, line {line}, column {col or 'fields_json'}: {why}")
        if not bad:
            edits.append((edit, line))
    return edits


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
