"""Pass 20 (window D2): undoing an import of three data edits after another program changed ONE
of them passed the whole step over: all three stayed in the database, the other two could no
longer be undone, and the note said only "that data". Now the rows nobody changed are undone
(and redone) in one transaction, the changed one is left as it is, and the note names it.
Qt-free: the data editor over the user's database, and over the in-memory store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, EditStore, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import Edit, EditSource, find_row, frames_as_text, row_digest
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.undo import PassedOver
from chipscope.storage import load_dataset
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
KEYS = ("a0.v0", "a0.v1", "a1.v0")


def _editor(kind: str, tmp: Path, synthetic_db: Path) -> DataEditor:
    if kind == "db":
        base, _ = load_overlay(synthetic_db)
        return DataEditor(Document(load_dataset(synthetic_db)), base, DbEditStore(synthetic_db))
    frames: dict[str, pd.DataFrame] = frames_as_text(synthetic_dataset().frames)
    return DataEditor(Document(Dataset.from_frames(dict(frames))), frames, MemoryEditStore())


def _import(editor: DataEditor) -> list[Edit]:
    """An import of three access rows (one step)."""
    edits = []
    for key in KEYS:
        row = find_row(editor.base, "access", key)
        assert row is not None
        edits.append(Edit("access", key, "edit", {**row, "access": "0.5"}, SOURCE, "medium",
                          "2026-12-01T00:00:00+00:00", row_digest(row)))
    editor.import_edits(edits)
    return edits


def _elsewhere(store: EditStore, edit: Edit) -> Edit:
    """Another program replaces the edit of one row (`chipscope data import-edits`)."""
    theirs = Edit(edit.table, edit.key, "edit", {**edit.fields, "access": "0.9"}, SOURCE, "low",
                  "2026-12-02T00:00:00+00:00", edit.base_digest)
    store.change([theirs], [])
    return theirs


def _stored(store: EditStore) -> dict[str, str]:
    return {e.key: e.fields["access"] for e in store.edits()}


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_undo_of_an_import_leaves_only_the_row_another_program_changed(
        kind: str, tmp_path: Path, synthetic_db: Path) -> None:
    editor = _editor(kind, tmp_path, synthetic_db)
    doc, store = editor.document, editor.store
    edits = _import(editor)
    _elsewhere(store, edits[1])
    with pytest.raises(PassedOver) as undone:
        doc.undo()
    note = str(undone.value)
    assert note == ("Undo of import of 3 data edit(s): access \u201ca0.v1\u201d was changed by "
                    "another window or program since and is left as it is; the other 2 were "
                    "undone.")
    assert _stored(store) == {"a0.v1": "0.9"}  # the other two are undone, theirs stays
    shown = editor.row("access", "a0.v1")
    assert shown is not None and shown["access"] == "0.9"
    assert not doc.history.can_undo() and doc.history.can_redo()
    with pytest.raises(PassedOver, match="the other 2 were redone"):
        doc.redo()  # the two come back; theirs is not overwritten
    assert _stored(store) == {"a0.v0": "0.5", "a0.v1": "0.9", "a1.v0": "0.5"}


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_every_row_changed_elsewhere_passes_the_step_over_naming_them(
        kind: str, tmp_path: Path, synthetic_db: Path) -> None:
    editor = _editor(kind, tmp_path, synthetic_db)
    edits = _import(editor)
    for edit in edits:
        _elsewhere(editor.store, edit)
    with pytest.raises(PassedOver) as undone:
        editor.document.undo()
    assert str(undone.value).startswith(
        "Undo of import of 3 data edit(s) passed over: another window or program changed "
        "access \u201ca0.v0\u201d, access \u201ca0.v1\u201d and access \u201ca1.v0\u201d in the "
        "database since, and they are left as they are there")
    assert _stored(editor.store) == dict.fromkeys(KEYS, "0.9")
