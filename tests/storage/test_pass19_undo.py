"""Undo and redo of data edits another program changed meanwhile, and the undo of a rename whose
old name was taken (pass 19, D3 and E2). Qt-free: the document, the data editor and the user's
database as the window has them."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.data_editor import DataEditor
from chipscope.model.document import Document
from chipscope.model.edits import Edit, EditSource
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, StorageError, load_dataset
from chipscope.storage.overlay import load_overlay
from chipscope.storage.user_edits import DbEditStore, change_edits, list_edits, put_edits

SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "fair use quote")
ROW = {"adopter_id": "a0", "vendor_id": "v1", "access": "0.3"}
SLOT = ("access", "a0.v1")


def _editor(db: Path) -> DataEditor:
    base, _ = load_overlay(db)
    return DataEditor(Document(load_dataset(db)), base, DbEditStore(db))


def _value_step(doc: Document) -> tuple[str, float]:
    """One value change as an undo step; the key and its value before."""
    key = next(k for k in doc.specs if doc.specs[k].kind == "float")
    spec, before = doc.specs[key], doc.assumptions[key]
    doc.set_value(key, spec.hi if before != spec.hi else spec.lo)
    assert doc.commit()
    return key, before


def _elsewhere(db: Path, edit: Edit) -> Edit:
    """Another program replaces the row's edit (a CLI keep, a restored backup)."""
    theirs = Edit(*SLOT, "edit", {**edit.fields, "access": "0.9"}, SOURCE, "low",
                  "2026-12-01T00:00:00+00:00", edit.base_digest)
    put_edits(db, [theirs])
    return theirs


def test_undo_of_an_edit_another_program_dropped_is_passed_over_as_done(
        synthetic_db: Path) -> None:
    """`chipscope data drop-edit` (or a restored backup without the edit), then Edit > Undo:
    it refused for ever ("... try again") and every older step was stuck behind it."""
    editor = _editor(synthetic_db)
    doc = editor.document
    key, before = _value_step(doc)
    editor.edit(*SLOT, ROW, SOURCE, "medium")
    change_edits(synthetic_db, [], [SLOT])  # another program drops it
    with pytest.raises(PassedOver, match="already done it in the database; passed over"):
        doc.undo()
    assert list_edits(synthetic_db) == [] and doc.history.undo_label().endswith("change")
    assert doc.undo() and doc.assumptions[key] == before  # the older step is reachable
    assert doc.redo() and doc.redo()  # and the edit can be redone: nothing is in its way
    [again] = list_edits(synthetic_db)
    assert again.fields["access"] == "0.3"


def test_undo_and_redo_over_a_row_another_program_changed_leave_it_and_move_on(
        synthetic_db: Path) -> None:
    """Neither the undo (it would delete the other program's edit) nor the redo (it would
    overwrite it) changes the row; each is passed over with a note that does not say "try
    again", and the steps beyond stay reachable."""
    editor = _editor(synthetic_db)
    doc = editor.document
    key, before = _value_step(doc)
    mine = editor.edit(*SLOT, ROW, SOURCE, "medium")
    theirs = _elsewhere(synthetic_db, mine)
    with pytest.raises(PassedOver) as undone:
        doc.undo()
    assert "another window or program changed" in str(undone.value)
    assert "try again" not in str(undone.value) and "older steps" in str(undone.value)
    assert list_edits(synthetic_db) == [theirs]
    assert editor.row(*SLOT) is not None and editor.row(*SLOT)["access"] == "0.9"  # shown
    assert doc.undo() and doc.assumptions[key] == before
    assert doc.redo()
    with pytest.raises(PassedOver, match="newer steps"):
        doc.redo()  # the redo would overwrite it just the same
    assert list_edits(synthetic_db) == [theirs] and not doc.history.can_redo()


def test_redo_after_another_program_edited_the_row_an_undo_freed(synthetic_db: Path) -> None:
    """Undo took the edit back; another program then saved its own edit of that row: the
    redo is passed over (the other edit stays), not refused for ever."""
    editor = _editor(synthetic_db)
    mine = editor.edit(*SLOT, ROW, SOURCE, "medium")
    assert editor.document.undo() and list_edits(synthetic_db) == []
    theirs = _elsewhere(synthetic_db, mine)
    with pytest.raises(PassedOver, match="another window or program changed"):
        editor.document.redo()
    assert list_edits(synthetic_db) == [theirs]
    assert editor.document.history.can_undo()  # moved: the step is above it


def test_undo_of_an_import_another_program_partly_dropped_takes_back_the_rest(
        synthetic_db: Path) -> None:
    """Every kind of data-edit step follows the one rule: an import of two rows, one dropped
    elsewhere, is undone for the other without a note; both dropped: passed over as done."""
    editor = _editor(synthetic_db)
    first = editor.edit(*SLOT, ROW, SOURCE, "medium")
    assert editor.document.undo()
    other = Edit("access", "a0.v0", "edit", {**first.fields, "vendor_id": "v0", "access": "0.2"},
                 SOURCE, "low", first.created_at, "")
    editor.import_edits([first, other])
    change_edits(synthetic_db, [], [SLOT])
    assert editor.document.undo() and list_edits(synthetic_db) == []
    assert editor.document.redo() and len(list_edits(synthetic_db)) == 2
    change_edits(synthetic_db, [], [SLOT, ("access", "a0.v0")])
    with pytest.raises(PassedOver, match="already done"):
        editor.document.undo()


def test_undo_of_a_rename_whose_old_name_was_saved_again_is_worded_for_an_undo(
        synthetic_db: Path) -> None:
    """"Cannot undo: A scenario named 'X' already exists; choose another name.": an Undo has
    no name to choose."""
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.save_as("X")
    doc.rename("X", "Y")
    DbScenarioStore(synthetic_db).save("X", "", {})  # another window saves X again
    # since pass 25 the document's undo keeps that X and renames Y to a free name; the store's
    # own refusal (a save in between the check and the rename) is still worded for a step
    with pytest.raises(StorageError) as refused:
        DbScenarioStore(synthetic_db).rename("Y", "X", undoing=True)
    said = str(refused.value)
    assert "choose another name" not in said
    assert "'X' was saved since" in said and "try the step again" in said
    with pytest.raises(StorageError, match="choose another name"):  # the Rename itself
        DbScenarioStore(synthetic_db).rename("Y", "X")
    with pytest.raises(PassedOver, match="X \\(restored\\)"):
        doc.undo()
