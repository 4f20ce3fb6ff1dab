"""Pass 109 F1 in the window (see tests/storage/test_pass109_marks.py): after the undo of a
rename of another scenario onto the working name, whose redo went to a free name, Save of the
window's own redone copy asks nothing, live and after a crash (the autosave restored)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.model.scenario import Scenario
from chipscope.storage import DbScenarioStore
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened, save_asks, stored


@pytest.mark.parametrize("crash", [False, True])
def test_f1_save_of_own_copy_after_rename_redo_and_undo(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window, working, panel, db = opened(make_window)
    other = DbScenarioStore(db)                              # window B
    working.add_import(Scenario("R", "", {"lock_in": 1.4}))
    other.save("X", "B", {"lock_in": 0.5})
    other.delete("R")
    working.rename("X", "R")
    for step in (working.undo, working.undo, working.redo, working.redo, working.undo):
        assert step()                                        # a passed-over step: a note
    assert stored(db) == {"R": {"lock_in": 1.4}, "X": {"lock_in": 0.5}}
    assert (working.name, working.source) == ("R", "saved")
    window.session.set_value("lock_in", 1.45)
    working.commit()
    assert save_asks(working, panel, monkeypatch, crash) == []   # before: ['conflict:R']
    assert stored(db) == {"R": {"lock_in": 1.45}, "X": {"lock_in": 0.5}}
