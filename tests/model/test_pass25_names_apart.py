"""Pass 25 F2 and F5, at the model level with the in-memory store standing in for the database
another window shares:

- F2: :func:`named` cut long names to 40 characters and with them the " (restored)" tail, so
  a note naming "L"*200 and the copy put back as "L…L (restored)" printed the same name three
  times. The tail is kept now, and two different names of one note never print alike
  (:func:`quoted_apart`: the end, or the part where they differ, is shown too).
- F5: renaming "Café" to "Cafe" + combining accent (the same name once stored: NFC) recorded a
  step that did nothing, whose undo renamed the scenario to "Café (restored)" and blamed
  another window; so did a rename of "B" to "B", which moved the other window's "B". A rename
  to the name's own stored form renames nothing and records no step.
"""

from __future__ import annotations

import re

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_store import NAME_SHOWN, named
from chipscope.model.shown_names import quoted_apart
from chipscope.model.undo import PassedOver
from tests.model.test_document import DATASET, FakeStore


def _quoted(text: str) -> list[str]:
    return re.findall("\u201c([^\u201d]*)\u201d", text)


def test_named_keeps_the_restored_tail_and_the_length() -> None:
    for tail in (" (restored)", " (restored 2)", " (3)"):
        shown = named("L" * 189 + tail)
        assert shown.endswith("\u2026" + tail) and len(shown) == NAME_SHOWN, shown
    assert named("L" * 200) == "L" * (NAME_SHOWN - 1) + "\u2026"  # no tail: as before
    assert named("short (restored)") == "short (restored)"


def test_undo_of_a_long_deletion_names_the_put_back_copy_apart() -> None:
    store, long = FakeStore(), "L" * 200
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.1)
    doc.save_as(long)
    doc.delete(long)
    store.save(long, "theirs", {})  # another window saves that name
    with pytest.raises(PassedOver) as note:
        doc.undo()
    spare = next(n for n in store.rows if n != long)
    names = _quoted(str(note.value))
    assert names == [named(long)] * 2 + [named(spare)], names
    assert names[2].endswith("\u2026 (restored)") and names[2] != names[0]
    assert all(len(n) <= NAME_SHOWN for n in names)


def test_undo_of_a_long_rename_names_the_put_back_copy_apart() -> None:
    store, long = FakeStore(), "X" * 200
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.1)
    doc.save_as(long)
    doc.rename(long, "Y")
    store.save(long, "theirs", {})
    with pytest.raises(PassedOver) as note:
        doc.undo()
    names = _quoted(str(note.value))
    assert names[-1].endswith("\u2026 (restored)") and names[-1] != names[-2] == named(long)
    assert set(store.rows) == {long, "X" * 189 + " (restored)"}


@pytest.mark.parametrize("other", ["L" * 199 + "M", "L" * 100 + "M" + "L" * 99])
def test_names_that_differ_only_in_the_cut_part_print_apart(other: str) -> None:
    long = "L" * 200
    assert named(long) == named(other)  # the usual form alone cannot tell them apart
    shown = quoted_apart(long, other)
    assert shown[long] != shown[other] and "M" in shown[other], shown
    assert all(len(s) <= NAME_SHOWN + 2 for s in shown.values())  # with the quotes
    store = FakeStore()
    store.save(long, "", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename(long, other)
    step = doc.history.next_undo()
    assert step is not None
    first, second = _quoted(step.label)
    assert first != second and len(step.label) < 100, step.label


def test_different_short_names_stay_whole() -> None:
    assert quoted_apart("A", "B") == {"A": "\u201cA\u201d", "B": "\u201cB\u201d"}


@pytest.mark.parametrize("new", ["Cafe\u0301", "Caf\u00e9", " Caf\u00e9 "])
def test_a_rename_to_the_same_stored_name_is_no_step(new: str) -> None:
    store = FakeStore()
    doc = Document(DATASET, store=store)
    doc.set_value("lock_in", 1.1)
    doc.save_as("Caf\u00e9")
    before, index = dict(store.rows), doc.history.index
    doc.rename("Caf\u00e9", new)
    assert store.rows == before and doc.history.index == index and not doc.history.can_redo()
    assert doc.identity.name == "Caf\u00e9"
    assert doc.undo()  # the undo is the save as's: the new copy stays saved, nothing renamed
    assert set(store.rows) == {"Caf\u00e9"}


def test_a_rename_of_b_to_b_leaves_the_other_windows_b_alone() -> None:
    store = FakeStore()
    store.save("B", "mine", {"lock_in": 1.2})
    doc = Document(DATASET, store=store)
    doc.rename("B", "B")
    assert not doc.history.can_undo()
    store.save("B", "theirs", {"lock_in": 0.4})  # another window saves B
    assert not doc.undo()
    assert store.rows == {"B": Scenario("B", "theirs", {"lock_in": 0.4})}
