"""Pass 105 F1 and F2 in the window (see tests/storage/test_pass105_marks.py): the working
scenario and the panel's Save, live and after a crash (the autosave restored)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import delete_scenario, save_scenario
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened, save_asks, stored


@pytest.mark.parametrize("crash", [False, True])
def test_f1_redo_of_a_deletion_already_done_elsewhere(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window, working, panel, db = opened(make_window)
    save_scenario(db, "R", "B", {"lock_in": 1.1})     # window B
    working.open("R")
    working.new()
    working.delete("R")
    assert working.undo()                             # R put back
    delete_scenario(db, "R")                          # window B deletes it
    assert working.redo()                             # already gone: done
    save_scenario(db, "R", "B", {"lock_in": 1.7})     # window B saves a new R
    notes: list[str] = []
    working.message_changed.connect(notes.append)
    assert working.undo()                             # put back as "R (restored)" (a note)
    assert any("R (restored)" in n for n in notes)
    assert working.undo()                             # back to R, saved
    assert (working.name, working.source) == ("R", "saved")
    window.session.set_value("lock_in", 2.5)
    working.commit()
    asked = save_asks(working, panel, monkeypatch, crash)
    assert asked == ["conflict:R"]                    # actual: []
    assert stored(db)["R"] == {"lock_in": 1.7}


@pytest.mark.parametrize("crash", [False, True])
def test_f2_undo_of_rename_after_answered_overwrite(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window, working, panel, db = opened(make_window)
    save_scenario(db, "R", "B", {"lock_in": 1.1})     # window B
    working.open("R")
    save_scenario(db, "R", "B", {"lock_in": 1.7})     # window B saves R again
    window.session.set_value("lock_in", 2.5)
    working.rename("R", "X")
    monkeypatch.setattr(panel, "ask_conflict", lambda exc: "overwrite")
    panel.save()                                      # asked; the user overwrites
    assert stored(db)["X"] == {"lock_in": 2.5}
    assert working.undo()                             # A's 2.5 back under R
    assert (working.name, working.source) == ("R", "saved")
    window.session.set_value("lock_in", 2.6)
    working.commit()
    asked = save_asks(working, panel, monkeypatch, crash)
    assert asked == []                                # actual: ["conflict:R"]
    assert stored(db)["R"] == {"lock_in": 2.6}
