"""Pass 105 (the pass-104 search widened: a third window, more names, ~31,000 checks):

F1 (overwritten without a question): an own step that deletes a name another window had
already deleted (the redo of a deletion, the undo of a duplicate or import, its copy gone)
left no stamp for that name; when another window saved it again and an undo or redo went back
to a state naming it, the copy was taken for the one seen. The name now keeps the stamp of its
own copy (a tombstone), as an own delete of a copy still there does (pass 104 F1).

F2 (a false question): a step's undo or redo gave back an old mark on a copy the user had since
saved here ("overwrite"): the undo of a rename (marks are given back only for names a step
wrote over, not those it renamed away; the rename itself carries the mark), and the redo of a
rename onto the working name (its kept mark goes at one's own Save there). Two stores on one
database file: two windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _values(db: Path) -> dict[str, dict[str, float]]:
    return {r.name: r.values for r in list_scenarios(db)}


# --- F1: an own delete that finds the copy gone keeps a stamp
def test_redo_of_a_deletion_that_finds_the_copy_gone(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)     # window B
    other.save("R", "B", {"lock_in": 1.1})
    doc.open("R")                             # A shows B's 1.1
    doc.new()
    doc.delete("R")
    assert doc.undo()                         # R put back (A's own write)
    other.delete("R")                         # B deletes it
    assert doc.redo()                         # A's deletion: already gone, done (no stamp kept)
    other.save("R", "B", {"lock_in": 1.7})    # B saves a new R, never seen in A
    with pytest.raises(PassedOver):
        doc.undo()                            # A's copy put back as "R (restored)"
    assert doc.undo()                         # undo "new": back to R, saved
    assert (doc.identity.name, doc.identity.source) == ("R", "saved")
    doc.set_value("lock_in", 2.5)
    with pytest.raises(SaveConflict):         # actual: no question
        doc.save()
    assert _values(synthetic_db)["R"] == {"lock_in": 1.7}   # actual: 2.5, B's copy gone


def test_undo_of_a_duplicate_that_finds_the_copy_gone(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    copy = doc.duplicate("Mine")              # "Mine (2)"
    doc.open(copy)
    doc.new()
    assert doc.undo() and doc.undo()          # back on "Mine"
    other.delete(copy)                        # B deletes the copy
    assert doc.undo()                         # undo of the duplicate: already gone, done
    other.save(copy, "B", {"lock_in": 1.7})   # B saves "Mine (2)", never seen in A
    with pytest.raises(PassedOver):
        doc.redo()                            # the duplicate goes to "Mine (2) (restored)"
    assert doc.redo()                         # redo "open Mine (2)": shows that name, saved
    assert (doc.identity.name, doc.identity.source) == (copy, "saved")
    doc.set_value("lock_in", 2.5)
    with pytest.raises(SaveConflict):         # actual: no question
        doc.save()
    assert _values(synthetic_db)[copy] == {"lock_in": 1.7}


def test_undo_of_an_import_that_finds_the_copy_gone(synthetic_db: Path) -> None:
    from chipscope.model.scenario import Scenario
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    assert doc.import_scenario(Scenario("X", "", {"lock_in": 0.5})) == "X"
    doc.new()
    other.delete("X")                         # B deletes the imported copy
    assert doc.undo() and doc.undo()          # "new", then the import: already gone, done
    other.save("X", "B", {"lock_in": 1.7})    # B saves "X", never seen in A
    with pytest.raises(PassedOver):
        doc.redo()                            # the import goes to "X (restored)"
    assert doc.redo() and doc.undo()          # "new" redone and undone: back to "X", saved
    assert (doc.identity.name, doc.identity.source) == ("X", "saved")
    doc.set_value("lock_in", 2.5)
    with pytest.raises(SaveConflict):         # actual: no question
        doc.save()
    assert _values(synthetic_db)["X"] == {"lock_in": 1.7}


# --- F2: no old mark back on a copy saved here since
def test_undo_of_a_rename_after_an_answered_overwrite_asks_nothing(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)     # window B
    other.save("R", "B", {"lock_in": 1.1})
    doc.open("R")                             # A shows B's 1.1
    other.save("R", "B", {"lock_in": 1.7})    # B saves R again
    doc.set_value("lock_in", 2.5)
    doc.rename("R", "X")                      # A's working scenario, renamed; mark goes along
    with pytest.raises(SaveConflict):
        doc.save()                            # right: X holds B's 1.7, never seen in A
    doc.save(overwrite=True)                  # the user answers "overwrite": X = 2.5, A's own
    assert doc.undo()                         # the rename undone: A's 2.5 back under R
    assert (doc.identity.name, doc.identity.source) == ("R", "saved")
    assert _values(synthetic_db)["R"] == {"lock_in": 2.5}
    doc.set_value("lock_in", 2.6)
    doc.save()                                # actual: SaveConflict about A's own copy
    assert _values(synthetic_db)["R"] == {"lock_in": 2.6}


def test_redo_of_a_rename_onto_the_working_name_after_an_answered_overwrite(
        synthetic_db: Path) -> None:
    """Same root through F3's kept mark: the redo puts the old mark back on a copy the user
    already chose to overwrite."""
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    other.save("X", "B", {"lock_in": 0.9})
    other.delete("Mine")                      # B deletes A's working "Mine"
    doc.set_value("lock_in", 2.5)
    doc.rename("X", "Mine")                   # another scenario onto the working name (F3)
    with pytest.raises(SaveConflict):
        doc.save()                            # right: Mine is not the copy A saw
    doc.save(overwrite=True)                  # the user answers "overwrite": Mine = 2.5, A's
    assert doc.undo()                         # rename back: A's 2.5 goes to X
    assert doc.redo()                         # and comes back to Mine
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.5}
    doc.set_value("lock_in", 2.6)
    doc.save()                                # actual?: SaveConflict about A's own copy
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.6}
