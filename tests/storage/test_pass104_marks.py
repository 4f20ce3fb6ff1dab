"""Pass 104: the mark of a copy another window saved, deleted or renamed since it was seen
here (Save asks) survives every step. Found by a random search over two windows' steps (2,350
runs, an oracle of who wrote each copy): F1-F3 let Save overwrite a copy this window never saw
without a question, F4 asked about one's own copy (a false question).

F1: an own delete or rename away dropped the name's stamp; an undo put the copy back under a
free name ("Mine (restored)") as another window saved "Mine" in between, and a later undo back
to a state named "Mine" took that window's copy for the one seen. The name keeps the stamp its
copy had (a tombstone). F2: a plain Save between an own write over a marked name and the
write's undo lost the mark. F3: a rename or duplicate of another scenario onto the working
name (deleted elsewhere) replaced its mark. F4: a new own write was taken for the undo of an
earlier one, and the old mark came back. Two stores on one database file: two windows."""

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


# --- F1: a put-back under a free name, then an undo back to the name
@pytest.mark.parametrize("away", ["delete", "rename"])
@pytest.mark.parametrize("then", ["new", "open"])
def test_undo_back_to_a_name_saved_elsewhere_after_a_put_back_asks(
        synthetic_db: Path, away: str, then: str) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")                 # A works on "Mine" = 1.3
    if then == "new":
        doc.new()
    else:
        other.save("X", "B", {"lock_in": 2.0})
        doc.open("X")
    if away == "delete":
        doc.delete("Mine")              # not the working one
    else:
        doc.rename("Mine", "R")
    other.save("Mine", "B", {"lock_in": 1.7})   # B saves "Mine"; A never sees 1.7
    with pytest.raises(PassedOver):
        doc.undo()                      # A's copy goes back as "Mine (restored)"
    assert doc.undo()                   # back to working on "Mine"
    assert (doc.identity.name, doc.identity.source) == ("Mine", "saved")
    with pytest.raises(SaveConflict):   # actual: no question, B's 1.7 overwritten
        doc.save()
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.7}


@pytest.mark.parametrize("away", ["delete", "rename"])
def test_undo_of_an_edit_after_a_put_back_asks(synthetic_db: Path, away: str) -> None:
    """The same with the working scenario itself: A renames (or deletes) its "Mine", B saves a
    new "Mine", A's undo puts A's copy back as "Mine (restored)", A's next undo (of a value
    edit, no storage step) goes back to a state named "Mine": B's copy is taken as seen."""
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    doc.set_value("lock_in", 1.5)
    doc.commit()                                # an edit step: Mine 1.3 -> 1.5
    if away == "delete":
        doc.delete("Mine")
    else:
        doc.rename("Mine", "R")
    other.save("Mine", "B", {"lock_in": 1.7})   # A never sees 1.7
    with pytest.raises(PassedOver):
        doc.undo()                              # A's copy back as "Mine (restored)"
    assert doc.identity.name == "Mine (restored)"
    assert doc.undo()                           # the edit undone: the state is named "Mine"
    assert (doc.identity.name, doc.identity.source) == ("Mine", "saved")
    with pytest.raises(SaveConflict):           # actual: no question, 1.7 overwritten
        doc.save()
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.7}


# --- F2: a plain Save before the undo of one's own write over a marked name
@pytest.mark.parametrize("step", ["import", "rename"])
@pytest.mark.parametrize("third", [False, True])
def test_a_save_between_ones_own_write_over_a_deleted_name_and_its_undo_keeps_the_mark(
        synthetic_db: Path, step: str, third: bool) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")                       # A works on "Mine" = 1.3
    other.delete("Mine")                      # B deletes it
    if step == "import":
        assert doc.import_scenario(Scenario("Mine", "", {"lock_in": 0.5})) == "Mine"
    else:
        doc.new()
        doc.save_as("X")
        doc.rename("X", "Mine")
    doc.save()                                # A's plain Save of its own copy: no question
    while doc.identity.name != "Mine" or doc.assumptions["lock_in"] != 1.3:
        assert doc.undo()                     # back to "Mine" = 1.3, whose copy B deleted
    assert doc.identity.source == "saved" and "Mine" not in _values(synthetic_db)
    if third:
        other.save("Mine", "B", {"lock_in": 1.7})   # A never sees 1.7
    with pytest.raises(SaveConflict):         # actual: no question (basis None: unchecked)
        doc.save()
    assert _values(synthetic_db).get("Mine") == (None if not third else {"lock_in": 1.7})


# --- F3: one's own rename or duplicate onto the working name
def test_save_after_renaming_another_scenario_onto_the_working_name_asks(synthetic_db: Path
                                                                         ) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")                       # A works on "Mine" = 1.3
    other.save("Theirs", "B", {"lock_in": 1.7})
    other.delete("Mine")                      # B deletes A's working scenario
    doc.rename("Theirs", "Mine")              # A renames B's scenario onto the free name
    assert (doc.identity.name, doc.identity.source) == ("Mine", "saved")
    assert _values(synthetic_db) == {"Mine": {"lock_in": 1.7}}
    with pytest.raises(SaveConflict):         # actual: no question; 1.7 is overwritten
        doc.save()
    assert _values(synthetic_db) == {"Mine": {"lock_in": 1.7}}


def test_save_after_a_duplicate_took_the_working_name_asks(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    other.save("R", "B", {"lock_in": 1.7})
    doc.set_value("lock_in", 1.3)
    doc.save_as("R (2)")                      # A works on "R (2)" = 1.3
    other.rename("R (2)", "Elsewhere")        # B renames it away
    assert doc.duplicate("R") == "R (2)"      # the copy gets the working scenario's name
    with pytest.raises(SaveConflict):         # actual: no question; the copy is overwritten
        doc.save()


# --- F4: one's own copy written again (no false question)
@pytest.mark.parametrize("step", ["import", "rename"])
def test_save_right_after_ones_own_save_as_asks_nothing(synthetic_db: Path, step: str) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    other.delete("Mine")                      # B deletes it
    if step == "import":
        doc.import_scenario(Scenario("Mine", "", {"lock_in": 0.5}))
    else:
        doc.new()
        doc.save_as("X")
        doc.rename("X", "Mine")
    doc.new()
    doc.set_value("lock_in", 2.2)
    doc.save_as("Mine")                       # over its own copy (the window asked "replace?")
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.2}
    doc.set_value("lock_in", 2.4)
    doc.save()                                # actual: SaveConflict "saved by another window"
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.4}


@pytest.mark.parametrize("elsewhere", ["delete", "rename"])
def test_save_after_undo_and_redo_of_ones_own_save_as_asks_nothing(
        synthetic_db: Path, elsewhere: str) -> None:
    """Simplest form: B deletes (renames away) A's "Mine"; A saves its untitled values as
    "Mine" again (the name is free), undoes and redoes that save as (the redo writes A's own
    copy again); Save asks "saved by another window" about A's own copy."""
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.3)
    doc.save_as("Mine")
    if elsewhere == "delete":
        other.delete("Mine")
    else:
        other.rename("Mine", "Elsewhere")
    doc.new()
    doc.set_value("lock_in", 2.2)
    doc.save_as("Mine")
    assert doc.undo() and doc.redo()          # the save as undone (its new copy stays) and redone
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.2}
    doc.set_value("lock_in", 2.4)
    doc.save()                                # actual: SaveConflict about A's own copy
    assert _values(synthetic_db)["Mine"] == {"lock_in": 2.4}
