"""What ``chipscope-cli data import-edits`` (and the window's Import) checks of one imported row
beyond its cells (pass 37): a deal's typed ``h100e_per_year`` must follow the conversion rule
(it was silently replaced by the computed one), an empty one is computed, and a row equal to
the current one is not an edit. Pure: no Qt, no I/O."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from chipscope.model.conversion import follows_rule
from chipscope.model.data_checks import LEAVE_EMPTY, off_rule
from chipscope.model.dataset import TABLES
from chipscope.model.edit_checks import complete_row, deal_conversion, trimmed_row
from chipscope.model.edit_keys import key_fields
from chipscope.model.edits import Edit, find_row
from chipscope.model.table_checks import cell_number, id_columns, number_cell_problem

COMPUTED = ("h100e_per_year", "conversion")
"""A deal's cells computed from its other cells (:func:`complete_row`)."""


def file_cells(table: str, fields: Mapping[str, str]) -> dict[str, str]:
    """An edits file's cells (its fields_json) as a table CSV holding the same row is read
    (:func:`trimmed_row`: pass 40, F2, text such as "  padded  " was stored with its spaces):
    a cell whose spaces the checks refuse (an id, a key, one of a column's choices) is kept as
    written, to be refused as before, unless it is blank (empty, as in a table CSV); the key
    cells are kept as written (the row_key repeats them). Names that are not columns of
    ``table`` are kept (the checks name them)."""
    trimmed = trimmed_row(table, fields)
    spec = TABLES[table]
    # the edit's own source and confidence count, not its cells' copies: those are trimmed
    overridden = {"source_id", "confidence"} if table != "sources" else set()
    refused = ({c.name for c in id_columns(spec)}
               | {c.name for c in spec.columns if c.choices is not None}) - overridden
    out = {}
    for name, text in fields.items():
        text = str(text)
        if name in spec.key or name not in trimmed or (name in refused and text.strip()):
            out[name] = text
        else:
            out[name] = trimmed[name]
    return out


def typed_rate_problem(fields: Mapping[str, str], frames: Mapping[str, pd.DataFrame]
                       ) -> str | None:
    """"h100e_per_year: why" when a deal's typed h100e_per_year is not a number (as the cell
    checks say it: it was taken for an empty cell and computed, pass 48 F3) or not the
    conversion rule's (as the data checks say it of deals.csv, the cell quoted as typed); None
    when it is empty or the conversion cannot be made (the checks name the field)."""
    typed = str(fields.get("h100e_per_year", "")).strip()
    if not typed:
        return None
    try:
        stated = cell_number(typed)  # the checks' rule, as the amount's (pass 47, F4)
    except ValueError:
        stated = math.nan
    if not math.isfinite(stated):
        return f"h100e_per_year: {number_cell_problem('deals', 'h100e_per_year', typed)}"
    try:
        rate, _ = deal_conversion(frames, fields)
    except ValueError:
        return None
    if follows_rule(stated, rate):
        return None
    amount = cell_number(fields.get("amount", ""))
    unit = str(fields.get("amount_unit", "")).strip()
    return f"h100e_per_year: {off_rule(typed, rate, amount, unit)}; {LEAVE_EMPTY}"


def with_computed(table: str, fields: Mapping[str, str], frames: Mapping[str, pd.DataFrame]
                  ) -> dict[str, str]:
    """``fields`` with a deal's computed cells filled where they are empty or missing (a typed
    one is kept: :func:`typed_rate_problem` checks it)."""
    out = dict(fields)
    if table == "deals" and any(not str(out.get(c, "")).strip() for c in COMPUTED):
        done = complete_row(table, fields, frames)
        for col in COMPUTED:
            if not str(out.get(col, "")).strip():
                out[col] = done[col]
    return out


def table_row(table: str, row: Mapping[str, str], frames: Mapping[str, pd.DataFrame]
               ) -> dict[str, str]:
    """A table CSV's ``row`` in the table's columns, with a deal's computed cells
    (:func:`complete_row`) except a typed ``conversion`` text, which is kept as the edits-file
    layout, ``data check`` and ``data build`` keep it (pass 38: it was silently replaced by the
    computed one, and a row differing only there was told "no change"). A typed h100e_per_year
    is checked by :func:`typed_rate_problem` and stored as the rule computes it."""
    out = complete_row(table, row, frames)
    typed = str(row.get("conversion", "")).strip()
    if table == "deals" and typed and "conversion" in TABLES[table].column_names:
        out["conversion"] = typed
    return out


def unchanged(edit: Edit, frames: Mapping[str, pd.DataFrame]) -> bool:
    """True when ``edit`` (an addition or edit) would leave ``frames`` (the data as the user's
    edits make it) as they are: its row is the current row, cell for cell (a number cell by
    its value: 1e6 is a stored 1000000, pass 49 F3), with its source."""
    if edit.operation == "retire":
        return False
    current = find_row(frames, edit.table, edit.key)
    if current is None:
        return False
    row = {k: str(v).strip() for k, v in edit.fields.items()}
    row.update(key_fields(edit.table, edit.key))
    if edit.table != "sources":
        if find_row(frames, "sources", edit.source.source_id) is None:
            return False
        row["source_id"] = edit.source.source_id
        row["confidence"] = edit.confidence
    types = {c.name: c.type for c in TABLES[edit.table].columns}
    return all(_same_cell(types.get(col), row.get(col, ""), str(text))
               for col, text in current.items())


def _same_cell(kind: str | None, typed: str, current: str) -> bool:
    """Whether the cell ``typed`` holds the ``current`` one: the same text, or in a number
    column (``kind`` float or int) the same number by the checks' rule (:func:`cell_number`)."""
    if typed == current:
        return True
    if kind not in ("float", "int"):
        return False
    try:
        return cell_number(typed, kind == "int") == cell_number(current, kind == "int")
    except ValueError:  # not a number: the checks name it
        return False
