"""Pass 98 F1: window A renamed its scenario Mine to R; window B renamed R (to BR) or deleted
it; A's undo of the rename was passed over (nothing to rename back) and put A back on "Mine",
a name with no copy of A's, as if it were saved and seen: a "Mine" a third window saved then was
overwritten by A's Save without a question. The mark of the copy A had seen goes to the name
the window goes back to, so Save asks (deleted elsewhere, or changed elsewhere)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import delete_scenario, list_scenarios, rename_scenario, save_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from tests.ui.test_restore_over_a_newer_save import _answers, _mine_saved


@pytest.mark.parametrize("elsewhere", ["delete", "rename"])
@pytest.mark.parametrize("steps", ["undo", "undo redo undo"])
@pytest.mark.parametrize("then", ["nothing", "third window saves Mine", "crash"])
def test_a_passed_over_rename_back_keeps_the_mark(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        elsewhere: str, steps: str, then: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.4)
    working.rename("Mine", "R")
    if elsewhere == "delete":  # window B
        delete_scenario(db, "R")
    else:
        rename_scenario(db, "R", "BR")
    for step in steps.split():
        assert getattr(working, step)()
    assert (working.name, working.source) == ("Mine", "saved")
    if then != "nothing":
        save_scenario(db, "Mine", "", {"lock_in": 1.9})
    if then == "crash":  # killed right after the steps: the next start restores the autosave
        working.autosave_timer.stop()
        record = load_autosave(db)
        assert record is not None and record.scenario.values == {"lock_in": 1.4}
        working.restore(record)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == ["conflict:Mine"]
    names = {r.name: r.values for r in list_scenarios(db)}
    assert names.get("Mine") == (None if then == "nothing" else {"lock_in": 1.9})
