"""A row given twice in a file ``data import-edits`` reads (pass 24b): the same table and id on
two lines, or the very same row twice, is reported once, naming both lines ("line 4 repeats
line 2"), and the copy is not checked again: a repeated bad row was reported once per copy,
and a repeated good one twice (as a repeat, and again as a duplicate key of the data after
the import)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from chipscope.model.edits import key_column, key_of

RowKey = tuple[str, str, str]
"""A row's table, id and the column its id is shown at (``row_key`` in an edits file)."""


def first_copies(path: Path, rows: list[dict[str, str]], lines: list[int],
                 key: Callable[[dict[str, str]], RowKey]
                 ) -> tuple[list[dict[str, str]], list[int], list[str]]:
    """``rows`` (at ``lines``) without the ones that repeat an earlier row, and one problem
    for each of those, naming its line and the line it repeats. A row repeats an earlier one
    when it is the same row, or when it has the same table and (non-empty) id, ``key``."""
    kept: list[dict[str, str]] = []
    kept_lines: list[int] = []
    problems: list[str] = []
    same_row: dict[tuple[tuple[str, str], ...], int] = {}
    same_id: dict[tuple[str, str], int] = {}
    for row, line in zip(rows, lines, strict=True):
        content = tuple(sorted(row.items()))
        table, row_id, column = key(row)
        if content in same_row:
            problems.append(f"{path}, line {line}: repeats line {same_row[content]} (the same "
                            "row); remove one of them")
            continue
        if row_id and (table, row_id) in same_id:
            problems.append(f"{path}, line {line}, column {column}: {row_id!r} repeats line "
                            f"{same_id[(table, row_id)]} (the same row of {table}); each row "
                            "may be given only once, so remove or merge one of them")
            continue
        same_row[content] = line
        if row_id:
            same_id[(table, row_id)] = line
        kept.append(row)
        kept_lines.append(line)
    return kept, kept_lines, problems


def file_row_key(row: Mapping[str, str]) -> RowKey:
    """An edits file row's table, row_key and the column its id is shown at."""
    return row.get("table_name", "").strip(), row.get("row_key", ""), "row_key"


def table_row_key(table: str) -> Callable[[Mapping[str, str]], RowKey]:
    """A table CSV row's table, id and the column its id is shown at."""
    return lambda row: (table, key_of(table, row), key_column(table))
