"""Pass 13 window, D1, D2 and E1 against a real database: the undo of an Import whose copy
another program deleted is done; the undo of a rename after another program saved the new name
is refused with a SaveConflict naming it; an undo or redo refused for another save is worded
for an undo ("in the meantime; writing it now"), not as a Save ("since you opened it here")."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.undo import PassedOver
from chipscope.storage import (
    DbScenarioStore,
    SaveConflict,
    StorageError,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)

DATASET = synthetic_dataset()


def _doc(db: Path) -> Document:
    return Document(DATASET, store=DbScenarioStore(db))


def test_undo_of_an_import_deleted_elsewhere_is_done(db: Path) -> None:
    doc = _doc(db)
    name = doc.import_scenario(Scenario("Imp", "", {"lock_in": 0.55}))
    delete_scenario(db, name)  # another program
    assert doc.undo() and not doc.history.can_undo()
    assert [r.name for r in list_scenarios(db)] == []
    # pass 25 (24b B4): the redo no longer re-creates it silently under its name, undoing the
    # other program's delete; it is saved as "Imp (restored)" and the note says so
    with pytest.raises(PassedOver, match="deleted or renamed \u201cImp\u201d since"):
        doc.redo()
    assert load_scenario(db, f"{name} (restored)").values == {"lock_in": 0.55}
    assert [r.name for r in list_scenarios(db)] == [f"{name} (restored)"]


def test_a_plain_delete_of_a_missing_name_is_still_an_error(db: Path) -> None:
    with pytest.raises(StorageError, match="There is no saved scenario named 'Nope'"):
        delete_scenario(db, "Nope")
    delete_scenario(db, "Nope", undoing=True)  # an undo's goal: already holds


def test_undo_of_a_rename_after_another_save_is_passed_over(db: Path) -> None:
    """Pass 21 W2: the undo leaves the other save where it is and the history moves on (it
    was refused for ever); the store's own refusal, for a save between the look and the
    write, still names the scenario."""
    save_scenario(db, "R1", "", {"lock_in": 1.2})
    doc = _doc(db)
    doc.rename("R1", "R2")
    stamp = save_scenario(db, "R2", "extR2", {"lock_in": 0.2})  # another program
    with pytest.raises(PassedOver, match="saved \u201cR2\u201d since"):
        doc.undo()
    assert not doc.history.can_undo()
    assert [r.name for r in list_scenarios(db)] == ["R2"]
    assert load_scenario(db, "R2").description == "extR2"
    with pytest.raises(SaveConflict) as caught:
        rename_scenario(db, "R2", "R1", expected=stamp + "x", undoing=True)
    text = str(caught.value)
    assert "'R2'" in text and str(db) in text and "in the meantime" in text
    assert "renaming it to 'R1' now would move that change" in text


def test_rename_with_the_stamp_last_seen_goes_ahead(db: Path) -> None:
    stamp = save_scenario(db, "R1", "", {"lock_in": 1.2})
    rename_scenario(db, "R1", "R2", expected=stamp)
    assert [r.name for r in list_scenarios(db)] == ["R2"]


def test_undo_of_a_replacing_save_as_after_another_save_uses_the_undo_wording(db: Path) -> None:
    """Pass 21 W2: the undo no longer stops for ever: the other save stays, the copy the undo
    puts back goes under a free name; the store's refusal keeps the undo wording."""
    save_scenario(db, "S7", "seven", {"lock_in": 1.4})
    doc = _doc(db)
    doc.set_value("lock_in", 0.9)
    doc.save_as("S7", "mine", overwrite=True)
    stamp = save_scenario(db, "S7", "theirs", {"lock_in": 0.1})
    with pytest.raises(PassedOver, match="saved as \u201cS7 \\(restored\\)\u201d"):
        doc.undo()
    assert load_scenario(db, "S7").description == "theirs"
    assert load_scenario(db, "S7 (restored)").description == "seven"
    with pytest.raises(SaveConflict) as caught:
        save_scenario(db, "S7", "mine", {"lock_in": 0.9}, expected=stamp + "x", undoing=True)
    text = str(caught.value)
    assert "in the meantime; writing it now would overwrite that change" in text
    assert "since you opened it here" not in text


def test_a_save_keeps_the_save_wording(db: Path) -> None:
    stamp = save_scenario(db, "S8", "", {"lock_in": 1.4})
    save_scenario(db, "S8", "theirs", {"lock_in": 0.1})
    with pytest.raises(SaveConflict, match="since you opened it here; saving now"):
        save_scenario(db, "S8", "mine", {"lock_in": 2.0}, expected=stamp)
