"""Pass 112 F1: the working scenario is untitled under a name another window saved since (A
deleted its working "Mine"; or the next start restored an untitled autosave "Mine"). Save ->
the name dialog (suggests "Mine (2)"); the user types "Mine", the name the window shows.
panel.save_as skipped "Replace scenario?" because ``existing.name == w.name`` (meant for the
working SAVED scenario's own name, whose Save is checked): B's "Mine" was overwritten, nothing
asked. Now it asks; answered No, nothing is written."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import DbScenarioStore, list_scenarios
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.panel import ScenariosPanel
from tests.ui.marks_window import opened


def _answers(panel: ScenariosPanel, monkeypatch: pytest.MonkeyPatch, typed: str) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_name", lambda _t, name, d: asked.append(f"name:{name}")
                        or (typed, d or ""))
    monkeypatch.setattr(panel, "confirm", lambda t, m: asked.append(f"confirm:{t}") or False)
    monkeypatch.setattr(panel, "ask_conflict", lambda e: asked.append("conflict") or "cancel")
    return asked


@pytest.mark.parametrize("crashed", [False, True])
def test_save_as_the_shown_name_after_another_window_saved_it(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crashed: bool) -> None:
    window, working, panel, db = opened(make_window)
    window.session.set_value("lock_in", 1.4)
    working.commit()
    working.save_as("Mine")
    working.delete("Mine")                           # A: the working one; untitled "Mine"
    if crashed:                                      # autosaved (untitled "Mine"), killed
        working.autosave_timer.stop()
        working.autosave_now()
    DbScenarioStore(db).save("Mine", "B's", {"lock_in": 0.2})   # window B saves a new "Mine"
    working.document.scenarios_changed.emit()
    if crashed:                                      # the next start restores
        record = load_autosave(db)
        assert record is not None
        working.restore(record)
    assert (working.name, working.source) == ("Mine", "new")
    asked = _answers(panel, monkeypatch, "Mine")     # types the name the window shows
    panel.save()
    assert asked == ["name:Mine (2)", "confirm:Replace scenario?"]   # before: no question
    assert [r.values.get("lock_in") for r in list_scenarios(db) if r.name == "Mine"] == [0.2]
