"""Pass 109 F1 (false question): C imports "R" and works on it; B deletes "R"; C renames B's "X"
onto "R" (by design Save asks now). C's undo and redo go back and forth: the import's redo saves
"R" again (C's own copy), the rename's redo finds "R" taken and names X "R (restored)", and the
rename's undo moves that back to X. Neither touches "R", yet each gave "R" the mark of the copy
C saw before B deleted it, and Save asked about C's own copy. A step gives a mark back only for
a name its run wrote. Two stores on one database file: two windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _lock_in(db: Path) -> dict[str, float]:
    return {r.name: r.values["lock_in"] for r in list_scenarios(db)}


def _renamed_onto_the_deleted_working_name(db: Path) -> Document:
    doc, other = Document(load_dataset(db), store=DbScenarioStore(db)), DbScenarioStore(db)
    doc.import_scenario(Scenario("R", "", {"lock_in": 1.4}))   # C works on its own "R"
    other.save("X", "B", {"lock_in": 0.5})
    other.delete("R")                                          # B deletes it
    doc.rename("X", "R")                                       # by design: Save on R asks
    with pytest.raises(SaveConflict):
        doc.save()
    assert doc.undo()                                          # R -> X
    assert doc.undo()                                          # the import undone (R gone)
    assert doc.redo()                                          # C's import saves R again
    assert _lock_in(db) == {"R": 1.4, "X": 0.5}
    return doc


def test_save_after_the_undo_of_a_rename_passed_to_a_free_name_asks_nothing(
        synthetic_db: Path) -> None:
    doc = _renamed_onto_the_deleted_working_name(synthetic_db)
    with pytest.raises(PassedOver, match="R \\(restored\\)"):
        doc.redo()                                             # X -> "R (restored)"
    assert _lock_in(synthetic_db) == {"R": 1.4, "R (restored)": 0.5}
    doc.set_value("lock_in", 1.42)
    doc.save()                                                 # before: SaveConflict
    assert doc.undo() and doc.undo()                           # the edit, then the rename
    assert _lock_in(synthetic_db) == {"R": 1.42, "X": 0.5}
    assert (doc.identity.name, doc.identity.source) == ("R", "saved")
    doc.set_value("lock_in", 1.45)
    doc.save()                                                 # before: SaveConflict
    assert _lock_in(synthetic_db) == {"R": 1.45, "X": 0.5}


def test_save_after_redo_and_undo_asks_nothing(synthetic_db: Path) -> None:
    doc = _renamed_onto_the_deleted_working_name(synthetic_db)
    with pytest.raises(PassedOver):
        doc.redo()
    assert doc.undo()
    assert _lock_in(synthetic_db) == {"R": 1.4, "X": 0.5}
    doc.set_value("lock_in", 1.45)
    doc.save()                                                 # before: SaveConflict
    assert _lock_in(synthetic_db) == {"R": 1.45, "X": 0.5}


def test_the_copy_elsewhere_still_asks(synthetic_db: Path) -> None:
    """The same steps, but B saves "R" after the rename's undo: Save asks."""
    doc = _renamed_onto_the_deleted_working_name(synthetic_db)
    with pytest.raises(PassedOver):
        doc.redo()
    assert doc.undo()
    DbScenarioStore(synthetic_db).save("R", "B", {"lock_in": 1.9})
    doc.set_value("lock_in", 1.45)
    with pytest.raises(SaveConflict):
        doc.save()
    assert _lock_in(synthetic_db) == {"R": 1.9, "X": 0.5}
