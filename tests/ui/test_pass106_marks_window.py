"""Pass 106 F1 in the window (see tests/storage/test_pass106_marks.py): the working scenario
and the panel's Save, live and after a crash (the autosave restored)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import delete_scenario, list_scenarios, save_scenario
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass104_marks_window import _crash
from tests.ui.test_restore_over_a_newer_save import _answers


@pytest.mark.parametrize("crash", [False, True])
def test_f1_put_back_onto_the_working_name(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    save_scenario(db, "Mine", "B", {"lock_in": 0.5})          # window B
    window.session.set_value("lock_in", 1.1)
    working.commit()
    working.save_as("Mine (restored)")                         # A works on it
    working.delete("Mine")                                     # A deletes B's Mine
    delete_scenario(db, "Mine (restored)")                     # B deletes A's working copy
    save_scenario(db, "Mine", "B", {"lock_in": 0.7})           # and saves a new Mine
    notes: list[str] = []
    working.message_changed.connect(notes.append)
    assert working.undo()                                      # put back as "Mine (restored)"
    assert any("Mine (restored)" in n for n in notes)
    assert (working.name, working.source) == ("Mine (restored)", "saved")
    assert {r.name: r.values for r in list_scenarios(db)}["Mine (restored)"] == {"lock_in": 0.5}
    window.session.set_value("lock_in", 2.0)
    working.commit()
    if crash:
        _crash(working, db)
    asked = _answers(panel, monkeypatch)
    panel.save()
    assert asked != []                                          # actual: []
    assert {r.name: r.values for r in list_scenarios(db)}["Mine (restored)"] == {"lock_in": 0.5}
