"""Pass 106 F1 in the window (see tests/storage/test_pass106_marks.py): the working scenario
and the panel's Save, live and after a crash (the autosave restored)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import delete_scenario, save_scenario
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened, save_asks, stored


@pytest.mark.parametrize("crash", [False, True])
def test_f1_put_back_onto_the_working_name(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window, working, panel, db = opened(make_window)
    save_scenario(db, "Mine", "B", {"lock_in": 0.5})          # window B
    window.session.set_value("lock_in", 1.1)
    working.commit()
    working.save_as("Mine (restored)")                         # A works on it
    working.delete("Mine")                                     # A deletes B's Mine
    delete_scenario(db, "Mine (restored)")                     # B deletes A's working copy
    save_scenario(db, "Mine", "B", {"lock_in": 0.7})           # and saves a new Mine
    notes: list[str] = []
    working.message_changed.connect(notes.append)
    assert working.undo()                                      # put back, not under the
    assert any("Mine (restored 2)" in n for n in notes)        # working name
    assert (working.name, working.source) == ("Mine (restored)", "saved")
    assert stored(db)["Mine (restored 2)"] == {"lock_in": 0.5}
    window.session.set_value("lock_in", 2.0)
    working.commit()
    asked = save_asks(working, panel, monkeypatch, crash)
    assert asked == [f"{'name' if crash else 'conflict'}:Mine (restored)"]  # before: []
    # (after a crash the restore finds no saved copy of the name: Save asks for a name)
    assert stored(db)["Mine (restored 2)"] == {"lock_in": 0.5}
