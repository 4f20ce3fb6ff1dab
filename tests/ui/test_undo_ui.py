"""Edit > Undo / Redo in the main window: one step per finished drag or edit, menu texts that
name the change, the unsaved-changes star following undo back to the saved state."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import BoolEditor, ParamEditor

PRICE = "vendor.nvidia.price_change_pct"


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()  # teardown closes it: the unsaved-changes question answers Discard


def _drag(editor: ParamEditor, positions: list[int]) -> None:
    """Press the slider, move it through ``positions``, release it."""
    editor.slider.setSliderDown(True)
    for position in positions:
        editor.slider.setValue(position)
    editor.slider.setSliderDown(False)


def test_a_drag_is_one_step_named_after_its_key(qtbot: QtBot, window: MainWindow) -> None:
    undo, redo = window.scenarios.undo.undo_action, window.scenarios.undo.redo_action
    assert undo.text() == "Undo" and not undo.isEnabled() and not redo.isEnabled()
    assert undo in window.menus["edit"].actions() and redo in window.menus["edit"].actions()
    assert undo.shortcut() == QKeySequence("Ctrl+Z")
    assert QKeySequence("Ctrl+Shift+Z") in redo.shortcuts()
    editor = window.assumptions_panel.editor(PRICE)
    assert isinstance(editor, ParamEditor)
    start = editor.slider.value()
    _drag(editor, list(range(start, start - 40, -2)))
    dragged = window.session.assumptions[PRICE]
    assert dragged < -10
    assert window.scenarios.working.stack.labels() == ["NVIDIA price change"]
    assert undo.text() == "Undo NVIDIA price change" and undo.isEnabled()
    assert window.windowTitle() == "Untitled* \u2014 ChipScope"

    undo.trigger()
    assert window.session.assumptions[PRICE] == -10
    assert editor.value() == -10  # the form follows (model -> UI)
    assert redo.text() == "Redo NVIDIA price change" and undo.text() == "Undo"
    assert window.windowTitle() == "Untitled \u2014 ChipScope"
    redo.trigger()
    assert window.session.assumptions[PRICE] == dragged and editor.value() == dragged
    qtbot.waitUntil(lambda: not window.session.is_stale())
    assert window.chart_area.projection() is window.session.projection


def test_a_sequence_of_edits_undoes_and_redoes_in_order(window: MainWindow) -> None:
    working = window.scenarios.working
    undo, redo = window.scenarios.undo.undo_action, window.scenarios.undo.redo_action
    lock = window.assumptions_panel.editor("lock_in")
    assert isinstance(lock, ParamEditor)
    lock.spin.setValue(2.5)  # typing: every change applies at once ...
    lock.spin.setValue(2.75)
    lock.spin.editingFinished.emit()  # ... and one step when the edit finishes
    deal = window.assumptions_panel.editor("deal.openai_amd_6gw.enabled")
    assert isinstance(deal, BoolEditor)
    deal.check.setChecked(False)
    window.assumptions_panel.reset_all_button.click()
    assert working.stack.labels() == ["Lock-in (lambda) change", "OpenAI-AMD 6 GW off",
                                      "reset of all assumptions"]
    assert undo.text() == "Undo reset of all assumptions"
    assert window.session.assumptions == window.session.specs.defaults()
    undo.trigger()
    assert window.session.assumptions["lock_in"] == 2.75
    assert window.session.assumptions["deal.openai_amd_6gw.enabled"] == 0
    assert not deal.check.isChecked()
    undo.trigger()
    assert window.session.assumptions["deal.openai_amd_6gw.enabled"] == 1 and deal.check.isChecked()
    undo.trigger()
    default = window.session.specs["lock_in"].default
    assert window.session.assumptions["lock_in"] == default and not undo.isEnabled()
    redo.trigger()
    redo.trigger()
    assert window.session.assumptions["lock_in"] == 2.75
    assert window.session.assumptions["deal.openai_amd_6gw.enabled"] == 0
    # A new edit after undo drops what could be redone.
    undo.trigger()
    _drag(window.assumptions_panel.editor(PRICE), [10, 20, 30])  # type: ignore[arg-type]
    assert not redo.isEnabled() and redo.text() == "Redo"
    assert working.stack.labels()[-1] == "NVIDIA price change"
    # Edit > Reset all assumptions is one step too.
    reset = next(a for a in window.menus["edit"].actions() if "Reset" in a.text())
    reset.trigger()
    assert undo.text() == "Undo reset of all assumptions"


def test_undo_back_to_the_saved_state_removes_the_star(window: MainWindow,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    panel = window.scenarios.panel
    editor = window.assumptions_panel.editor(PRICE)
    assert isinstance(editor, ParamEditor)
    _drag(editor, [editor.slider.value() - 10])
    monkeypatch.setattr(panel, "ask_name", lambda *a: ("Saved one", ""))
    panel.save_action.trigger()
    assert window.windowTitle() == "Saved one \u2014 ChipScope"
    _drag(editor, [editor.slider.value() - 10])
    assert window.windowTitle() == "Saved one* \u2014 ChipScope"
    window.scenarios.undo.undo_action.trigger()
    assert window.windowTitle() == "Saved one \u2014 ChipScope"
    undo = window.scenarios.undo.undo_action
    assert undo.text() == "Undo save as \u201cSaved one\u201d"
    undo.trigger()  # the save as: the untitled scenario with unsaved values again
    assert window.windowTitle() == "Untitled* \u2014 ChipScope"
    window.scenarios.undo.redo_action.trigger()
    assert window.windowTitle() == "Saved one \u2014 ChipScope"
    # Opening another scenario is one step too: undo brings the values and the name back.
    monkeypatch.setattr(panel, "ask_unsaved", lambda: "discard")
    saved = window.session.assumptions
    panel.select("Price war")
    assert panel.open_selected()
    assert window.windowTitle() == "Price war \u2014 ChipScope"
    assert undo.text() == "Undo opening \u201cPrice war\u201d"
    undo.trigger()
    assert window.windowTitle() == "Saved one \u2014 ChipScope"
    assert window.session.assumptions == saved and editor.value() == saved[PRICE]
