"""Checks of one edited row, field by field, as the data checks check a CSV line; and a deal's
conversion to H100e per year while the user types. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping

import pandas as pd

from chipscope.model.conversion import ChipTerms, RuleError, deal_h100e_per_year, rate_text
from chipscope.model.data_checks import ACCESS_FILE, EDITOR, FILE, TABLE_FILE, reword
from chipscope.model.dataset import CONFIDENCE, TABLES
from chipscope.model.edit_keys import name_repeated_rows, name_rows
from chipscope.model.edits import (
    KEY_SEP,
    Edit,
    EditRejected,
    EditSource,
    Overlay,
    apply_edits,
    dataset_problems,
    find_row,
    frame_keys,
    set_aside_culprits,
)
from chipscope.model.retire_users import retire_users
from chipscope.model.table_checks import cell_number, check_table
from chipscope.model.tables import MAX_H100E
from chipscope.model.text_rules import (
    hidden_character,
    instead_of_too_small,
    quoted,
    shortened,
    too_small,
    underflows,
)

__all__ = ["ACCESS_FILE", "EDITOR", "FILE", "TABLE_FILE", "check_edit", "complete_row",
           "deal_conversion", "field_problems", "retire_problems", "reword", "settled",
           "trimmed_row", "user_fields"]

_COLUMN = re.compile(r"^\w+, line (?P<line>\d+), column (?P<col>[\w+]+): (?P<why>.*)$", re.DOTALL)
_LINE = re.compile(r"^\w+, line (?P<line>\d+)(?::)? ?(?P<why>.*)$", re.DOTALL)


def settled(base: Mapping[str, pd.DataFrame], edits: list[Edit], find: bool = True
            ) -> tuple[Overlay, list[str]]:
    """``edits`` applied to ``base`` and the data checks' problems then. With ``find``, the
    applied edits that make the checks fail are first set aside as conflicts, as
    :func:`~chipscope.model.edits.build_dataset` shows them (a problem left is the base's)."""
    overlay = apply_edits(base, edits)
    problems = dataset_problems(overlay.frames)
    if problems and overlay.applied and find:
        overlay = set_aside_culprits(base, overlay)
        problems = dataset_problems(overlay.frames)
    return overlay, problems


def user_fields(table: str) -> list[str]:
    """The columns a user fills in an editor (source and confidence are asked for apart;
    a deal's H100e per year and its conversion are computed)."""
    skip = {"source_id", "confidence"}
    if table == "deals":
        skip |= {"h100e_per_year", "conversion"}
    return [c for c in TABLES[table].column_names if c not in skip]


CONVERSION_FIELDS = ("amount", "amount_unit", "chip_id", "first_year", "last_year",
                     "start_fraction")
"""The fields a deal's H100e per year is computed from (:func:`deal_conversion`)."""


def deal_conversion(frames: Mapping[str, pd.DataFrame], fields: Mapping[str, str]
                    ) -> tuple[float, str]:
    """A deal's H100e per year and the conversion in words, from its amount, unit, chip and
    years (the one rule of :mod:`chipscope.model.conversion`). ValueError naming the field."""
    unit = str(fields.get("amount_unit", "")).strip()
    try:
        amount = cell_number(fields.get("amount", ""))  # the checks' rule (pass 47, F4)
    except ValueError as exc:  # named as the checks name it: '1_000' is not a number: ...
        raise ValueError(f"amount: {exc}") from None
    if not math.isfinite(amount) or amount < 0:
        raise ValueError(f"amount: {amount:g} must be a number of 0 or more")
    _not_too_small("amount", str(fields.get("amount", "")).strip(), amount)
    years = {}
    for name in ("first_year", "last_year"):
        try:
            cell_number(fields.get(name, ""), whole=True)
            years[name] = int(str(fields.get(name, "")).strip())
        except ValueError:
            raise ValueError(f"{name}: {fields.get(name)!r} is not a year") from None
    frac_text = str(fields.get("start_fraction", "")).strip()
    try:
        start = cell_number(frac_text) if frac_text else 0.0
    except ValueError as exc:
        raise ValueError(f"start_fraction: {exc}") from None
    _not_too_small("start_fraction", frac_text, start)
    chip_id = str(fields.get("chip_id", "")).strip()
    if unit == "h100e" and not chip_id:
        terms = ChipTerms("", 989.0, math.nan, math.nan)
    else:
        chip = find_row(frames, "chips", chip_id) if chip_id else None
        if chip is None:
            raise ValueError(f"chip_id: {chip_id!r} is not a chip of the dataset; a deal in "
                             f"{unit or 'that unit'} is converted at its chip")
        tdp = chip.get("tdp_w", "")
        terms = ChipTerms(chip_id, float(chip["dense_bf16_tflops"]),
                          float(tdp) if tdp else math.nan, float(chip["price_usd"]))
    try:
        return deal_h100e_per_year(amount, unit, terms, years["first_year"],
                                   years["last_year"], start)
    except RuleError as exc:
        raise ValueError(f"{exc.field}: {exc}") from None


def _not_too_small(field: str, written: str, value: float) -> None:
    """ValueError naming ``field`` when ``written`` is a non-zero number that reads as 0."""
    if underflows(written, value):
        raise ValueError(f"{field}: {shortened(written, 40)} "
                         f"{too_small(instead_of_too_small(written, lo=0))}")


def trimmed_row(table: str, fields: Mapping[str, str]) -> dict[str, str]:
    """The row's cells in ``table``'s columns, each without spaces at its ends, as a table CSV
    is read (a missing one empty)."""
    return {c: str(fields.get(c, "")).strip() for c in TABLES[table].column_names}


def complete_row(table: str, fields: Mapping[str, str],
                 frames: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """The row with what the editor computes: a deal's h100e_per_year and conversion (left
    as typed when the conversion cannot be made: the checks then name the bad field)."""
    row = trimmed_row(table, fields)
    if table == "deals":
        try:
            rate, words = deal_conversion(frames, row)
        except ValueError:
            return row
        row["h100e_per_year"] = rate_text(rate)
        row["conversion"] = words
    return row


def field_problems(table: str, fields: Mapping[str, str], source: EditSource,
                   confidence: str, frames: Mapping[str, pd.DataFrame] | None = None
                   ) -> dict[str, str]:
    """One message per bad field of the row alone (types, ranges, choices, ids), the source
    and the confidence; empty when every field is valid. With ``frames`` (the data the row
    joins), a deal whose size could not be computed names the field that stopped it (an
    unknown chip_id), not the computed columns left empty."""
    row = {c: str(fields.get(c, "")) for c in TABLES[table].column_names}
    row.setdefault("source_id", "")
    if table != "sources":
        row["source_id"] = source.source_id
        row["confidence"] = confidence if confidence in CONFIDENCE else "high"
    out: dict[str, str] = {}
    frame = pd.DataFrame([row], columns=TABLES[table].column_names, dtype=object)
    for problem in check_table(table, frame):
        m = _COLUMN.match(problem)
        col = m["col"] if m else ""
        if col not in out:
            out[col] = f"{col}: {m['why']}" if m else problem
    if table == "deals":
        _deal_computed(row, out)
        if frames is not None and not row["h100e_per_year"].strip() and (
                "h100e_per_year" in out or "conversion" in out):
            try:
                deal_conversion(frames, row)
            except ValueError as exc:
                col = str(exc).split(":", 1)[0]
                out.pop("h100e_per_year", None)
                out.pop("conversion", None)
                out.setdefault(col, str(exc))
    out.update(_other_cells(table, fields, out))
    if table != "sources":
        out.update(source.problems())
        if confidence not in CONFIDENCE:
            out["confidence"] = (f"confidence: {confidence!r} is not one of "
                                 f"{', '.join(CONFIDENCE)}")
    return out


_CONVERTED = ("amount", "amount_unit", "chip_id", "first_year", "last_year", "start_fraction")
"""The fields a deal's h100e_per_year and conversion are computed from (:func:`complete_row`)."""


def _deal_computed(row: Mapping[str, str], out: dict[str, str]) -> None:
    """A deal's h100e_per_year and conversion are computed from other fields: while one of
    those has a problem (or the computing failed, leaving them empty, and another field has
    one), only that field is named; a computed size too large is told at the amount."""
    computed = ("h100e_per_year", "conversion")
    if any(f in out for f in _CONVERTED) or (
            len(out) > 2 and not any(row[c].strip() for c in computed)):
        for col in computed:
            out.pop(col, None)
    elif "h100e_per_year" in out and row["h100e_per_year"].strip() and row["amount"].strip():
        try:
            rate = cell_number(row["h100e_per_year"])
        except ValueError:
            return
        if rate > MAX_H100E:
            del out["h100e_per_year"]
            out["amount"] = (f"amount: {shortened(row['amount'].strip())} "
                             f"{row['amount_unit'].strip()} comes to {rate:.3g} H100e per year, "
                             f"above the {MAX_H100E:.0e} H100e per year allowed (far above any "
                             "real value); check the figure and its unit".replace("e+", "e"))


def retire_problems(source: EditSource, confidence: str) -> dict[str, str]:
    """One message per bad field of a retirement's source and confidence (its row is the
    bundled one, not checked): the source an addition needs, in text that is free of control
    characters (it is printed by ``data diff`` and exported)."""
    out = source.problems()
    for name in ("citation", "url", "retrieved", "licence", "existing_id"):
        why = hidden_character(str(getattr(source, name)))
        if why and name not in out:
            label = "source_id" if name == "existing_id" else name
            out[label] = f"{label}: {why}"
    if confidence not in CONFIDENCE:
        out["confidence"] = f"confidence: {confidence!r} is not one of {', '.join(CONFIDENCE)}"
    return out


def _other_cells(table: str, fields: Mapping[str, str], found: Mapping[str, str]
                 ) -> dict[str, str]:
    """Problems of the cells the table checks do not see: names that are not columns of
    ``table`` (an edits file's fields_json may hold anything), and the source and confidence an
    edit also keeps among its cells (the edit's own source and confidence are what count)."""
    out: dict[str, str] = {}
    columns = TABLES[table].column_names
    unknown = [k for k in fields if k not in columns]
    if unknown:
        shown = ", ".join(quoted(k, 40) for k in unknown[:3])
        more = f" and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        out["fields_json"] = (f"fields_json: {shown}{more} {'is' if len(unknown) == 1 else 'are'}"
                              f" not {'a column' if len(unknown) == 1 else 'columns'} of {table}")
    keys = TABLES[table].key
    for col in keys if len(keys) > 1 else ():  # the edit key joins them with KEY_SEP
        value = str(fields.get(col, "")).strip()
        if KEY_SEP in value:
            out[col] = (f"{col}: {quoted(value, 40)} contains {KEY_SEP!r}; an id may not "
                        f"(the row's key is {'.'.join(keys)})")
    for key in ("source_id", "confidence"):
        if key in fields and key not in found and (why := hidden_character(str(fields[key]))):
            out[key] = f"{key}: {why}"
    return out


def check_edit(base: Mapping[str, pd.DataFrame], edits: list[Edit], edit: Edit,
               with_edits: tuple[Edit, ...] = (),
               set_aside: Collection[tuple[str, str]] = (),
               frames: Mapping[str, pd.DataFrame] | None = None, db: object = None) -> None:
    """Raise :class:`EditRejected` unless ``edit`` (saved together with ``with_edits``: a new
    adopter's access rows), made after ``edits``, passes every check: its fields one by one,
    then the dataset with it (references, the market checks). Only the problems of the edited
    row are named, one per field; the others are told below the form. ``set_aside``: (table,
    key) of the edits in conflict now, as the caller's overlay has them (else found again).
    ``frames``: the data the edit joins (a deal whose size cannot be computed is named at the
    field that stops it, as :func:`field_problems` says). ``db``: the database a drop-edit
    command in the advice names with --db (None: the default one)."""
    for one in (edit, *with_edits):
        bad = (retire_problems(one.source, one.confidence) if one.operation == "retire" else
               field_problems(one.table, one.fields, one.source, one.confidence, frames))
        if bad and one is not edit:
            raise EditRejected({"": f"{one.describe()}: {'; '.join(bad.values())}"})
        if bad:
            raise EditRejected(bad)
    slots = {(e.table, e.key) for e in (edit, *with_edits)}
    # "Before" is the edits as stored now, the slot's current edit included (it may be what
    # makes others apply); only the edits set aside now are left out of the verdict.
    current = [e for e in edits if (e.table, e.key) not in set_aside]
    after = apply_edits(base, [*(e for e in current if (e.table, e.key) not in slots), edit,
                               *with_edits])
    if mine := [c for c in after.conflicts if (c.edit.table, c.edit.key) in slots]:
        raise EditRejected({"": mine[-1].reason})
    found = dataset_problems(after.frames)
    if not found:  # the usual case: one run of the checks
        return
    before, known_list = settled(base, current)  # set aside, but not told: found again
    known = set(known_list)
    if before.conflicts:
        after = apply_edits(base, [*(e for e in before.applied if (e.table, e.key)
                                     not in slots), edit, *with_edits])
        found = dataset_problems(after.frames)
    new = [p for p in found if p not in known]
    if edit.operation == "retire":  # rows still using it: told once, as data import-edits does
        added = {(e.table, e.key) for e in current if e.operation == "add"} - slots
        told = retire_users(new, {(edit.table, edit.key): _HERE}, after.frames, added,
                            db=db)[1]
        if told:
            raise EditRejected({"": for_window(told[0])})
    new = [reword_edits(p, EDITOR, [edit], before.frames) for p in new]
    if not new:
        return
    frame = after.frames[edit.table]
    keys = list(frame_keys(frame, edit.table))
    line = keys.index(edit.key) + 2 if edit.key in keys else -1
    problems: dict[str, str] = {}
    elsewhere: list[str] = []  # of other rows: by id, not by a line of a merged table
    for problem in (name_repeated_rows(p, edit.table, keys) for p in new):
        m = _COLUMN.match(problem)
        if m and int(m["line"]) == line and problem.startswith(edit.table):
            problems.setdefault(m["col"], f"{m['col']}: {m['why']}")
            continue
        m2 = _LINE.match(problem)
        if m2 and int(m2["line"]) == line and problem.startswith(edit.table):
            problems.setdefault("", m2["why"])
        else:
            elsewhere.append(name_rows(problem, after.frames))
    if elsewhere:
        problems[""] = "; ".join(x for x in (problems.get(""), _listed(elsewhere)) if x)
    raise EditRejected(problems)


def _listed(problems: list[str], shown: int = 3) -> str:
    """Every problem (up to ``shown``, then how many more), one after the other."""
    more = len(problems) - shown
    head = (f"{len(problems)} problems: " if len(problems) > 1 else "")
    tail = f"; and {more:,} more" if more > 0 else ""
    return head + "; ".join(problems[:shown]) + tail


def lowered_pairs(edits: Iterable[Edit], before: Mapping[str, pd.DataFrame]) -> list[str]:
    """The access rows (``adopter.vendor``) that ``edits`` set to 0 and that are above 0 in
    ``before`` (an addition at 0, or a row already 0, is not lowered by them)."""
    out = []
    for edit in edits:
        if edit.table != "access" or edit.operation == "retire":
            continue
        row = find_row(before, "access", edit.key)
        if _number(edit.fields.get("access")) == 0 and row is not None and (
                _number(row.get("access")) or 0) > 0:
            out.append(edit.key)
    return out


def _number(text: object) -> float | None:
    try:
        return cell_number(text)
    except ValueError:
        return None


def reword_edits(problem: str, audience: str, edits: Iterable[Edit],
                 before: Mapping[str, pd.DataFrame]) -> str:
    """:func:`reword` for a check of ``edits`` made on ``before`` (the rows they lower to 0:
    keep them above 0, not raise them)."""
    return reword(problem, audience, lowered_pairs(edits, before))


_HERE = "\x00here"
"""Where a retirement is, for :func:`retire_users` (an import names its file and line)."""


def for_window(told: str) -> str:
    """A :func:`retire_users` message for a retirement made in the window: without where it
    is (an import's file and line) and the advice about that line of a file."""
    text = told.removeprefix(f"{_HERE}: ")
    text = re.sub(r"[;,] (?:or )?remove the line$", "", text)
    return text.replace(" (in this file or in the window)", "")


def withdrawal_users(base: Mapping[str, pd.DataFrame], edits: list[Edit],
                     slots: list[tuple[str, str]]) -> str | None:
    """The one :func:`retire_users` sentence of a withdrawal in the window of rows the user
    added (``slots``, (table, key), the selected row first: an adopter goes with its access
    rows) that other rows still use, naming them all (None: nothing uses them). Edits set
    aside (in conflict) are not among them: they do not apply either way."""
    overlay = settled(base, edits)[0]
    frames, edits = dict(overlay.frames), overlay.applied
    for table, key in slots:  # the rows as they would be without the withdrawn ones
        if table in frames:
            frame = frames[table]
            kept = [k != key for k in frame_keys(frame, table)]
            frames[table] = frame[kept].reset_index(drop=True)
    added = {(e.table, e.key) for e in edits
             if e.operation == "add" and (e.table, e.key) not in slots}
    for slot in slots:
        told = retire_users([], {slot: _HERE}, frames, added, withdrawn=True)[1]
        if told:
            return for_window(told[0])
    return None
