"""Pass 99 F1: an undo or redo step that wrote the database (of a duplicate, of a deletion of
another scenario) read the stamps again from the database and forgot the stamp seen here of a
saved scenario that was not the working one; a later step back to that scenario (the undo of
opening another one) took the copy a third window had saved since for the one seen here, and
Save overwrote it without a question, also after a crash. A step now keeps every stamp as last
seen, except those of its own writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import list_scenarios, save_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from tests.ui.test_restore_over_a_newer_save import _answers, _mine_saved


@pytest.mark.parametrize("store_step", ["none", "undo dup", "undo redo dup",
                                        "undo delete other"])
@pytest.mark.parametrize("then", ["nothing", "third window saves Mine", "crash"])
def test_a_step_back_to_a_scenario_saved_elsewhere_since_asks(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        store_step: str, then: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.4)
    save_scenario(db, "Other", "", {"lock_in": 1.2})
    save_scenario(db, "X", "", {"lock_in": 1.1})
    working.open("Other")
    if store_step in ("undo dup", "undo redo dup"):
        working.duplicate("Other")
        assert working.undo()
        assert store_step == "undo dup" or working.redo()
    elif store_step == "undo delete other":
        working.delete("X")
        assert working.undo()
    if then != "nothing":  # a third window
        save_scenario(db, "Mine", "", {"lock_in": 1.9})
    while working.name != "Mine":  # A steps back to Mine (no step here writes the database)
        assert working.undo()
    assert window.session.assumptions["lock_in"] == 1.4
    if then == "crash":  # the 2 s timer's autosave, then a kill; the next start restores it
        assert working.autosave_now() is None
        record = load_autosave(db)
        assert record is not None
        working.restore(record)
    asked = _answers(panel, monkeypatch)
    saved = panel.save()
    mine = {r.name: r.values for r in list_scenarios(db)}["Mine"]
    if then == "nothing":  # nobody else touched it: no question
        assert saved is True and not asked and mine == {"lock_in": 1.4}
    else:
        assert saved is None and asked == ["conflict:Mine"] and mine == {"lock_in": 1.9}
