"""Pass 25 F5 over the user's database, two stores on one file (two windows): a rename of
"Café" to "Cafe" + combining accent, or of "B" to "B", records no step, so no later undo
renames the scenario to "… (restored)" or moves the other window's copy away."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset


@pytest.mark.parametrize(("name", "new"), [("Caf\u00e9", "Cafe\u0301"), ("B", "B")])
def test_a_rename_to_its_own_stored_name_is_no_step(name: str, new: str,
                                                    synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    other = DbScenarioStore(synthetic_db)
    doc.save_as(name)
    index = doc.history.index
    doc.rename(name, new)
    assert doc.history.index == index and not doc.history.can_redo()
    other.save(name, "theirs", {})  # the other window saves that name
    doc.undo()  # the save as's undo: its new copy stays saved
    rows = {r.name: r.description for r in list_scenarios(synthetic_db)}
    assert rows == {name: "theirs"}, rows
