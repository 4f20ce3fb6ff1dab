"""The Qt-free document: one undo history in which every scenario operation is a command, with
the storage side of rename, delete, import and duplicate undone too (an in-memory store)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.document import (
    UNTITLED,
    Document,
    Identity,
    ScenarioRecord,
    map_assumptions,
)
from chipscope.model.scenario import Scenario
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
PRESET = Scenario("Preset", "shipped", {"lock_in": 2.0})


class ConflictError(Exception):
    """The fake store's SaveConflict: ``name`` was saved elsewhere since."""


class FakeStore:
    """Saved scenarios in a dict; raises like storage does."""

    def __init__(self) -> None:
        self.rows: dict[str, Scenario] = {}
        self.stamps: dict[str, str] = {}
        self.saves = 0
        self.fail = False

    def records(self) -> list[ScenarioRecord]:
        return [ScenarioRecord(s, self.stamps.get(n, "2026-01-01T00:00:00+00:00")) for n, s in
                sorted(self.rows.items())]

    def taken_names(self) -> list[str]:
        return list(self.rows)

    def left_out(self, name: str, done: str) -> str | None:
        return None  # every row is listed

    def save(self, name: str, description: str, values: Mapping[str, float],
             expected: str | None = None, undoing: bool = False) -> str:
        if self.fail:
            raise OSError("disk full")
        if expected is not None and name in self.rows and self.stamps[name] != expected:
            raise ConflictError(name, "undo" if undoing else "save")
        self.rows[name] = Scenario(name, description, dict(values))
        self.saves += 1
        self.stamps[name] = f"2026-01-01T00:00:{self.saves:02d}+00:00"
        return self.stamps[name]

    def rename(self, old: str, new: str, expected: str | None = None,
               undoing: bool = False) -> None:
        if expected is not None and old in self.rows and self.stamps.get(old) != expected:
            raise ConflictError(old, "rename")
        if new in self.rows:
            raise ValueError(f"{new!r} exists")
        row = self.rows.pop(old)
        self.rows[new] = Scenario(new, row.description, row.values)
        self.stamps.pop(old, None)
        self.saves += 1
        self.stamps[new] = f"2026-01-01T00:00:{self.saves:02d}+00:00"  # as storage does

    def delete(self, name: str, expected: str | None = None, undoing: bool = False) -> None:
        if undoing and name not in self.rows:
            return  # already gone, as storage treats it
        if expected is not None and self.stamps.get(name) != expected:
            raise ValueError(f"{name!r} was saved since")
        del self.rows[name]
        self.stamps.pop(name, None)


@pytest.fixture
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture
def doc(store: FakeStore) -> Document:
    return Document(DATASET, store=store, presets=[PRESET])


def _edit(doc: Document, key: str, value: float) -> None:
    doc.set_value(key, value)
    doc.commit()


def _labels(doc: Document) -> list[str]:
    return doc.history.labels()


def test_an_edit_is_one_step_from_the_one_baseline(doc: Document) -> None:
    events: list[str] = []
    doc.assumptions_changed.connect(lambda a: events.append("values"))
    doc.state_changed.connect(lambda: events.append("state"))
    for v in (1.1, 1.2, 1.3):  # a drag: ticks, then one commit
        doc.set_value("lock_in", v)
    assert doc.baseline == SPECS.defaults() and doc.is_modified()
    assert doc.commit() and not doc.commit()  # nothing pending the second time
    assert _labels(doc) == ["Lock-in (lambda) change"] and doc.baseline["lock_in"] == 1.3
    assert events.count("values") == 3 and events.count("state") == 1  # modified flips once
    assert doc.undo() and doc.assumptions == SPECS.defaults() and not doc.is_modified()
    assert doc.redo() and doc.assumptions["lock_in"] == 1.3
    assert not doc.redo()


def test_undo_records_a_pending_edit_first(doc: Document) -> None:
    doc.set_value("lock_in", 1.5)
    assert doc.undo()  # the pending edit becomes a step, then is undone
    assert doc.assumptions["lock_in"] == SPECS["lock_in"].default
    assert doc.history.can_redo() and doc.redo() and doc.assumptions["lock_in"] == 1.5


def test_reset_all_is_one_step_after_the_pending_edit(doc: Document) -> None:
    _edit(doc, "lock_in", 1.5)
    doc.set_value("switching_speed", 0.9)  # not finished yet
    assert doc.reset_all()
    assert _labels(doc) == ["Lock-in (lambda) change", "Switching speed (kappa) change",
                            "reset of all assumptions"]
    assert doc.assumptions == SPECS.defaults()
    doc.undo()
    assert doc.assumptions["switching_speed"] == 0.9 and doc.assumptions["lock_in"] == 1.5
    doc.redo()
    assert not doc.reset_all()  # already at the defaults: no step


def test_new_and_open_are_undone_with_their_identity(doc: Document, store: FakeStore) -> None:
    _edit(doc, "lock_in", 1.5)
    doc.open("Preset")
    assert doc.identity == Identity("Preset", "shipped", "preset")
    assert doc.assumptions["lock_in"] == 2.0 and not doc.is_modified()
    store.save("Mine", "my own", {"switching_speed": 0.9})
    doc.open("Mine")
    assert doc.identity.source == "saved" and doc.assumptions["switching_speed"] == 0.9
    doc.new()
    assert doc.identity == Identity() and doc.assumptions == SPECS.defaults()
    assert _labels(doc)[-3:] == ["opening \u201cPreset\u201d", "opening \u201cMine\u201d",
                                 "new scenario"]
    doc.undo()
    assert doc.identity.name == "Mine" and doc.assumptions["switching_speed"] == 0.9
    assert not doc.is_modified()
    doc.undo()
    assert doc.identity.name == "Preset" and doc.assumptions["lock_in"] == 2.0
    doc.undo()
    assert doc.identity == Identity() and doc.assumptions["lock_in"] == 1.5
    assert doc.is_modified()
    doc.redo()
    doc.redo()
    doc.redo()
    assert doc.identity == Identity() and doc.assumptions == SPECS.defaults()
    with pytest.raises(KeyError):
        doc.open("Nobody")


def test_restore_is_undone(doc: Document, store: FakeStore) -> None:
    store.save("Mine", "", {"lock_in": 1.0})
    doc.restore("Mine", "", {"lock_in": 3.0})
    assert doc.identity.source == "saved" and doc.assumptions["lock_in"] == 3.0
    assert doc.is_modified()
    doc.restore("Lost", "", {"lock_in": 3.0})  # unknown: unsaved changes of a new scenario
    assert doc.identity == Identity("Lost", "", "new", unsaved=True) and doc.is_modified()
    doc.undo()
    doc.undo()
    assert doc.identity == Identity() and doc.assumptions == SPECS.defaults()
    assert _labels(doc) == ["restore of unsaved changes"] * 2
    # N2: a value that no longer fits is left out and named; the others are restored
    assert doc.restore("Old", "", {"deal.gone.enabled": 0.0, "lock_in": 2.5}) == [
        "deal.gone.enabled: not in this dataset"]
    assert doc.assumptions["lock_in"] == 2.5 and _labels(doc) == ["restore of unsaved changes"]


def test_save_as_is_an_identity_step_and_save_is_not(doc: Document, store: FakeStore) -> None:
    _edit(doc, "lock_in", 1.5)
    doc.save_as("A", "first")
    assert store.rows["A"].values == {"lock_in": 1.5}
    assert doc.identity == Identity("A", "first", "saved") and not doc.is_modified()
    assert _labels(doc)[-1] == "save as \u201cA\u201d"
    _edit(doc, "lock_in", 1.75)
    doc.save()  # overwrite: no step
    assert store.rows["A"].values == {"lock_in": 1.75} and not doc.is_modified()
    assert _labels(doc) == ["Lock-in (lambda) change", "save as \u201cA\u201d",
                            "Lock-in (lambda) change"]
    doc.undo()  # back to 1.5: differs from what A now holds
    assert doc.identity.name == "A" and doc.is_modified()
    doc.undo()  # the save as: the old identity (untitled, unsaved values); A stays saved
    assert doc.identity == Identity() and doc.is_modified() and "A" in store.rows
    doc.redo()
    assert doc.identity.name == "A"
    with pytest.raises(ValueError, match="preset"):
        doc.save_as("Preset")
    doc.new()
    with pytest.raises(ValueError, match="under a name"):
        doc.save()


def test_rename_is_undone_in_storage_too(doc: Document, store: FakeStore) -> None:
    store.save("A", "desc", {"lock_in": 1.5})
    store.save("Other", "", {})
    doc.open("A")
    changes: list[int] = []
    doc.scenarios_changed.connect(lambda: changes.append(1))
    doc.rename("A", " B ")
    assert set(store.rows) == {"B", "Other"} and doc.identity == Identity("B", "desc", "saved")
    assert not doc.is_modified() and changes == [1]
    assert _labels(doc)[-1] == "rename of \u201cA\u201d to \u201cB\u201d"
    doc.undo()
    assert set(store.rows) == {"A", "Other"} and doc.identity.name == "A"
    assert not doc.is_modified() and changes == [1, 1]
    doc.redo()
    assert set(store.rows) == {"B", "Other"} and doc.identity.name == "B"
    doc.rename("Other", "Third")  # not the working one: identity unchanged, still a step
    assert doc.identity.name == "B" and "Third" in store.rows
    doc.undo()
    assert "Other" in store.rows and "Third" not in store.rows
    with pytest.raises(ValueError, match="preset"):
        doc.rename("Preset", "x")
    with pytest.raises(KeyError):
        doc.rename("Ghost", "x")


def test_a_failing_undo_effect_leaves_everything_as_it_was(doc: Document,
                                                           store: FakeStore) -> None:
    store.save("A", "", {})
    doc.delete("A")
    store.fail = True  # the undo's save fails (a full disk); since pass 25 a rename back onto
    # a name saved meanwhile is no failure: it goes through under a free name ("A (restored)")
    with pytest.raises(OSError, match="disk full"):
        doc.undo()
    assert "A" not in store.rows and doc.history.can_undo() and not doc.history.can_redo()


def test_delete_is_undone_in_storage_too(doc: Document, store: FakeStore) -> None:
    store.save("A", "desc", {"lock_in": 1.5})
    doc.open("A")
    doc.delete("A")
    assert "A" not in store.rows
    assert doc.identity == Identity("A", "desc", "new", unsaved=True) and doc.is_modified()
    doc.undo()
    assert store.rows["A"].values == {"lock_in": 1.5} and store.rows["A"].description == "desc"
    assert doc.identity == Identity("A", "desc", "saved") and not doc.is_modified()
    doc.redo()
    assert "A" not in store.rows and doc.identity.source == "new"
    with pytest.raises(KeyError):
        doc.delete("A")


def test_import_is_undone_in_storage_too(doc: Document, store: FakeStore) -> None:
    store.save("Shared", "", {})
    name = doc.import_scenario(Scenario("Shared", "from a file", {"lock_in": 2.5}))
    assert name == "Shared (2)" and store.rows[name].values == {"lock_in": 2.5}
    assert doc.identity == Identity(name, "from a file", "saved") and not doc.is_modified()
    assert doc.assumptions["lock_in"] == 2.5
    doc.undo()
    assert name not in store.rows and doc.identity == Identity()
    assert doc.assumptions == SPECS.defaults()
    doc.redo()
    assert name in store.rows and doc.identity.name == name
    with pytest.raises(ValueError, match="lock_in"):
        doc.import_scenario(Scenario("Bad", "", {"lock_in": -5.0}))
    assert "Bad" not in store.rows


def test_duplicate_is_undone(doc: Document, store: FakeStore) -> None:
    assert doc.duplicate("Preset") == "Preset (2)"
    assert store.rows["Preset (2)"].values == {"lock_in": 2.0}
    doc.undo()
    assert "Preset (2)" not in store.rows


def test_a_failing_store_changes_nothing(doc: Document, store: FakeStore) -> None:
    store.fail = True
    _edit(doc, "lock_in", 1.5)
    with pytest.raises(OSError):
        doc.save_as("A")
    with pytest.raises(OSError):
        doc.import_scenario(Scenario("X", "", {}))
    assert doc.identity == Identity() and _labels(doc) == ["Lock-in (lambda) change"]


def test_the_list_puts_presets_first(doc: Document, store: FakeStore) -> None:
    store.save("Zed", "", {})
    assert [(e.name, e.is_preset) for e in doc.entries()] == [("Preset", True), ("Zed", False)]
    assert doc.suggest_name("Zed") == "Zed (2)" and doc.assumptions_of("Preset")["lock_in"] == 2
    assert doc.identity.name == UNTITLED


def test_without_a_store_nothing_is_saved() -> None:
    doc = Document(DATASET)
    assert doc.entries() == [] and not doc.is_modified()
    with pytest.raises(ValueError, match="cannot be saved"):
        doc.save_as("A")


def test_assumptions_of_another_dataset_are_refused(doc: Document) -> None:
    other = AssumptionSpecs.for_dataset(synthetic_dataset(n_vendors=5)).defaults()
    with pytest.raises(ValueError, match="different dataset"):
        doc.set_assumptions(other)


def test_replacing_the_dataset_maps_values_and_clears_the_history(doc: Document) -> None:
    _edit(doc, "lock_in", 1.5)
    _edit(doc, "vendor.v3.price_change_pct", -20.0)
    smaller = synthetic_dataset(n_vendors=3)
    order: list[str] = []
    doc.dataset_changed.connect(lambda d: order.append("dataset"))
    doc.assumptions_changed.connect(lambda a: order.append("values"))
    problems = doc.replace_dataset(smaller)
    assert order == ["dataset", "values"]
    assert doc.dataset is smaller and doc.specs is not SPECS
    assert doc.assumptions["lock_in"] == 1.5  # kept
    assert problems == ["vendor.v3.price_change_pct: not in the new dataset (dropped)"]
    assert len(doc.history) == 0 and not doc.undo()
    _edit(doc, "lock_in", 1.0)
    assert doc.undo() and doc.assumptions["lock_in"] == 1.5


def test_map_assumptions_reports_values_out_of_range() -> None:
    values = SPECS.defaults().replace({"lock_in": 1.5, "switching_speed": 0.9})
    narrow = AssumptionSpecs([dataclasses.replace(s, hi=1.0) if s.key == "lock_in" else s
                              for s in SPECS.values()])
    mapped, problems = map_assumptions(values, narrow)
    assert mapped.specs is narrow and mapped["switching_speed"] == 0.9
    assert mapped["lock_in"] == SPECS["lock_in"].default
    assert len(problems) == 1 and problems[0].startswith("lock_in") and "default" in problems[0]


def test_save_as_over_a_saved_scenario_is_undone_in_storage(doc: Document,
                                                             store: FakeStore) -> None:
    store.save("Keep", "kept", {"lock_in": 1.6})
    _edit(doc, "lock_in", 0.5)
    doc.save_as("Keep", "new text")
    assert store.rows["Keep"].values == {"lock_in": 0.5}
    doc.undo()  # the overwrite is undone: Keep holds its old values and description again
    assert store.rows["Keep"] == Scenario("Keep", "kept", {"lock_in": 1.6})
    assert doc.identity == Identity() and doc.assumptions["lock_in"] == 0.5
    doc.redo()
    assert store.rows["Keep"].values == {"lock_in": 0.5}
    assert doc.identity == Identity("Keep", "new text", "saved") and not doc.is_modified()


def test_a_saved_scenario_cannot_take_a_presets_name(doc: Document, store: FakeStore) -> None:
    store.save("A", "", {})
    with pytest.raises(ValueError, match="preset"):
        doc.rename("A", " Preset ")
    assert set(store.rows) == {"A"} and _labels(doc) == []


def test_redo_never_throws_away_a_pending_edit(doc: Document) -> None:
    _edit(doc, "lock_in", 1.5)
    doc.undo()
    doc.set_value("switching_speed", 0.2)  # not committed yet (a spin box step)
    assert not doc.redo()  # the edit is recorded first, which leaves nothing to redo
    assert doc.assumptions["switching_speed"] == 0.2
    assert _labels(doc)[-1].startswith("Switching speed")
    assert doc.undo() and doc.assumptions["switching_speed"] == SPECS.defaults()["switching_speed"]


# --- two windows, one saved scenario --------------------------------------------------------
def _edit_and_save(doc: Document, value: float) -> None:
    doc.set_value("lock_in", value)
    doc.commit()
    doc.save()


def test_a_save_over_another_windows_save_is_refused(store: FakeStore) -> None:
    store.save("A", "", {"lock_in": 1.0})
    one = Document(DATASET, store=store)
    two = Document(DATASET, store=store)
    one.open("A")
    two.open("A")
    _edit_and_save(one, 1.5)
    _edit_and_save(one, 1.75)  # its own earlier save is no conflict
    two.set_value("lock_in", 2.5)
    two.commit()
    with pytest.raises(ConflictError):
        two.save()
    assert store.rows["A"].values == {"lock_in": 1.75}  # window 1's change is kept
    assert two.assumptions["lock_in"] == 2.5 and two.is_modified()
    two.save(overwrite=True)  # the user chose Overwrite
    assert store.rows["A"].values == {"lock_in": 2.5} and not two.is_modified()
    _edit_and_save(two, 3.0)  # and then it is two's copy
    with pytest.raises(ConflictError):
        _edit_and_save(one, 1.0)


def test_save_as_the_same_name_is_checked_too(store: FakeStore) -> None:
    store.save("A", "", {"lock_in": 1.0})
    one, two = Document(DATASET, store=store), Document(DATASET, store=store)
    one.open("A")
    two.open("A")
    _edit_and_save(one, 1.5)
    with pytest.raises(ConflictError):
        two.save_as("A")
    with pytest.raises(ConflictError):
        two.save_as("A", "a new description")  # a new identity, the same row
    assert store.rows["A"].values == {"lock_in": 1.5} and two.identity.description == ""
    two.save_as("B")  # a new name needs no check
    assert store.rows["B"].values == two.assumptions.changed()


def test_rename_delete_and_undo_give_no_false_conflict(doc: Document, store: FakeStore) -> None:
    store.save("A", "", {"lock_in": 1.0})
    doc.open("A")
    doc.rename("A", "B")  # renaming stamps the row anew
    _edit_and_save(doc, 1.5)
    doc.undo()  # the edit
    doc.undo()  # the rename: back to "A", stamped again
    assert doc.identity.name == "A"
    _edit_and_save(doc, 1.75)
    assert store.rows["A"].values == {"lock_in": 1.75}
    doc.delete("A")
    doc.undo()  # saved back
    assert doc.identity.source == "saved"
    _edit_and_save(doc, 2.0)
    assert store.rows["A"].values == {"lock_in": 2.0}


def test_a_restored_autosave_name_is_matched_in_nfc(doc: Document, store: FakeStore) -> None:
    store.save("Caf\u00e9", "", {"lock_in": 1.5})  # saved names are NFC
    doc.restore("Cafe\u0301", "", {"lock_in": 1.75})  # an autosave written with an NFD name
    assert doc.identity.name == "Caf\u00e9" and doc.identity.source == "saved"
