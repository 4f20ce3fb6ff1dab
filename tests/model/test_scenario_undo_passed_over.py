"""Pass 21 W2 at the model level (an in-memory store standing in for the database another
window shares): one rule for every undo and redo of a scenario step that another window or
program changed since. It never overwrites, deletes or moves that change, and it is never
refused for ever: the history moves on (:class:`PassedOver`, with a note) so the older steps
stay reachable. A copy the step would put back is saved under a free name ("A (restored)")
instead of being lost; so is a scenario a rename step moves back onto a name saved since
(pass 25: it was refused, with a way out that led back to the refusal)."""

from __future__ import annotations

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_checks import MAX_NAME_LENGTH
from chipscope.model.undo import PassedOver
from tests.model.test_document import DATASET, FakeStore


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def _gone(store: FakeStore, name: str) -> None:
    del store.rows[name]
    store.stamps.pop(name, None)


def test_undo_and_redo_of_a_rename_deleted_elsewhere_are_passed_over(store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.3)
    doc.commit()
    doc.save_as("A")
    doc.rename("A", "B")
    _gone(store, "B")
    with pytest.raises(PassedOver, match=r"Undo of rename of \u201cA\u201d to \u201cB\u201d "
                                         r"passed over: .* \u201cB\u201d since.*older steps"):
        doc.undo()
    assert doc.history.index == 2 and not store.rows
    assert doc.undo() and doc.undo() and doc.assumptions["lock_in"] != 1.3
    assert doc.redo() and doc.redo() and set(store.rows) == {"A"}
    _gone(store, "A")
    with pytest.raises(PassedOver, match=r"Redo of rename .* \u201cA\u201d since.*newer steps"):
        doc.redo()
    assert not doc.history.can_redo() and not store.rows


def test_undo_of_a_rename_saved_elsewhere_leaves_that_save_and_moves_on(
        store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    store.save("R2", "extR2", {"lock_in": 0.2})  # another program
    with pytest.raises(PassedOver, match="saved \u201cR2\u201d since"):
        doc.undo()
    assert store.rows == {"R2": Scenario("R2", "extR2", {"lock_in": 0.2})}
    assert not doc.history.can_undo()


def test_undo_of_a_rename_onto_a_name_saved_since_goes_through_under_a_free_name(
        store: FakeStore) -> None:
    """Pass 25 (pass 23 F3): it was refused with "rename or delete it first, then try the step
    again", a dead end in the one window a database has: a rename or delete done here is the
    next step Undo undoes, which brings the name back. Now the other save is kept and the
    scenario is renamed back to a free name, like every copy a step puts back."""
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    store.save("R1", "new R1", {"lock_in": 0.4})
    with pytest.raises(PassedOver, match=r"saved \u201cR1\u201d since.*named "
                                         r"\u201cR1 \(restored\)\u201d instead"):
        doc.undo()
    assert store.rows == {"R1": Scenario("R1", "new R1", {"lock_in": 0.4}),
                          "R1 (restored)": Scenario("R1 (restored)", "", {"lock_in": 1.2})}
    assert not doc.history.can_undo()


def test_undo_of_a_delete_whose_name_was_saved_since_restores_under_a_free_name(
        store: FakeStore) -> None:
    store.save("A", "mine", {"lock_in": 1.2})
    store.save("A (restored)", "", {"lock_in": 0.1})  # taken too: the next free name
    doc = Document(DATASET, store=store)
    doc.open("A")
    doc.delete("A")
    store.save("A", "theirs", {"lock_in": 0.3})  # another window
    with pytest.raises(PassedOver, match="saved as \u201cA \\(restored 2\\)\u201d") as note:
        doc.undo()
    assert note.value.renamed == ("A", "A (restored 2)")
    assert store.rows["A"] == Scenario("A", "theirs", {"lock_in": 0.3})
    assert store.rows["A (restored 2)"] == Scenario("A (restored 2)", "mine", {"lock_in": 1.2})
    assert doc.identity.name == "A (restored 2)" and doc.identity.source == "saved"
    assert not doc.is_modified()
    assert doc.redo() and "A (restored 2)" not in store.rows and "A" in store.rows
    with pytest.raises(PassedOver, match="restored 2"):  # again: A is still taken
        doc.undo()
    assert store.rows["A (restored 2)"].description == "mine"


def test_redo_of_a_delete_whose_copy_was_saved_elsewhere_is_passed_over(
        store: FakeStore) -> None:
    store.save("A", "mine", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.delete("A")
    assert doc.undo() and "A" in store.rows
    store.save("A", "theirs", {"lock_in": 0.3})
    with pytest.raises(PassedOver, match="Redo of deletion of \u201cA\u201d passed over"):
        doc.redo()
    assert store.rows["A"] == Scenario("A", "theirs", {"lock_in": 0.3})
    assert not doc.history.can_redo()


def test_restored_names_keep_the_length_limit() -> None:
    from chipscope.model.scenario_store import restored_name

    long = "x" * MAX_NAME_LENGTH
    name = restored_name([long], long)
    assert len(name) == MAX_NAME_LENGTH and name.endswith(" (restored)")
    assert restored_name(["A (restored)", "A (restored 2)"], "A") == "A (restored 3)"
