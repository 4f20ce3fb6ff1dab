"""A window's Save of the scenario it works on, after another window or program deleted or
renamed it: it asks (Save again / Save as new / Cancel) instead of saving it again without a
word (the case pass 90 did not reach; window B's rename of window A's "Mine", then A's Save)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.storage import (
    SaveConflict,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
)
from chipscope.ui.scenarios.panel import ScenariosPanel
from tests.ui import test_save_failures_ui as saves

two = saves.two
Two = tuple[ScenariosPanel, ScenariosPanel, saves.Replies]


def _gone_elsewhere(panel: ScenariosPanel, how: str) -> Path:
    db = panel.working.db_path
    assert db is not None
    if how == "deleted":
        delete_scenario(db, "Shared")
    else:
        rename_scenario(db, "Shared", "Renamed")
    return db


@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_a_save_of_a_scenario_gone_elsewhere_asks_first(two: Two, how: str) -> None:
    one, _, replies = two
    db = _gone_elsewhere(one, how)
    replies.conflict.append("cancel")
    assert saves._edit_and_save(one, 2.5) is None
    assert replies.asked == ["conflict:Shared"] and not replies.errors
    assert [r.name for r in list_scenarios(db)] == ([] if how == "deleted" else ["Renamed"])
    assert one.working.is_modified()
    replies.conflict.append("overwrite")  # "Save again"
    assert one.save()
    assert saves._saved(one) == 2.5 and not one.working.is_modified()
    if how == "renamed":
        assert load_scenario(db, "Renamed").values == {saves.KEY: 1.0}


def test_save_as_new_after_a_deletion_elsewhere(two: Two) -> None:
    one, _, replies = two
    db = _gone_elsewhere(one, "deleted")
    replies.conflict.append("save_as")
    replies.names.append(("Shared (mine)", ""))
    assert saves._edit_and_save(one, 2.5)
    assert [r.name for r in list_scenarios(db)] == ["Shared (mine)"]
    assert one.working.name == "Shared (mine)" and saves._saved(one, "Shared (mine)") == 2.5


def test_the_question_says_deleted_and_offers_to_save_again(
        two: Two, monkeypatch: pytest.MonkeyPatch) -> None:
    one, _, _ = two
    db = _gone_elsewhere(one, "renamed")
    shown: list[tuple[str, str, str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.informativeText(),
                      sorted(b.text() for b in box.buttons())))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    error = SaveConflict(f"The scenario 'Shared' in {db} was deleted or renamed ...", "Shared",
                         gone=True)
    assert ScenariosPanel.ask_conflict(one, error) == "cancel"
    title, text, question, buttons = shown[0]
    assert title == "Scenario deleted elsewhere" and "deleted or renamed" in text
    assert question.startswith("Save it again under this name")
    assert "Save again" in buttons and "Overwrite" not in buttons
    ScenariosPanel.ask_conflict(one, SaveConflict("saved elsewhere", "Shared"))
    assert shown[1][0] == "Scenario changed elsewhere" and "Overwrite" in shown[1][3]
