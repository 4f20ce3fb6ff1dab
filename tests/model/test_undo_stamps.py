"""Undo and redo of the steps that write or delete a saved scenario (save as, import, duplicate)
check the stamp they last saw, as undo/redo of a deletion does: a copy another window saved in
between is never overwritten or deleted without a word (pass 12, finding A1). Before, undo of a
replacing Save As put the old copy back over the other window's save, undo of Import or
Duplicate deleted it, and redo wrote over it, all returning True. Since pass 21 W2 such a step
is not refused for ever either: the history moves on (PassedOver, a note); a copy it would put
back goes under a free name."""

from __future__ import annotations

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from tests.model.test_document import DATASET, FakeStore


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def _windows(store: FakeStore) -> tuple[Document, Document]:
    return Document(DATASET, store=store), Document(DATASET, store=store)


def _save_in(window: Document, name: str, value: float) -> None:
    """The other window opens ``name``, changes it and saves."""
    window.open(name)
    window.set_value("lock_in", value)
    window.commit()
    window.save()


def test_undo_of_a_replacing_save_as_keeps_a_later_save(store: FakeStore) -> None:
    store.save("S6", "six", {"lock_in": 1.4})
    one, two = _windows(store)
    one.set_value("lock_in", 0.9)
    one.save_as("S6", "one's", overwrite=True)  # the user answered Yes to "Replace?"
    _save_in(two, "S6", 0.1)
    with pytest.raises(PassedOver, match="S6 \\(restored\\)"):
        one.undo()
    assert store.rows["S6"].values == {"lock_in": 0.1}  # two's save is kept
    assert store.rows["S6 (restored)"] == Scenario("S6 (restored)", "six", {"lock_in": 1.4})
    assert one.history.index == 1  # moved on


def test_redo_of_a_replacing_save_as_keeps_a_later_save(store: FakeStore) -> None:
    store.save("S6", "six", {"lock_in": 1.4})
    one, two = _windows(store)
    one.set_value("lock_in", 0.9)
    one.save_as("S6", "one's", overwrite=True)
    assert one.undo() and store.rows["S6"] == Scenario("S6", "six", {"lock_in": 1.4})
    _save_in(two, "S6", 0.1)
    with pytest.raises(PassedOver, match="S6 \\(restored\\)"):
        one.redo()
    assert store.rows["S6"].values == {"lock_in": 0.1}
    assert store.rows["S6 (restored)"].values == {"lock_in": 0.9}
    assert one.identity.name == "S6 (restored)"


def test_redo_of_a_save_as_to_a_new_name_keeps_a_later_save(store: FakeStore) -> None:
    one, two = _windows(store)
    one.set_value("lock_in", 0.7)
    one.save_as("N1")
    assert one.undo()  # the new copy stays saved
    _save_in(two, "N1", 0.2)
    with pytest.raises(PassedOver, match="N1 \\(restored\\)"):
        one.redo()
    assert store.rows["N1"].values == {"lock_in": 0.2}


def test_undo_of_an_import_keeps_a_later_save(store: FakeStore) -> None:
    one, two = _windows(store)
    name = one.import_scenario(Scenario("Imp", "", {"lock_in": 1.0}))
    _save_in(two, name, 2.5)
    with pytest.raises(PassedOver, match="left as it is"):
        one.undo()
    assert store.rows[name].values == {"lock_in": 2.5}  # not deleted
    assert not one.history.can_undo()


def test_redo_of_an_import_keeps_a_scenario_saved_under_its_name(store: FakeStore) -> None:
    one, two = _windows(store)
    name = one.import_scenario(Scenario("Imp", "", {"lock_in": 1.0}))
    assert one.undo() and name not in store.rows
    two.set_value("lock_in", 0.4)
    two.save_as(name, "two's own")
    with pytest.raises(PassedOver, match="restored"):
        one.redo()
    assert store.rows[name] == Scenario(name, "two's own", {"lock_in": 0.4})


def test_undo_of_a_duplicate_keeps_a_later_save(store: FakeStore) -> None:
    store.save("D", "", {"lock_in": 1.1})
    one, _two = _windows(store)
    copy = one.duplicate("D")
    store.save(copy, "ext", {"lock_in": 0.4})  # another program
    with pytest.raises(PassedOver, match="left as it is"):
        one.undo()
    assert store.rows[copy] == Scenario(copy, "ext", {"lock_in": 0.4})


def test_undo_and_redo_without_another_save_still_work(store: FakeStore) -> None:
    store.save("S6", "six", {"lock_in": 1.4})
    store.save("D", "", {"lock_in": 1.1})
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 0.9)
    doc.save_as("S6", "mine", overwrite=True)
    name = doc.import_scenario(Scenario("Imp", "", {"lock_in": 1.0}))
    copy = doc.duplicate("D")
    for _ in range(2):  # each write checks the stamp the last one left: no false conflict
        assert doc.undo() and doc.undo() and doc.undo()
        assert copy not in store.rows and name not in store.rows
        assert store.rows["S6"] == Scenario("S6", "six", {"lock_in": 1.4})
        assert doc.redo() and doc.redo() and doc.redo()
        assert store.rows["S6"] == Scenario("S6", "mine", {"lock_in": 0.9})
        assert store.rows[name].values == {"lock_in": 1.0} and copy in store.rows


def test_the_windows_own_later_save_is_no_conflict(store: FakeStore) -> None:
    """Undo (or a step), then the window itself saves the name again, then redo (undo): its
    own save is no reason to refuse (the stamp its own last write left is the one checked)."""
    store.save("A", "", {"lock_in": 1.0})
    doc = Document(DATASET, store=store)
    doc.open("A")
    doc.delete("A")
    assert doc.undo() and doc.identity.source == "saved"  # saved back, the working one again
    doc.save()  # unchanged values: no step, so the deletion can still be redone; a new stamp
    assert doc.redo() and "A" not in store.rows
    store.save("S6", "six", {"lock_in": 1.4})
    doc.set_value("lock_in", 0.9)
    doc.save_as("S6", "mine", overwrite=True)
    doc.save()  # a new stamp again
    assert doc.undo() and store.rows["S6"] == Scenario("S6", "six", {"lock_in": 1.4})


def test_redo_after_the_windows_own_rename_is_no_conflict(store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    name = doc.import_scenario(Scenario("Imp", "", {"lock_in": 1.0}))
    doc.rename(name, "Other")
    assert doc.undo()  # "Other" -> "Imp", stamped anew by the store
    assert doc.undo() and name not in store.rows  # the import: the renamed-back copy goes
    assert doc.redo() and doc.redo() and store.rows["Other"].values == {"lock_in": 1.0}
