"""Pass 101 (found again in session 52, its first fix lost): the mark of a copy another window
saved, deleted or renamed since it was seen here (Save asks) must survive every undo and redo
step, also those that put a copy back under a free name ("Mine (restored)") and those that
overwrite a marked name with one's own write and are then undone. Before, each case below let
Save overwrite a copy this window never saw without a question.

Two stores on one database file: ``doc`` is window A, ``other`` window B (and a third window)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _values(db: Path) -> dict[str, dict[str, float]]:
    return {r.name: r.values for r in list_scenarios(db)}


def _mine(db: Path) -> tuple[Document, DbScenarioStore]:
    """A saves "Mine" = 1.3 and types 1.5 (unsaved); B's store."""
    doc = Document(load_dataset(db), store=DbScenarioStore(db))
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    doc.set_value("lock_in", 1.5)
    doc.commit()
    return doc, DbScenarioStore(db)


def _save_asks(doc: Document, db: Path) -> None:
    """A's Save refuses (the window asks) and the database is as it was."""
    before = _values(db)
    with pytest.raises(SaveConflict):
        doc.save()
    assert _values(db) == before


def test_undo_of_a_deletion_put_back_under_a_free_name_keeps_the_mark(synthetic_db: Path
                                                                      ) -> None:
    doc, other = _mine(synthetic_db)
    other.save("Mine", "B", {"lock_in": 1.7})  # A never saw 1.7
    doc.delete("Mine")
    other.save("Mine", "B again", {"lock_in": 1.9})
    with pytest.raises(PassedOver, match="Mine \\(restored\\)"):
        doc.undo()
    assert (doc.identity.name, doc.identity.source) == ("Mine (restored)", "saved")
    assert _values(synthetic_db)["Mine (restored)"] == {"lock_in": 1.7}
    _save_asks(doc, synthetic_db)


def test_undo_of_a_rename_put_back_under_a_free_name_keeps_the_mark(synthetic_db: Path
                                                                    ) -> None:
    doc, other = _mine(synthetic_db)
    other.save("Mine", "B", {"lock_in": 1.7})
    doc.rename("Mine", "R")
    other.save("Mine", "B again", {"lock_in": 1.9})
    with pytest.raises(PassedOver, match="Mine \\(restored\\)"):
        doc.undo()
    assert doc.identity.name == "Mine (restored)"
    assert _values(synthetic_db)["Mine (restored)"] == {"lock_in": 1.7}
    _save_asks(doc, synthetic_db)


@pytest.mark.parametrize("third", [False, True])
def test_a_redo_from_a_free_name_passed_over_keeps_the_mark(synthetic_db: Path,
                                                            third: bool) -> None:
    """The rename's redo starts from the name its undo gave ("Mine (restored)"), not "Mine"."""
    doc, other = _mine(synthetic_db)
    doc.rename("Mine", "R")
    other.save("Mine", "B", {"lock_in": 1.7})
    with pytest.raises(PassedOver):
        doc.undo()  # R -> "Mine (restored)"
    other.save("Mine (restored)", "B", {"lock_in": 1.8})
    with pytest.raises(PassedOver, match="saved"):
        doc.redo()  # passed over: nothing renamed, the window goes to R
    assert doc.identity.name == "R" and "R" not in _values(synthetic_db)
    if third:
        other.save("R", "third", {"lock_in": 2.0})
    _save_asks(doc, synthetic_db)


@pytest.mark.parametrize("step", ["import", "rename"])
@pytest.mark.parametrize("third", [False, True])
def test_ones_own_write_over_a_name_deleted_elsewhere_undone_keeps_the_mark(
        synthetic_db: Path, step: str, third: bool) -> None:
    doc, other = _mine(synthetic_db)
    other.delete("Mine")
    doc.new()
    if step == "import":
        assert doc.import_scenario(Scenario("Mine", "", {"lock_in": 0.5})) == "Mine"
    else:
        doc.save_as("X")
        doc.rename("X", "Mine")
    assert doc.undo()  # the write over the name is undone: "Mine" is gone again
    while doc.identity.name != "Mine" or doc.identity.source != "saved":
        assert doc.undo()
    assert doc.assumptions["lock_in"] == 1.5 and "Mine" not in _values(synthetic_db)
    if third:
        other.save("Mine", "third", {"lock_in": 2.0})
    _save_asks(doc, synthetic_db)


def test_undo_of_a_save_as_over_a_copy_saved_elsewhere_keeps_the_mark(synthetic_db: Path
                                                                       ) -> None:
    doc, other = _mine(synthetic_db)
    other.save("Mine", "B", {"lock_in": 1.7})
    doc.new()
    doc.save_as("Mine")  # over B's copy (the window asked first)
    assert doc.undo() and _values(synthetic_db)["Mine"] == {"lock_in": 1.7}
    assert doc.undo() and doc.identity.name == "Mine" and doc.assumptions["lock_in"] == 1.5
    _save_asks(doc, synthetic_db)
    assert doc.redo() and doc.redo()  # one's own values saved again: Save asks nothing
    doc.save()


def test_undo_of_a_save_as_over_a_copy_seen_here_asks_nothing(synthetic_db: Path) -> None:
    doc, _ = _mine(synthetic_db)
    doc.new()
    doc.save_as("Mine")
    assert doc.undo() and doc.undo() and doc.identity.name == "Mine"
    doc.save()  # the copy put back is the one this window saw
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.5}
