"""Pass 97 F1: window B deleted or renamed window A's saved "Mine"; an undo or redo of another
step of A that writes the database (a duplicate) read the stamps again and forgot that A had
seen "Mine": A's Save then saved it again without a question, or overwrote a new "Mine" a
third window saved in between. And the other way round: an older stamp of a name deleted
elsewhere was taken for another window's save when A's own rename or import wrote that name,
and Save asked "saved by another window" of A's own copy."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.model.scenario import Scenario
from chipscope.storage import (
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from chipscope.ui.main_window import MainWindow
from tests.ui.test_restore_over_a_newer_save import _answers, _mine_saved


@pytest.mark.parametrize("elsewhere", ["delete", "rename"])
@pytest.mark.parametrize("steps", ["undo", "undo redo"])
@pytest.mark.parametrize("then", ["nothing", "third window saves Mine"])
def test_an_undo_keeps_what_was_deleted_or_renamed_elsewhere(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        elsewhere: str, steps: str, then: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = _mine_saved(window, monkeypatch, 1.4)
    working.duplicate("Mine")
    if elsewhere == "delete":  # window B
        delete_scenario(db, "Mine")
    else:
        rename_scenario(db, "Mine", "BR")
    for step in steps.split():
        assert getattr(working, step)()
    assert (working.name, working.source) == ("Mine", "saved")
    if then != "nothing":
        save_scenario(db, "Mine", "", {"lock_in": 1.9})
    asked = _answers(panel, monkeypatch)
    assert panel.save() is None and asked == ["conflict:Mine"]
    names = {r.name: r.values for r in list_scenarios(db)}
    assert names.get("Mine") == (None if then == "nothing" else {"lock_in": 1.9})


@pytest.mark.parametrize("how", ["rename", "import", "save as"])
@pytest.mark.parametrize("undo_first", [False, True])
def test_ones_own_copy_under_a_name_deleted_elsewhere_asks_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        how: str, undo_first: bool) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    save_scenario(db, "X", "", {"lock_in": 1.1})
    save_scenario(db, "Y", "", {"lock_in": 1.2})
    working.open("X")  # seen here, then deleted by window B
    working.open("Y")
    delete_scenario(db, "X")
    if undo_first:  # a step that writes the database, and its undo: X is marked gone
        working.duplicate("Y")
        assert working.undo()
    if how == "rename":
        working.rename("Y", "X")
    elif how == "save as":
        working.save_as("X")
    else:
        working.add_import(Scenario("X", "", {"lock_in": 1.3}))
    assert (working.name, working.source) == ("X", "saved")
    window.session.set_value("lock_in", 1.6)
    asked = _answers(panel, monkeypatch)
    assert panel.save() is True and not asked
    assert load_scenario(db, "X").values == {"lock_in": 1.6}
