"""Pass 106 (the pass-105 search with three windows and a check for any copy lost: ~530 seeds):

F1 (overwritten without a question, data lost): window A works on "Mine (restored)"; another
window deletes or renames away A's copy of it; A's undo of a deletion or a rename of ANOTHER
scenario puts that scenario back under the free name "Mine (restored)", which is A's working
name: the own write took the place of the working name's mark, and Save overwrote the only copy
of the other scenario. A put-back never takes the working name (nor any name whose copy the
window saw and did not itself delete): it goes to "Mine (restored 2)", and Save of the working
name asks (its copy is gone). Also the checks the pass built that held (H1-H4). Two stores on
one database file: two windows."""

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


# --- F1: a put-back onto the working name
@pytest.mark.parametrize("b_removes", ["delete", "rename"])
def test_put_back_onto_the_working_name_keeps_its_mark(synthetic_db: Path,
                                                      b_removes: str) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)          # window B
    other.save("Mine", "B", {"lock_in": 0.5})
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine (restored)")                 # A works on "Mine (restored)"
    doc.delete("Mine")                             # A deletes another scenario from the list
    if b_removes == "delete":
        other.delete("Mine (restored)")            # B deletes A's working copy
    else:
        other.rename("Mine (restored)", "X")       # B renames it away
    other.save("Mine", "B", {"lock_in": 0.7})      # and saves a new "Mine"
    with pytest.raises(PassedOver, match="Mine \\(restored 2\\)"):
        doc.undo()  # A's old Mine (0.5) put back, not under the working name
    assert (doc.identity.name, doc.identity.source) == ("Mine (restored)", "saved")
    assert _values(synthetic_db)["Mine (restored 2)"] == {"lock_in": 0.5}
    assert "Mine (restored)" not in _values(synthetic_db)
    doc.set_value("lock_in", 2.0)
    with pytest.raises(SaveConflict, match="deleted or renamed"):  # before: no question,
        doc.save()                                 # 0.5 overwritten
    assert _values(synthetic_db)["Mine (restored 2)"] == {"lock_in": 0.5}


def test_rename_undo_onto_the_working_name_keeps_its_mark(synthetic_db: Path) -> None:
    """Same root through a rename's undo: the free name it falls back to is the working one."""
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    other.save("X", "B", {"lock_in": 0.5})
    doc.set_value("lock_in", 1.1)
    doc.save_as("X (restored)")                    # A works on "X (restored)"
    doc.rename("X", "Y")                           # A renames another scenario
    other.delete("X (restored)")                   # B deletes A's working copy
    other.save("X", "B", {"lock_in": 0.7})         # and saves a new X
    with pytest.raises(PassedOver, match="X \\(restored 2\\)"):
        doc.undo()                                 # Y comes back, not as "X (restored)"
    assert (doc.identity.name, doc.identity.source) == ("X (restored)", "saved")
    assert _values(synthetic_db)["X (restored 2)"] == {"lock_in": 0.5}
    doc.set_value("lock_in", 2.0)
    with pytest.raises(SaveConflict, match="deleted or renamed"):
        doc.save()
    assert _values(synthetic_db)["X (restored 2)"] == {"lock_in": 0.5}
    assert "X (restored)" not in _values(synthetic_db)


# --- What held (H1-H4)
def _doc(db: Path) -> Document:
    return Document(load_dataset(db), store=DbScenarioStore(db))


def test_h1_import_onto_tombstoned_name_then_b_saves(synthetic_db: Path) -> None:
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine")
    other.save("R", "B", {"lock_in": 0.5})
    doc.open("R")
    doc.delete("Mine")
    assert doc.import_scenario(Scenario("Mine", "", {"lock_in": 1.2})) == "Mine"
    other.save("Mine", "B", {"lock_in": 1.7})
    with pytest.raises(PassedOver):
        doc.undo()                      # import's undo: Mine saved elsewhere, left
    with pytest.raises(PassedOver):
        doc.undo()                      # delete's undo: put back as Mine (restored)
    assert doc.undo()                   # open R undone: back to Mine
    assert (doc.identity.name, doc.identity.source) == ("Mine", "saved")
    with pytest.raises(SaveConflict):
        doc.save()
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.7}


def test_h2_same_without_b(synthetic_db: Path) -> None:
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine")
    other.save("R", "B", {"lock_in": 0.5})
    doc.open("R")
    doc.delete("Mine")
    doc.import_scenario(Scenario("Mine", "", {"lock_in": 1.2}))
    assert doc.undo() and doc.undo() and doc.undo()
    assert (doc.identity.name, doc.identity.source) == ("Mine", "saved")
    doc.set_value("lock_in", 1.3)
    doc.save()                          # own copy put back: no question
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.3}


def test_h3_save_as_over_tombstoned_resaved_name(synthetic_db: Path) -> None:
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine")
    doc.rename("Mine", "Z")             # tombstone on Mine
    other.save("Mine", "B", {"lock_in": 1.7})
    doc.set_value("lock_in", 1.4)
    doc.save_as("Mine", overwrite=True)  # knowingly replaces B's copy
    doc.set_value("lock_in", 1.5)
    doc.save()                          # own copy: no question
    assert doc.undo()                   # edit
    assert doc.undo()                   # save as undone: B's 1.7 back under Mine
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.7}
    assert doc.redo()                   # own write again
    assert doc.redo()
    doc.save()                          # own copy: no question
    assert _values(synthetic_db)["Mine"] == {"lock_in": 1.5}
    other.save("Mine", "B", {"lock_in": 1.9})
    with pytest.raises(SaveConflict):
        doc.save()


def test_h4_third_window_saves_after_kept_mark_cleared(synthetic_db: Path) -> None:
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    third = _doc(synthetic_db)
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine")
    other.save("X", "B", {"lock_in": 0.9})
    other.delete("Mine")
    doc.rename("X", "Mine")             # kept mark (false question by design)
    doc.save(overwrite=True)            # kept mark cleared
    assert doc.undo()                   # Mine -> X (A's saved values move)
    third.open("X")
    third.set_value("lock_in", 3.3)
    third.save()                        # C saves X since
    with pytest.raises(PassedOver):
        doc.redo()                      # X saved elsewhere: passed over
    doc.set_value("lock_in", 2.0)
    with pytest.raises(SaveConflict):   # Mine: not the copy A saw (gone)
        doc.save()
    assert _values(synthetic_db)["X"] == {"lock_in": 3.3}


# --- the root of F1: no put-back under a name the window saw a copy of
def test_put_back_never_takes_a_name_seen_here_that_an_undo_goes_back_to(
        synthetic_db: Path) -> None:
    """A worked on "Mine (restored)" (B's) earlier in its history; B deletes it; A's undo of a
    deletion of "Mine" puts the copy back: not under "Mine (restored)", where a further undo
    back to working on that name took the put-back for the copy seen, and Save overwrote it."""
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    other.save("Mine", "B", {"lock_in": 0.5})
    other.save("Mine (restored)", "B", {"lock_in": 0.9})
    doc.open("Mine (restored)")
    doc.new()
    doc.delete("Mine")
    other.delete("Mine (restored)")
    other.save("Mine", "B", {"lock_in": 0.7})
    with pytest.raises(PassedOver, match="Mine \\(restored 2\\)"):
        doc.undo()                                 # the deletion undone
    assert doc.undo()                              # new undone: back to "Mine (restored)"
    assert (doc.identity.name, doc.identity.source) == ("Mine (restored)", "saved")
    doc.set_value("lock_in", 2.0)
    with pytest.raises(SaveConflict, match="deleted or renamed"):
        doc.save()
    assert _values(synthetic_db) == {"Mine": {"lock_in": 0.7},
                                     "Mine (restored 2)": {"lock_in": 0.5}}


def test_undo_redo_undo_puts_back_under_the_same_free_name(synthetic_db: Path) -> None:
    """The name a step's own earlier run put back under and its redo deleted is free for it
    again: undo, redo, undo gives "Mine (restored)" each time, not a new number."""
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    other.save("Mine", "B", {"lock_in": 0.5})
    doc.delete("Mine")
    other.save("Mine", "B", {"lock_in": 0.7})
    for _ in range(2):
        with pytest.raises(PassedOver, match="saved as “Mine \\(restored\\)”"):
            doc.undo()
        assert _values(synthetic_db) == {"Mine": {"lock_in": 0.7},
                                         "Mine (restored)": {"lock_in": 0.5}}
        assert doc.redo()
        assert _values(synthetic_db) == {"Mine": {"lock_in": 0.7}}


def test_put_back_never_takes_a_name_this_window_deleted(synthetic_db: Path) -> None:
    """A deletes its working "Mine (restored)", then "Mine"; B saves a new "Mine". The undo of
    the second deletion puts A's copy of "Mine" back: not under the free "Mine (restored)",
    whose own undo, next, put its copy back over it (one copy lost)."""
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    other.save("Mine", "B", {"lock_in": 0.5})
    doc.set_value("lock_in", 1.1)
    doc.save_as("Mine (restored)")
    doc.delete("Mine (restored)")
    doc.delete("Mine")
    other.save("Mine", "B", {"lock_in": 0.7})
    with pytest.raises(PassedOver, match="Mine \\(restored 2\\)"):
        doc.undo()
    assert doc.undo()                              # "Mine (restored)" back under its name
    assert _values(synthetic_db) == {"Mine": {"lock_in": 0.7},
                                     "Mine (restored)": {"lock_in": 1.1},
                                     "Mine (restored 2)": {"lock_in": 0.5}}


def test_rename_undo_redo_undo_gives_the_same_free_name(synthetic_db: Path) -> None:
    doc, other = _doc(synthetic_db), DbScenarioStore(synthetic_db)
    other.save("X", "B", {"lock_in": 0.5})
    doc.rename("X", "Y")
    other.save("X", "B", {"lock_in": 0.7})
    for _ in range(2):
        with pytest.raises(PassedOver, match="named “X \\(restored\\)” instead"):
            doc.undo()
        assert _values(synthetic_db) == {"X": {"lock_in": 0.7},
                                         "X (restored)": {"lock_in": 0.5}}
        assert doc.redo()
        assert _values(synthetic_db) == {"X": {"lock_in": 0.7}, "Y": {"lock_in": 0.5}}
