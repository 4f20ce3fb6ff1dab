"""Pass 112 F3 in the window (see tests/storage/test_pass112_redo_open.py): after an own rename
away, an open, a delete and a passed-over undo, the redo of the opening leaves Save asking."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import DbScenarioStore, list_scenarios
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened


def test_save_after_redo_of_opening(make_window: Callable[..., MainWindow],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    window, working, panel, db = opened(make_window)
    b = DbScenarioStore(db)                            # window B
    b.save("Mine", "", {"lock_in": 0.7})
    working.document.scenarios_changed.emit()
    working.rename("Mine", "Other")                    # C renames it away
    b.save("Mine", "", {"lock_in": 0.5})               # B saves a new "Mine"
    working.document.scenarios_changed.emit()
    working.open("Mine")                               # C opens B's "Mine"
    working.delete("Mine")                             # ... and deletes it
    b.save("Mine", "B's", {"lock_in": 0.2})            # B saves "Mine" again
    working.undo()                                     # passed over: "Mine (restored)"
    working.undo()                                     # undo the opening
    working.redo()                                     # redo it: "Mine", saved
    assert (working.name, working.source) == ("Mine", "saved")
    window.session.set_value("lock_in", 1.9)
    working.commit()
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_conflict", lambda e: asked.append("conflict") or "cancel")
    panel.save()
    got = {r.name: r.values.get("lock_in") for r in list_scenarios(db)}
    assert asked == ["conflict"] and got["Mine"] == 0.2
