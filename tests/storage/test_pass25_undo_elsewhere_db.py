"""Pass 25 (24b B4, B5; 23 F3) with two stores on one database file (two windows): a redo
never silently re-creates a scenario the other window deleted or renamed; a rename undone
onto a name the other window saved goes through under a free name; storage messages show a
name of 200 (the most a saved one has) or 300 characters shortened to 40."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_checks import MAX_NAME_LENGTH
from chipscope.model.scenario_store import named
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, StorageError, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _names(db: Path) -> set[str]:
    return {r.name for r in list_scenarios(db)}


def test_redo_of_an_import_the_other_window_deleted_is_saved_as_restored(
        synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    name = doc.import_scenario(Scenario("A", "", {}))
    other.delete(name)
    assert doc.undo() and _names(synthetic_db) == set()
    with pytest.raises(PassedOver, match="deleted or renamed \u201cA\u201d since"):
        doc.redo()
    assert _names(synthetic_db) == {"A (restored)"}


def test_rename_undone_onto_a_name_the_other_window_saved(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.save_as("X")
    doc.rename("X", "Y")
    other.save("X", "theirs", {})
    with pytest.raises(PassedOver, match="\u201cX \\(restored\\)\u201d instead"):
        doc.undo()
    assert _names(synthetic_db) == {"X", "X (restored)"}
    assert {r.name: r.description for r in list_scenarios(synthetic_db)}["X"] == "theirs"
    assert doc.redo() and _names(synthetic_db) == {"X", "Y"}


def test_storage_messages_shorten_long_names(synthetic_db: Path) -> None:
    store, long = DbScenarioStore(synthetic_db), "L" * MAX_NAME_LENGTH  # 200; 300: a lookup
    stamp = store.save(long, "", {})
    store.save(long, "", {})
    for refused in (lambda: store.save(long, "", {}, stamp),
                    lambda: store.delete(long, stamp),
                    lambda: store.rename(long, "M" * MAX_NAME_LENGTH, stamp)):
        with pytest.raises(SaveConflict) as conflict:
            refused()
        assert named(long) in str(conflict.value) and "L" * 40 not in str(conflict.value)
    store.save("M" * MAX_NAME_LENGTH, "", {})
    for taken in (lambda: store.rename(long, "M" * MAX_NAME_LENGTH),
                  lambda: store.rename(long, "M" * MAX_NAME_LENGTH, undoing=True),
                  lambda: store.delete("N" * 300)):
        with pytest.raises(StorageError) as said:
            taken()
        assert "M" * 40 not in str(said.value) and "N" * 40 not in str(said.value)
