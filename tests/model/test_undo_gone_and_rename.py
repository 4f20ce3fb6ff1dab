"""Pass 13 window, D1 and D2: an undo or redo whose goal already holds (the copy it would delete
was deleted elsewhere) is done, not refused for good; undo and redo of a rename check the stamp
last seen, like every other step. Before, the undo of an Import or Duplicate whose copy another
program deleted said "There is no saved scenario named ..." for ever (blocking every earlier
step), and the undo of a rename moved another program's later save to the old name. Since
pass 21 W2 an undo or redo that would change another program's later save is passed over
(PassedOver, a note; the history moves on) instead of refused for ever."""

from __future__ import annotations

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from tests.model.test_document import DATASET, FakeStore


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def _delete_elsewhere(store: FakeStore, name: str) -> None:
    del store.rows[name]
    store.stamps.pop(name, None)


def test_undo_of_an_import_deleted_elsewhere_is_done_and_earlier_steps_follow(
        store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.3)
    doc.commit()
    name = doc.import_scenario(Scenario("Imp", "", {"lock_in": 0.55}))
    _delete_elsewhere(store, name)
    assert doc.undo() and doc.assumptions["lock_in"] == 1.3 and name not in store.rows
    assert doc.undo() and not doc.history.can_undo()  # the edit before it is undone too
    assert doc.redo()
    # pass 25 (24b B4): the redo no longer brings back, silently and under its name, the copy
    # another window deleted; it is saved as "Imp (restored)" and the note says so
    with pytest.raises(PassedOver, match="deleted or renamed \u201cImp\u201d since"):
        doc.redo()
    assert name not in store.rows and store.rows[f"{name} (restored)"].values == {"lock_in": 0.55}


def test_undo_of_a_duplicate_deleted_elsewhere_is_done(store: FakeStore) -> None:
    store.save("D", "", {"lock_in": 1.1})
    doc = Document(DATASET, store=store)
    copy = doc.duplicate("D")
    _delete_elsewhere(store, copy)
    assert doc.undo() and copy not in store.rows and not doc.history.can_undo()


def test_undo_of_an_import_deleted_and_saved_again_elsewhere_is_passed_over(
        store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    name = doc.import_scenario(Scenario("Imp", "", {"lock_in": 0.55}))
    _delete_elsewhere(store, name)
    store.save(name, "theirs", {"lock_in": 2.0})  # saved again since: a conflict
    with pytest.raises(PassedOver, match="left as it is"):
        doc.undo()
    assert store.rows[name] == Scenario(name, "theirs", {"lock_in": 2.0})


def test_undo_of_a_rename_keeps_a_later_save_of_the_new_name(store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    store.save("R2", "extR2", {"lock_in": 0.2})  # another program
    with pytest.raises(PassedOver, match="saved \u201cR2\u201d since"):
        doc.undo()
    assert store.rows == {"R2": Scenario("R2", "extR2", {"lock_in": 0.2})}
    assert not doc.history.can_undo()  # moved on


def test_redo_of_a_rename_keeps_a_later_save_of_the_old_name(store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    assert doc.undo() and "R1" in store.rows
    store.save("R1", "extR1", {"lock_in": 0.3})
    with pytest.raises(PassedOver, match="saved \u201cR1\u201d since"):
        doc.redo()
    assert store.rows == {"R1": Scenario("R1", "extR1", {"lock_in": 0.3})}


def test_undo_and_redo_of_a_rename_without_another_save_still_work(store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    for _ in range(2):
        assert doc.undo() and set(store.rows) == {"R1"}
        assert doc.redo() and set(store.rows) == {"R2"}
