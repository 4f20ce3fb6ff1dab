"""The marks a step keeps for its redo (Document._keeping: a rename or duplicate of another
scenario onto the working name, pass 104 F3) are held only while they can matter: one's own
Save of that name drops them (pass 105 F2), and a dataset replacement, which clears the undo
history, drops them all. Before, the document's list of them only grew (review of pass 106)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _renamed_onto_the_working_name(db: Path, name: str, doc: Document | None = None
                                   ) -> Document:
    """A works on ``name``; B saves "Theirs <name>" and deletes ``name``; A renames B's
    scenario onto the free working name (its mark kept: Save asks)."""
    doc = doc or Document(load_dataset(db), store=DbScenarioStore(db))
    other = DbScenarioStore(db)
    doc.new()
    doc.set_value("lock_in", 1.3)
    doc.save_as(name)
    other.save(f"Theirs {name}", "B", {"lock_in": 1.7})
    other.delete(name)
    doc.rename(f"Theirs {name}", name)
    return doc


def test_ones_own_save_drops_the_kept_mark(synthetic_db: Path) -> None:
    doc = _renamed_onto_the_working_name(synthetic_db, "Mine")
    assert doc._kept == [{"Mine": doc._kept[0]["Mine"]}]
    with pytest.raises(SaveConflict):
        doc.save()
    doc.save(overwrite=True)                    # the user answered "replace"
    assert doc._kept == []
    assert {r.name: r.values for r in list_scenarios(synthetic_db)}["Mine"] == {"lock_in": 1.3}
    assert doc.undo() and doc.redo()            # the rename undone and done again: no question
    doc.save()


def test_a_dataset_replacement_drops_every_kept_mark(synthetic_db: Path) -> None:
    doc = _renamed_onto_the_working_name(synthetic_db, "Mine")
    _renamed_onto_the_working_name(synthetic_db, "Other", doc)
    assert [list(marks) for marks in doc._kept] == [["Mine"], ["Other"]]
    doc.replace_dataset(load_dataset(synthetic_db))
    assert doc._kept == [] and not doc.history.can_undo()
