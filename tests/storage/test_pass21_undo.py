"""Pass 21 (CLI D1, window W1): an undo or redo of a data-edit step could make an edit stop
applying without a word. W1: adding an adopter with its access rows is one step; another
program changed one of those rows, and the undo took back the others only, leaving an access
row without its adopter (or an adopter without access) as a silent conflict. D1: another
program added a deal at the new adopter (or at a chip the redo retires), and the undo (redo)
went through, the deal no longer applying. Withdrawing the row directly was refused. Now the
step changes nothing and is refused with the edit it would break and what to do first; once
that is done, the step goes through. Qt-free: the data editor over the user's database and
over the in-memory store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.data_editor import DataEditor, EditStore, MemoryEditStore
from chipscope.model.dataset import Dataset
from chipscope.model.document import Document
from chipscope.model.edits import Edit, EditRejected, EditSource, frames_as_text
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import load_dataset
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
ADOPTER = {"adopter_id": "zz", "name": "Zed Lab", "kind": "AI lab", "derivation": "guess"}
DEAL = {"deal_id": "zz_deal", "adopter_id": "zz", "vendor_id": "v3", "chip_id": "c11",
        "first_year": "2027", "last_year": "2029", "amount": "1000", "amount_unit": "units",
        "description": "theirs"}


def _editor(kind: str, synthetic_db: Path) -> DataEditor:
    if kind == "db":
        base, _ = load_overlay(synthetic_db)
        return DataEditor(Document(load_dataset(synthetic_db)), base, DbEditStore(synthetic_db))
    frames: dict[str, pd.DataFrame] = frames_as_text(synthetic_dataset().frames)
    return DataEditor(Document(Dataset.from_frames(dict(frames))), frames, MemoryEditStore())


def _other(store: EditStore, table: str, key: str, fields: dict[str, str],
           operation: str = "edit") -> Edit:
    """Another program stores an edit (`chipscope-cli data import-edits`), later than ours."""
    theirs = Edit(table, key, operation, fields, SOURCE, "low",  # type: ignore[arg-type]
                  "2099-01-01T00:00:00+00:00")
    store.change([theirs], [])
    return theirs


def _second(editor: DataEditor) -> DataEditor:
    """Another window on the same edits: its rows are completed as the window completes them."""
    return DataEditor(Document(editor.dataset), editor.base, editor.store)


def _slots(store: EditStore) -> dict[tuple[str, str], Edit]:
    return {(e.table, e.key): e for e in store.edits()}


@pytest.mark.parametrize("kind", ["db", "memory"])
@pytest.mark.parametrize("changed", [("access", "zz.v0"), ("adopters", "zz")])
def test_an_adopter_and_its_access_rows_are_undone_together_or_not_at_all(
        kind: str, changed: tuple[str, str], synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    doc, store = editor.document, editor.store
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    table, key = changed
    mine = _slots(store)[changed]
    change = {"access": "0.5"} if table == "access" else {"kind": "hyperscaler"}
    theirs = _other(store, table, key, {**mine.fields, **change}, mine.operation)
    before = _slots(store)
    with pytest.raises(EditRejected) as refused:
        doc.undo()
    said = str(refused.value)
    assert said.startswith(
        "the addition of adopters \u201czz\u201d with access to v0, v3 cannot be undone without "
        f"making the {theirs.describe()} (changed by another window or program since) stop "
        "applying: ")
    assert (f"Nothing was changed; first drop that edit with `chipscope-cli data drop-edit "
            f"{table} {key}`, then undo again; or by hand in Edit > Edit data\u2026: choose "
            f"{table}, select \u201c{key}\u201d and Retire it (that withdraws it)" in said), said
    assert said.endswith("(Edit > Undo would take back that change first).")
    assert _slots(store) == before  # nothing changed, theirs kept
    assert editor.conflicts == [] and doc.history.can_undo()  # the step is still there
    store.change([], [changed])  # the user withdraws that edit, as told
    assert doc.undo()
    assert _slots(store) == {} and editor.conflicts == []


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_an_undo_that_would_orphan_another_programs_deal_is_refused(
        kind: str, synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    doc, store = editor.document, editor.store
    editor.add_adopter(ADOPTER, ["v0", "v3"], SOURCE, "medium")
    deal = _second(editor).add("deals", DEAL, SOURCE, "low")
    editor.reload()
    before = _slots(store)
    with pytest.raises(EditRejected) as refused:
        doc.undo()
    assert ("cannot be undone without making the addition of deals \u201czz_deal\u201d "
            "(another edit) stop applying: " in str(refused.value))
    assert "'zz' is not a known adopter" in str(refused.value)
    assert _slots(store) == before and editor.conflicts == []
    assert deal in store.edits()


@pytest.mark.parametrize("kind", ["db", "memory"])
def test_a_redo_that_would_retire_a_chip_another_programs_deal_is_at_is_refused(
        kind: str, synthetic_db: Path) -> None:
    editor = _editor(kind, synthetic_db)
    doc, store = editor.document, editor.store
    editor.retire("chips", "c11", SOURCE, "medium")
    assert doc.undo()
    _second(editor).add("deals", {**DEAL, "adopter_id": "a0"}, SOURCE, "low")
    with pytest.raises(EditRejected, match="the retirement of chips \u201cc11\u201d cannot be "
                       "redone without making the addition of deals \u201czz_deal\u201d"):
        doc.redo()
    assert [e.key for e in store.edits()] == ["zz_deal"] and editor.conflicts == []
    assert doc.history.can_redo()
