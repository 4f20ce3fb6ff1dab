"""Pass 25 (attack passes 23 and 24b), at the model level with an in-memory store standing in
for the database another window shares:

- 24b B4: an undo or redo never silently puts back, under its old name, a scenario another
  window deleted or renamed since (the import's redo brought "A" back and so undid the other
  window's delete without a word); it is saved as "A (restored)" and the note says so.
- 24b B5: names of hundreds of characters were printed whole in step labels ("Undo rename
  ..."), notes and messages; :func:`named` shortens them to 40 characters.
- 23 F3: the undo of a rename whose old name was saved since was refused with "rename or
  delete it first, then try the step again"; done in this window (the only one a database
  has), that rename or delete is the next step Undo undoes, which brings the name back: the
  undo was refused again, for ever. Now it goes through under a free name.
"""

from __future__ import annotations

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_store import NAME_SHOWN, named
from chipscope.model.undo import PassedOver
from tests.model.test_document import DATASET, FakeStore


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


def _gone(store: FakeStore, name: str) -> None:  # another window deletes it
    del store.rows[name]
    store.stamps.pop(name, None)


def _renamed(store: FakeStore, old: str, new: str) -> None:  # another window renames it
    store.rename(old, new)


def test_undo_then_redo_of_an_import_deleted_elsewhere_does_not_silently_bring_it_back(
        store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    name = doc.import_scenario(Scenario("A", "", {"lock_in": 0.55}))
    _gone(store, name)
    assert doc.undo() and not store.rows
    with pytest.raises(PassedOver, match=r"Redo of import of \u201cA\u201d: another window or "
                       r"program deleted or renamed \u201cA\u201d since.*saved as "
                       r"\u201cA \(restored\)\u201d") as note:
        doc.redo()
    assert set(store.rows) == {"A (restored)"} and note.value.renamed == ("A", "A (restored)")
    assert doc.identity.name == "A (restored)" and not doc.is_modified()
    assert doc.undo() and not store.rows  # the undo deletes what the redo put back
    with pytest.raises(PassedOver, match="restored"):  # and again: never silently "A"
        doc.redo()
    assert set(store.rows) == {"A (restored)"}


def test_redo_of_an_import_renamed_elsewhere_keeps_the_other_name(store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    name = doc.import_scenario(Scenario("A", "", {"lock_in": 0.55}))
    _renamed(store, name, "B")
    assert doc.undo() and set(store.rows) == {"B"}  # nothing of its own left to delete
    with pytest.raises(PassedOver, match="deleted or renamed \u201cA\u201d"):
        doc.redo()
    assert set(store.rows) == {"B", "A (restored)"}


def test_redo_of_a_save_as_deleted_elsewhere_does_not_silently_bring_it_back(
        store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.3)
    doc.save_as("A")
    _gone(store, "A")
    assert doc.undo()  # a new copy stays saved on undo: nothing to do
    with pytest.raises(PassedOver, match="saved as \u201cA \\(restored\\)\u201d"):
        doc.redo()
    assert set(store.rows) == {"A (restored)"}
    assert doc.undo() and doc.history.can_redo()
    with pytest.raises(PassedOver, match="\u201cA \\(restored\\)\u201d"):  # the same copy
        doc.redo()
    assert set(store.rows) == {"A (restored)"}


def test_undo_of_a_save_as_overwrite_deleted_elsewhere_puts_the_old_copy_under_a_free_name(
        store: FakeStore) -> None:
    store.save("A", "old", {"lock_in": 1.1})
    store.save("A (restored)", "someone's", {"lock_in": 0.9})  # never overwritten
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.3)
    doc.save_as("A", overwrite=True)
    _gone(store, "A")
    with pytest.raises(PassedOver, match="\u201cA \\(restored 2\\)\u201d"):
        doc.undo()
    assert "A" not in store.rows and store.rows["A (restored 2)"].description == "old"
    assert store.rows["A (restored)"].description == "someone's"


def test_undo_of_a_delete_whose_copy_was_deleted_again_elsewhere_says_so(
        store: FakeStore) -> None:
    store.save("A", "mine", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.delete("A")
    assert doc.undo() and "A" in store.rows
    _gone(store, "A")  # the other window deletes it again
    assert doc.redo() and not store.rows  # its goal holds
    with pytest.raises(PassedOver, match="deleted or renamed \u201cA\u201d since"):
        doc.undo()
    assert set(store.rows) == {"A (restored)"}


def test_steps_without_another_window_are_unchanged(store: FakeStore) -> None:
    doc = Document(DATASET, store=store)
    name = doc.import_scenario(Scenario("A", "", {"lock_in": 0.55}))
    for _ in range(2):
        assert doc.undo() and not store.rows
        assert doc.redo() and set(store.rows) == {name}


LONG = "L" * 300


def test_named_shortens_to_forty_characters() -> None:
    assert named("A") == "A" and named("x" * NAME_SHOWN) == "x" * NAME_SHOWN
    assert named(LONG) == "L" * 39 + "\u2026" and len(named(LONG)) == 40 == NAME_SHOWN


def _longest_run(text: str) -> int:
    return max(len(run) for run in text.replace("M", "L").split(" ")) if text else 0


def test_long_names_are_shortened_in_labels_and_notes(store: FakeStore) -> None:
    store.save(LONG, "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    other = "M" * 300
    doc.rename(LONG, other)
    step = doc.history.next_undo()
    assert step is not None
    assert step.label == f"rename of \u201c{named(LONG)}\u201d to \u201c{named(other)}\u201d"
    assert "L" * 40 not in step.label and len(step.label) < 100
    store.save(LONG, "theirs", {"lock_in": 0.3})
    with pytest.raises(PassedOver) as note:
        doc.undo()
    said = str(note.value)
    assert "L" * 40 not in said and "M" * 40 not in said and named(LONG) in said
    doc.delete(other if other in store.rows else next(n for n in store.rows if n != LONG))
    step = doc.history.next_undo()
    assert step is not None and "L" * 40 not in step.label
    with pytest.raises(KeyError) as missing:
        doc.saved_record("N" * 300)
    assert "N" * 40 not in str(missing.value)
    name = doc.import_scenario(Scenario("I" * 300, "", {"lock_in": 0.5}))
    step = doc.history.next_undo()
    assert step is not None and "I" * 40 not in step.label and named(name) in step.label


def test_undo_of_a_rename_onto_a_name_saved_since_goes_through_under_a_free_name(
        store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.open("R1")
    doc.rename("R1", "R2")
    store.save("R1", "theirs", {"lock_in": 0.4})  # another window (or this one) saves R1
    with pytest.raises(PassedOver, match="Undo of rename of \u201cR1\u201d to \u201cR2\u201d: "
                       "another window or program saved \u201cR1\u201d since, so it is left as "
                       "it is; the scenario this step renames is named \u201cR1 \\(restored\\)"
                       "\u201d instead") as note:
        doc.undo()
    assert note.value.renamed == ("R1", "R1 (restored)")
    assert store.rows == {"R1": Scenario("R1", "theirs", {"lock_in": 0.4}),
                          "R1 (restored)": Scenario("R1 (restored)", "", {"lock_in": 1.2})}
    assert doc.identity.name == "R1 (restored)" and doc.history.index == 1  # past the rename
    assert doc.redo() and set(store.rows) == {"R1", "R2"}  # the redo renames it to R2 again
    assert doc.identity.name == "R2"
    with pytest.raises(PassedOver, match="R1 \\(restored\\)"):  # R1 is still theirs
        doc.undo()
    assert store.rows["R1"].description == "theirs"


def test_redo_of_a_rename_onto_a_name_saved_since_goes_through_under_a_free_name(
        store: FakeStore) -> None:
    store.save("R1", "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("R1", "R2")
    assert doc.undo()
    store.save("R2", "theirs", {"lock_in": 0.4})
    with pytest.raises(PassedOver, match=r"Redo of .*named \u201cR2 \(restored\)\u201d"):
        doc.redo()
    assert set(store.rows) == {"R2", "R2 (restored)"}
    assert store.rows["R2"].description == "theirs"
