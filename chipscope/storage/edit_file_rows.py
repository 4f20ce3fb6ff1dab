"""Rules for one row of an edits file (``chipscope-cli data import-edits``) beyond its cells:
when it was made (``created_at``) and what a retirement retires. Used by
:mod:`chipscope.storage.edit_files`; each rule gives the problem ("column: why") or None."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

import pandas as pd

from chipscope.model.edits import Edit, find_row
from chipscope.model.text_rules import quoted

_STAMP = "leave it empty and the import stamps the time of the import"


def created_at_problem(text: str, now: datetime) -> str | None:
    """``created_at`` is empty (stamped on import), or an ISO date or date-time no later than
    ``now`` (an aware UTC time): the edits are applied in that order."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return (f"created_at: {quoted(text)} is not an ISO date or date-time (such as "
                f"2026-11-30 or 2026-11-30T09:15:00+00:00); correct it, or {_STAMP}")
    if len(text) <= 10:  # a date alone: that day, in any time zone
        later = date.fromisoformat(text) > now.date()
    else:
        later = (when if when.tzinfo else when.replace(tzinfo=UTC)) > now
    if later:
        return (f"created_at: {quoted(text)} is later than now "
                f"({now.isoformat(timespec='seconds')}); an edit cannot be made in the future: "
                f"correct it, or {_STAMP}")
    return None


def retire_target_problem(edit: Edit, base: Mapping[str, pd.DataFrame],
                          current: list[Edit]) -> str | None:
    """A retirement names a row of the bundled data: not a row the user added (dropping that
    addition removes it), nor an id no table has."""
    if edit.operation != "retire" or find_row(base, edit.table, edit.key) is not None:
        return None
    if any((e.table, e.key, e.operation) == (edit.table, edit.key, "add") for e in current):
        article = "an" if edit.table[0] in "aeiou" else "a"
        return (f"row_key: {quoted(edit.key)} is {article} {edit.table} row you added, not one of "
                f"the bundled data, so there is nothing to retire; `chipscope-cli data drop-edit "
                f"{edit.table} {edit.key}` removes your addition")
    return (f"row_key: the data have no {edit.table} row with id {quoted(edit.key)} to retire "
            "(neither the bundled data nor your edits); correct the id, or remove the line")
