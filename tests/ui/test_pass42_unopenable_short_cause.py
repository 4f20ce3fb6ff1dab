"""Pass 42 F2: the compare view's hint and the difference view's reference note pasted the
whole "The saved scenario ... cannot be opened (...); delete it ..., or repair its row ...
with an SQLite tool." sentence inside their own: the name twice, brackets three deep, a
capital and a full stop inside the brackets (".)." / ".);"), and "`chipscope assumptions`
lists them" (advice for a scenario file) beside the saved-row advice. Now those two give the
short cause (one level of brackets, the name once, no inner full stop); the Open box keeps
the whole sentence, without the file advice; scenario files keep it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_store import ScenarioRecord, record_assumptions
from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from tests.ui.saved_rows import window_with_saved_row

ODD = '{"lock_in": 0.5, " lock_in": 0.7, "NOPE": 1}'
CAUSE = ("unknown assumption ' lock_in'; did you mean lock_in?; unknown assumption 'NOPE'; "
         "delete it in the scenario list, or open it to see how to repair it")
FILE_ADVICE = "`chipscope-cli assumptions` lists them"


def _window(make_window: Callable[..., MainWindow]) -> tuple[MainWindow, Path]:
    return window_with_saved_row(make_window, "Gamma", "Beta (2)", ODD)


def test_the_compare_hint_gives_the_short_cause(make_window: Callable[..., MainWindow]) -> None:
    window, db = _window(make_window)
    before = db.read_bytes()
    view = window.scenarios.open_compare()
    view.set_selection(["Beta (2)", "Gamma"])
    assert view.hint.text() == ("This scenario cannot be compared and is left out "
                                f"(Beta (2)): {CAUSE}.")
    assert view.labels == ["Gamma"]
    view.set_selection(["Beta (2)"])  # the only one ticked: the exports are refused
    assert view.hint.text().endswith(f" (Beta (2)): {CAUSE}.")
    tip = view.export_table_button.toolTip()
    assert not view.export_table_button.isEnabled()
    assert tip.startswith("The ticked scenario cannot be compared (the note above says why)")
    assert "SQLite" not in tip and FILE_ADVICE not in tip
    assert db.read_bytes() == before


def test_the_difference_note_gives_the_short_cause(make_window: Callable[..., MainWindow],
                                                   qtbot: QtBot) -> None:
    window, db = _window(make_window)
    before = db.read_bytes()
    diff = window.difference
    diff.set_on(True)
    diff.choose("saved:Beta (2)")
    qtbot.waitUntil(lambda: not diff.is_stale())
    assert diff.panel.message.text() == (f"\u201cBeta (2)\u201d cannot be the reference "
                                         f"({CAUSE}); showing the Baseline.")
    assert window.errors == []  # type: ignore[attr-defined]
    assert db.read_bytes() == before


def test_open_keeps_the_whole_sentence_without_the_file_advice(
        make_window: Callable[..., MainWindow]) -> None:
    window, db = _window(make_window)
    panel = window.scenarios.panel
    assert panel.select("Beta (2)") and not panel.open_selected()
    assert window.errors == [  # type: ignore[attr-defined]
        f"The saved scenario 'Beta (2)' in {db} cannot be opened (unknown assumption "
        "' lock_in'; did you mean lock_in?; unknown assumption 'NOPE'); delete it in the "
        "scenario list, or repair its row in the scenarios table with an SQLite tool."]


def test_a_preset_keeps_the_file_advice() -> None:
    specs = AssumptionSpecs.for_dataset(open_user_database()[0])
    bad = Scenario("P", "", {"NOPE": 1.0})
    with pytest.raises(ValueError, match=r"^unknown assumption 'NOPE'; `chipscope-cli assumptions` "
                                         r"lists them$"):
        record_assumptions(specs, ScenarioRecord(bad, "", True, origin="/x/chipscope.db"))
    with pytest.raises(ValueError) as caught:
        record_assumptions(specs, ScenarioRecord(bad, "2026", False, origin="/x/chipscope.db"))
    assert FILE_ADVICE not in str(caught.value)
    assert getattr(caught.value, "cause", None) == (
        "unknown assumption 'NOPE'; delete it in the scenario list, or open it to see how to "
        "repair it")
