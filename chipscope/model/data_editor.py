"""Adding, editing, duplicating and retiring rows of the dataset as document commands, so the
one undo history covers them. Pure: no Qt; storage goes through the :class:`EditStore`
protocol (``storage.user_edits.DbEditStore`` over the user's database; tests use a fake).

Each operation validates the row (:func:`~chipscope.model.edit_checks.check_edit`: one
message per bad field, :class:`~chipscope.model.edits.EditRejected`), saves the edit through
the store and replaces the document's dataset with the base plus every edit, keeping the
history (``Document.replace_dataset(keep_history=True)``): the projection follows at once, and
undo puts the previous edit (or none) back in the store and the dataset back with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Protocol

import pandas as pd

from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edit_checks import check_edit, complete_row
from chipscope.model.edits import (
    Conflict,
    Edit,
    EditRejected,
    EditSource,
    Operation,
    Overlay,
    build_dataset,
    find_row,
    key_column,
    rebase,
    row_digest,
)


class EditStore(Protocol):
    """Where the user's edits are kept, one per (table, key)."""

    def edits(self) -> list[Edit]: ...

    def put(self, edit: Edit) -> None:
        """Add the edit, or replace the one of the same (table, key)."""

    def put_all(self, edits: list[Edit]) -> None:
        """:meth:`put` each edit, all or none."""

    def remove(self, table: str, key: str) -> None:
        """Forget the edit of (table, key), if any."""


class MemoryEditStore:
    """An :class:`EditStore` in memory (tests; a dataset opened without a user database)."""

    def __init__(self, edits: list[Edit] | None = None):
        self._edits: dict[tuple[str, str], Edit] = {(e.table, e.key): e for e in edits or []}

    def edits(self) -> list[Edit]:
        return list(self._edits.values())

    def put(self, edit: Edit) -> None:
        self._edits.pop((edit.table, edit.key), None)
        self._edits[(edit.table, edit.key)] = edit

    def put_all(self, edits: list[Edit]) -> None:
        for edit in edits:
            self.put(edit)

    def remove(self, table: str, key: str) -> None:
        self._edits.pop((table, key), None)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class DataEditor:
    """The data edits of one document over one base (the bundled tables, as text).

    Parameters
    ----------
    document : the document whose dataset the edits change.
    base : the bundled tables as text (``edits.frames_as_text``).
    store : the user's edits.
    """

    def __init__(self, document: Document, base: Mapping[str, pd.DataFrame], store: EditStore):
        self.document = document
        self.base = dict(base)
        self.store = store
        self._overlay = build_dataset(self.base, store.edits())[1]
        self.dataset = document.dataset
        """The dataset this editor last gave the document (another means it was replaced
        from elsewhere: this editor's base is stale)."""

    # --- what there is ------------------------------------------------------------------------
    @property
    def overlay(self) -> Overlay:
        return self._overlay

    @property
    def conflicts(self) -> list[Conflict]:
        return list(self._overlay.conflicts)

    def row(self, table: str, key: str) -> dict[str, str] | None:
        """The row as the dataset shows it now (base plus edits), as text."""
        return find_row(self._overlay.frames, table, key)

    def is_user_row(self, table: str, key: str) -> bool:
        return any(e.table == table and e.key == key for e in self._overlay.applied)

    # --- operations -----------------------------------------------------------------------------
    def add(self, table: str, fields: Mapping[str, str], source: EditSource,
            confidence: str) -> Edit:
        """Add a row (its key in ``fields``); EditRejected naming each bad field."""
        key = str(fields.get(key_column(table), "")).strip()
        if self.row(table, key) is not None:
            raise _rejected(key_column(table), f"{key!r} is already a {table} row; edit it or "
                                               "choose another id")
        return self._save(table, key, "add", fields, source, confidence)

    def edit(self, table: str, key: str, fields: Mapping[str, str], source: EditSource,
             confidence: str) -> Edit:
        """Change a row (its key stays ``key``); EditRejected naming each bad field."""
        if self.row(table, key) is None:
            raise _rejected(key_column(table), f"{key!r} is not a {table} row")
        mine = self._mine(table, key)
        operation: Operation = "add" if mine is not None and mine.operation == "add" else "edit"
        return self._save(table, key, operation, {**fields, key_column(table): key}, source,
                          confidence)

    def duplicate(self, table: str, key: str, new_key: str, source: EditSource,
                  confidence: str) -> Edit:
        """Add a copy of row ``key`` under ``new_key`` (then edit it)."""
        row = self.row(table, key)
        if row is None:
            raise _rejected(key_column(table), f"{key!r} is not a {table} row")
        return self.add(table, {**row, key_column(table): new_key}, source, confidence)

    def retire(self, table: str, key: str, source: EditSource, confidence: str) -> Edit | None:
        """Take a row out of the dataset (recorded, with its source; undo brings it back). A
        row the user added is simply withdrawn (None is returned)."""
        row = self.row(table, key)
        if row is None:
            raise _rejected(key_column(table), f"{key!r} is not a {table} row")
        mine = self._mine(table, key)
        if mine is not None and mine.operation == "add":
            self._command(f"withdrawal of {table} \u201c{key}\u201d", None, (table, key))
            return None
        edit = Edit(table, key, "retire", row, source, confidence, _now(),
                    self._base_digest(table, key))
        check_edit(self.base, self.store.edits(), edit)
        self._command(edit.describe(), edit, (table, key))
        return edit

    def import_edits(self, edits: list[Edit]) -> None:
        """Store edits checked elsewhere (``storage.edit_files.read_edits_csv``) as ONE step:
        undo puts back what each row had before."""
        slots = [(e.table, e.key) for e in edits]
        before = {slot: self._mine(*slot) for slot in slots}

        def apply() -> None:
            self.store.put_all(edits)
            self.reload()

        def revert() -> None:
            self.store.put_all([e for e in before.values() if e is not None])
            for slot, prior in before.items():
                if prior is None:
                    self.store.remove(*slot)
            self.reload()

        doc = self.document
        doc.commit()
        apply()
        state = doc.state()
        doc.history.push(f"import of {len(edits)} data edit(s)", state, state,
                         redo_effect=apply, undo_effect=revert)

    # --- conflicts --------------------------------------------------------------------------
    def keep(self, table: str, key: str) -> Edit:
        """Resolve a conflict by keeping the user's row over the current bundled one."""
        edit = rebase(self._conflict(table, key).edit, self.base)
        check_edit(self.base, self.store.edits(), edit)
        self._command(f"keeping {edit.describe()}", edit, (table, key))
        return edit

    def drop(self, table: str, key: str) -> None:
        """Resolve a conflict (or withdraw any edit) by dropping the user's edit."""
        if self._mine(table, key) is None:
            raise _rejected("", f"there is no edit of {table} \u201c{key}\u201d")
        self._command(f"dropping the edit of {table} \u201c{key}\u201d", None, (table, key))

    # --- the machinery ----------------------------------------------------------------------------
    def _mine(self, table: str, key: str) -> Edit | None:
        return next((e for e in self.store.edits() if (e.table, e.key) == (table, key)), None)

    def _conflict(self, table: str, key: str) -> Conflict:
        found = next((c for c in self._overlay.conflicts
                      if (c.edit.table, c.edit.key) == (table, key)), None)
        if found is None:
            raise _rejected("", f"the edit of {table} \u201c{key}\u201d is not in conflict")
        return found

    def _base_digest(self, table: str, key: str) -> str:
        upstream = find_row(self.base, table, key)
        return "" if upstream is None else row_digest(upstream)

    def _save(self, table: str, key: str, operation: Operation, fields: Mapping[str, str],
              source: EditSource, confidence: str) -> Edit:
        row = complete_row(table, fields, self._overlay.frames)
        row[key_column(table)] = key
        base_digest = "" if operation == "add" else self._base_digest(table, key)
        edit = Edit(table, key, operation, row, source, confidence, _now(), base_digest)
        check_edit(self.base, self.store.edits(), edit)
        self._command(edit.describe(), edit, (table, key))
        return edit

    def _command(self, label: str, edit: Edit | None, slot: tuple[str, str]) -> None:
        """Put ``edit`` (None: no edit) in the store's ``slot`` as one undoable step."""
        previous = self._mine(*slot)

        def put(value: Edit | None) -> Callable[[], None]:
            def effect() -> None:
                if value is None:
                    self.store.remove(*slot)
                else:
                    self.store.put(value)
                self.reload()
            return effect

        doc = self.document
        doc.commit()
        put(edit)()
        state = doc.state()
        doc.history.push(label, state, state, redo_effect=put(edit), undo_effect=put(previous))

    def reload(self) -> Dataset:
        """Rebuild the dataset from the base and the stored edits and show it (undo kept)."""
        dataset, self._overlay = build_dataset(self.base, self.store.edits())
        self.dataset = dataset
        self.document.replace_dataset(dataset, keep_history=True)
        return dataset


def _rejected(field: str, why: str) -> EditRejected:
    return EditRejected({field: f"{field}: {why}" if field else why})
