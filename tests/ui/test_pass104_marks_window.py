"""Pass 104 in the window (see tests/storage/test_pass104_marks.py): F1, F2 and F4 through the
working scenario and the panel's Save, live and after a crash (the autosave restored)."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.model.scenario import Scenario
from chipscope.storage import delete_scenario, save_scenario
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import save_asks, stored
from tests.ui.test_restore_over_a_newer_save import _answers, _mine_saved


@pytest.mark.parametrize("crash", [False, True])
def test_f1_undo_back_to_a_name_saved_elsewhere_after_a_put_back(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.5)    # "Mine" = 1.3 saved, 1.5 typed
    working.commit()
    working.new()
    working.delete("Mine")
    save_scenario(db, "Mine", "", {"lock_in": 1.7})   # window B
    assert working.undo()                         # put back as "Mine (restored)", a note
    assert "Mine (restored)" in stored(db)
    while (working.name, working.source) != ("Mine", "saved"):
        assert working.undo()
    asked = save_asks(working, panel, monkeypatch, crash)
    assert asked == ["conflict:Mine"]
    assert stored(db)["Mine"] == {"lock_in": 1.7}


@pytest.mark.parametrize("crash", [False, True])
def test_f2_save_between_own_import_over_deleted_name_and_its_undo(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.5)
    working.commit()
    delete_scenario(db, "Mine")                   # window B
    assert working.add_import(Scenario("Mine", "", {"lock_in": 0.5})) == "Mine"
    working.save()                                # A's own Save of its import
    assert working.undo()                         # the import undone: back to "Mine" = 1.5
    assert (working.name, working.source) == ("Mine", "saved")
    save_scenario(db, "Mine", "", {"lock_in": 1.7})   # window B
    asked = save_asks(working, panel, monkeypatch, crash)
    assert asked == ["conflict:Mine"]
    assert stored(db)["Mine"] == {"lock_in": 1.7}


def test_f4_save_after_own_save_as_over_own_import_asks_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.5)
    working.commit()
    delete_scenario(db, "Mine")                   # window B
    assert working.add_import(Scenario("Mine", "", {"lock_in": 0.5})) == "Mine"
    working.new()
    window.session.set_value("lock_in", 2.2)
    working.save_as("Mine", overwrite=True)       # over its own import
    window.session.set_value("lock_in", 2.4)
    asked = _answers(panel, monkeypatch)
    panel.save()
    assert asked == []                            # actual: ["conflict:Mine"]
    assert stored(db)["Mine"] == {"lock_in": 2.4}
