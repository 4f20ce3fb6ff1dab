"""The user's edits of the dataset as an overlay on the bundled tables. Pure: no Qt, no I/O.

An :class:`Edit` adds, edits or retires one row of an editable table, with the source the user
cites and a confidence. Edits are kept apart from the bundled tables (in storage's
``user_edits``) and applied over them at every load (:func:`build_dataset`): a newer bundled
dataset can replace the base without losing them.

An edit or retire remembers the digest of the bundled row it was made against
(:func:`row_digest`). When that row changed or vanished upstream, or an added row's key now
exists upstream, or the edit no longer passes the data checks, the edit is a :class:`Conflict`:
kept, not applied, and shown to the user to keep, adapt or drop (never dropped silently).

Every cell is handled as the text a CSV holds: an edit is checked as ``data/*.csv`` are.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd

from chipscope.model.data_checks import extra_problems, reword
from chipscope.model.dataset import TABLES, Dataset, DatasetError
from chipscope.model.edit_culprits import find_culprits
from chipscope.model.edit_keys import (
    EDITABLE,
    KEY_SEP,
    frame_keys,
    key_column,
    key_columns,
    key_fields,
    key_of,
)
from chipscope.model.table_checks import MAX_TEXT_CHARS, date_problem, url_problem
from chipscope.model.text_rules import hidden_character

# The key helpers live in edit_keys; they are part of the edits' API too.
__all__ = [
    "EDITABLE",
    "KEY_SEP",
    "OPERATIONS",
    "USER_SOURCE_PREFIX",
    "ChangedElsewhere",
    "Conflict",
    "Edit",
    "EditRejected",
    "EditSource",
    "Operation",
    "Overlay",
    "apply_edits",
    "build_dataset",
    "cell_text",
    "dataset_problems",
    "find_row",
    "frame_keys",
    "frames_as_text",
    "key_column",
    "key_columns",
    "key_fields",
    "key_of",
    "rebase",
    "row_digest",
    "set_aside_culprits",
    "user_source_ids",
]

Operation = Literal["add", "edit", "retire"]
OPERATIONS: tuple[Operation, ...] = ("add", "edit", "retire")
USER_SOURCE_PREFIX = "user_"
"""Source ids made for the user's citations start with this (``user_3f2a9c01d2``)."""



@dataclass(frozen=True)
class EditSource:
    """Where the user's figure comes from: all four are required."""

    citation: str
    url: str
    retrieved: str  # YYYY-MM-DD
    licence: str
    existing_id: str = ""  # a source the dataset already has (then checked with it, not here)

    @property
    def source_id(self) -> str:
        if self.existing_id:
            return self.existing_id
        text = "\x1f".join((self.citation, self.url, self.retrieved, self.licence))
        return USER_SOURCE_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:10]

    def problems(self) -> dict[str, str]:
        """One message per bad field (empty: the source is complete)."""
        out: dict[str, str] = {}
        if self.existing_id:
            return out
        if not self.citation.strip():
            out["citation"] = "citation: empty; say who published the figure, and where"
        # The rules of the sources table's url and retrieved columns (data check too).
        if why := url_problem(self.url):
            out["url"] = f"url: {why}"
        if why := date_problem(self.retrieved):
            out["retrieved"] = f"retrieved: {why}"
        if not self.licence.strip():
            out["licence"] = "licence: empty; name the source's licence (or 'fair use quote')"
        for name in ("citation", "url", "licence"):  # as data check bounds a sources cell
            if name not in out and len(text := getattr(self, name)) > MAX_TEXT_CHARS:
                out[name] = f"{name}: {len(text):,} characters, more than {MAX_TEXT_CHARS:,}"
            elif name not in out and (why := hidden_character(text)) is not None:
                # named at its field, not by the made-up id of the sources row it becomes
                # (pass 77, F2)
                out[name] = f"{name}: {why}"
        return out

    def row(self) -> dict[str, str]:
        """The ``sources`` row this citation becomes."""
        return {"source_id": self.source_id, "citation": self.citation.strip(),
                "url": self.url.strip(), "retrieved": self.retrieved.strip(),
                "licence": self.licence.strip()}


@dataclass(frozen=True)
class Edit:
    """One row added, edited or retired by the user. ``fields`` are the row's cells as text
    (the whole row for add and edit; the retired row as it was, for the record)."""

    table: str
    key: str
    operation: Operation
    fields: Mapping[str, str]
    source: EditSource
    confidence: str
    created_at: str = ""
    base_digest: str = ""  # row_digest of the bundled row it was made against ('' for add)

    def describe(self) -> str:
        verb = {"add": "addition", "edit": "edit", "retire": "retirement"}[self.operation]
        return f"{verb} of {self.table} \u201c{self.key}\u201d"


@dataclass(frozen=True)
class Conflict:
    """An edit kept but not applied, and why (one sentence)."""

    edit: Edit
    reason: str


@dataclass(frozen=True)
class Overlay:
    """The result of applying the edits: the dataset's frames (text) and what was skipped."""

    frames: dict[str, pd.DataFrame]
    applied: list[Edit] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class ChangedElsewhere(Exception):
    """An :class:`~chipscope.model.edit_store.EditStore` refused to change a row another
    window or program changed since it was read (storage: EditsChanged); nothing changed."""


class EditRejected(ValueError):
    """An edit that cannot be saved. ``problems`` maps each bad field to its message ('' for
    a problem of the whole row)."""

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()) or "the edit is invalid")


# --- cells as text --------------------------------------------------------------------------
def cell_text(value: Any) -> str:
    """A cell as a CSV writes it: '' for empty, 'true'/'false', numbers without noise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def frames_as_text(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table's cells as text (the base the edits apply to)."""
    out = {}
    for name, frame in frames.items():
        cols = TABLES[name].column_names if name in TABLES else list(frame.columns)
        cols = [c for c in cols if c in frame.columns]
        out[name] = pd.DataFrame({c: [cell_text(v) for v in frame[c]] for c in cols},
                                 columns=cols, dtype=object)
    return out


def row_digest(fields: Mapping[str, str]) -> str:
    """A short digest of a row's cells (the bundled row an edit was made against)."""
    text = json.dumps({k: str(v) for k, v in fields.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def find_row(frames: Mapping[str, pd.DataFrame], table: str, key: str) -> dict[str, str] | None:
    """The row of ``table`` whose key is ``key``, as text, or None."""
    frame = frames[table]
    hits = frame.index[frame_keys(frame, table) == key]
    if len(hits) == 0:
        return None
    return {c: cell_text(frame.at[hits[0], c]) for c in frame.columns}


# --- applying ---------------------------------------------------------------------------------
def _with_source(edit: Edit) -> dict[str, str]:
    """The row the edit puts in its table: its fields, its source and confidence."""
    row = {k: str(v) for k, v in edit.fields.items()}
    row.update(key_fields(edit.table, edit.key))
    if edit.table != "sources":
        row["source_id"] = edit.source.source_id
        row["confidence"] = edit.confidence
    return row


def _row_finder(base: Mapping[str, pd.DataFrame]) -> Callable[[str, str], dict[str, str] | None]:
    """:func:`find_row` over ``base`` with each table's keys indexed once (many edits)."""
    index: dict[str, dict[str, int]] = {}

    def find(table: str, key: str) -> dict[str, str] | None:
        if table not in index:
            keys = frame_keys(base[table], table)
            index[table] = {}
            for pos, k in enumerate(keys):
                index[table].setdefault(k, pos)
        at = index[table].get(key)
        if at is None:
            return None
        frame = base[table]
        return {c: cell_text(frame[c].iat[at]) for c in frame.columns}
    return find


def _conflict_reason(base: Mapping[str, pd.DataFrame], edit: Edit,
                     find: Callable[[str, str], dict[str, str] | None] | None = None
                     ) -> str | None:
    upstream = (find or _row_finder(base))(edit.table, edit.key)
    if edit.operation == "add":
        if upstream is not None:
            return (f"the bundled data now has a {edit.table} row \u201c{edit.key}\u201d of its "
                    "own")
        return None
    if upstream is None:
        return f"the bundled {edit.table} row \u201c{edit.key}\u201d is no longer there"
    if row_digest(upstream) != edit.base_digest:
        return f"the bundled {edit.table} row \u201c{edit.key}\u201d changed since the edit"
    return None


def _apply_one(frames: dict[str, pd.DataFrame], edit: Edit) -> None:
    """Apply one (non-conflicting) edit to ``frames`` in place (new frame objects)."""
    table = frames[edit.table]
    keys = frame_keys(table, edit.table)
    if edit.operation == "retire":
        frames[edit.table] = table[keys != edit.key].reset_index(drop=True)
        return
    row = _with_source(edit)
    new = pd.DataFrame([{c: row.get(c, "") for c in table.columns}], columns=table.columns,
                       dtype=object)
    if edit.operation == "edit":
        table = table[keys != edit.key]
    frames[edit.table] = pd.concat([table, new], ignore_index=True)
    if edit.table != "sources":
        src = frames["sources"]
        if not (src["source_id"].astype(str) == edit.source.source_id).any():
            srow = edit.source.row()
            frames["sources"] = pd.concat([src, pd.DataFrame(
                [{c: srow.get(c, "") for c in src.columns}], columns=src.columns, dtype=object)],
                ignore_index=True)


def apply_edits(base: Mapping[str, pd.DataFrame], edits: list[Edit]) -> Overlay:
    """``base`` (text frames, :func:`frames_as_text`) with every edit that still applies."""
    applied, conflicts = [], []
    find = _row_finder(base)
    for edit in edits:
        reason = _conflict_reason(base, edit, find)
        if reason is not None:
            conflicts.append(Conflict(edit, reason))
            continue
        applied.append(edit)
    return Overlay(_apply_all(base, applied), applied, conflicts)


def _apply_all(base: Mapping[str, pd.DataFrame], edits: list[Edit]) -> dict[str, pd.DataFrame]:
    """``base`` with every edit applied, as :func:`_apply_one` one after the other would, in
    time linear in the number of edits (one filter and one concat per table, not per edit:
    thousands of edits stay fast)."""
    removed: dict[str, set[str]] = {}
    added: dict[str, dict[int, tuple[str, dict[str, str]]]] = {}
    seqs: dict[tuple[str, str], list[int]] = {}
    counter = itertools.count()

    def drop(table: str, key: str) -> None:
        removed.setdefault(table, set()).add(key)
        for seq in seqs.pop((table, key), []):
            added[table].pop(seq, None)

    def append(table: str, key: str, row: dict[str, str]) -> None:
        seq = next(counter)
        added.setdefault(table, {})[seq] = (key, row)
        seqs.setdefault((table, key), []).append(seq)

    src_ids = set(base["sources"]["source_id"].astype(str)) if "sources" in base else set()
    for edit in edits:
        if edit.operation != "add":
            drop(edit.table, edit.key)
        if edit.operation == "retire":
            continue
        append(edit.table, edit.key, _with_source(edit))
        if edit.table == "sources":
            continue
        sid = edit.source.source_id
        present = ((sid in src_ids and sid not in removed.get("sources", set()))
                   or ("sources", sid) in seqs)
        if not present:
            append("sources", sid, edit.source.row())
    frames = dict(base)
    for table in set(removed) | set(added):
        frame = frames[table]
        keys = frame_keys(frame, table)
        kept = frame[~keys.isin(removed.get(table, set()))]
        rows = [row for _, (_, row) in sorted(added.get(table, {}).items())]
        new = pd.DataFrame([{c: r.get(c, "") for c in frame.columns} for r in rows],
                           columns=frame.columns, dtype=object)
        frames[table] = pd.concat([kept, new], ignore_index=True) if rows else (
            kept.reset_index(drop=True))
    return frames


def dataset_problems(frames: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every problem the data checks find in text ``frames`` (empty: sound)."""
    try:
        dataset = Dataset.from_frames(dict(frames))
    except DatasetError as exc:
        return exc.problems
    return extra_problems(dataset)


def build_dataset(base: Mapping[str, pd.DataFrame], edits: list[Edit]) -> tuple[Dataset,
                                                                                 Overlay]:
    """The dataset the app shows: ``base`` with the edits applied. An edit that would make the
    dataset fail the data checks (a chip it names was retired upstream...) is a conflict too;
    the base itself must be sound (DatasetError otherwise)."""
    overlay = apply_edits(base, edits)
    if overlay.applied:
        dataset = _sound(overlay.frames)  # the usual case: the checks run once
        if dataset is not None:
            return dataset, overlay
        overlay = set_aside_culprits(base, overlay)
    return Dataset.from_frames(dict(overlay.frames)), overlay


def set_aside_culprits(base: Mapping[str, pd.DataFrame], overlay: Overlay) -> Overlay:
    """``overlay`` (of :func:`apply_edits`) with the applied edits that make the data checks
    fail set aside as conflicts, as :func:`build_dataset` shows them: found from the problems,
    or else by groups (:func:`~chipscope.model.edit_culprits.find_culprits`)."""
    applied, failed, frames = find_culprits(base, overlay.applied, _apply_all, dataset_problems)
    conflicts = [*overlay.conflicts, *(
        Conflict(edit, f"it no longer passes the data checks ({reword(problem)})")
        for edit, problem in failed)]
    return Overlay(frames, applied, conflicts)


def _sound(frames: Mapping[str, pd.DataFrame]) -> Dataset | None:
    """The dataset of ``frames`` if it passes every data check, else None."""
    try:
        dataset = Dataset.from_frames(dict(frames))
    except DatasetError:
        return None
    return None if extra_problems(dataset) else dataset


def rebase(edit: Edit, base: Mapping[str, pd.DataFrame]) -> Edit:
    """The edit made against the current bundled row ("keep mine" for a conflict): an edit
    whose row vanished upstream becomes an addition; an addition whose key now exists upstream
    becomes an edit of that row."""
    upstream = find_row(base, edit.table, edit.key)
    if upstream is None:
        if edit.operation == "retire":
            raise ValueError(f"{edit.describe()}: the row is gone upstream; drop the edit")
        return replace(edit, operation="add", base_digest="")
    operation: Operation = "edit" if edit.operation == "add" else edit.operation
    return replace(edit, operation=operation, base_digest=row_digest(upstream))


def user_source_ids(frames: Mapping[str, pd.DataFrame]) -> set[str]:
    return {s for s in frames["sources"]["source_id"].astype(str)
            if s.startswith(USER_SOURCE_PREFIX)}
