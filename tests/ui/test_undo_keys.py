"""#11: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y work while the focus is in a number box just edited:
they go to the document's undo history, not to the box's own text undo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor

KEY = "price_sensitivity"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> MainWindow:
    win = make_window(show=False)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    return win


def focused_spin(qtbot: QtBot, window: MainWindow) -> ParamEditor:
    editor = window.assumptions_panel.editor(KEY)
    assert isinstance(editor, ParamEditor)
    window.assumptions_panel.scroll_area.ensureWidgetVisible(editor)
    editor.spin.setFocus()
    qtbot.waitUntil(editor.spin.hasFocus)
    return editor


def type_number(qtbot: QtBot, editor: ParamEditor, text: str, enter: bool) -> None:
    editor.spin.selectAll()
    qtbot.keyClicks(editor.spin, text)
    if enter:
        qtbot.keyClick(editor.spin, Qt.Key.Key_Return)


def test_undo_and_redo_keys_in_a_number_box_just_edited(qtbot: QtBot,
                                                        window: MainWindow) -> None:
    session = window.session
    default = session.assumptions[KEY]
    editor = focused_spin(qtbot, window)
    type_number(qtbot, editor, "4.2", enter=True)
    assert session.assumptions[KEY] == pytest.approx(4.2)
    assert editor.spin.hasFocus()

    qtbot.keyClick(editor.spin, Qt.Key.Key_Z, CTRL)
    assert session.assumptions[KEY] == pytest.approx(default)
    assert editor.spin.value() == pytest.approx(default) and editor.spin.hasFocus()
    qtbot.keyClick(editor.spin, Qt.Key.Key_Z, CTRL | SHIFT)
    assert session.assumptions[KEY] == pytest.approx(4.2)
    qtbot.keyClick(editor.spin, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(editor.spin, Qt.Key.Key_Y, CTRL)
    assert session.assumptions[KEY] == pytest.approx(4.2)
    assert editor.spin.value() == pytest.approx(4.2)
    assert "*" in window.windowTitle()


def test_undo_key_applies_the_typed_number_first_then_undoes_it(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    session = window.session
    editor = focused_spin(qtbot, window)
    type_number(qtbot, editor, "3.1", enter=True)
    type_number(qtbot, editor, "6.5", enter=False)  # typed, not applied yet
    assert session.assumptions[KEY] == pytest.approx(3.1)
    qtbot.keyClick(editor.spin, Qt.Key.Key_Z, CTRL)
    # The pending 6.5 became a step and was undone: back to 3.1, not to the default.
    assert session.assumptions[KEY] == pytest.approx(3.1)
    assert editor.spin.value() == pytest.approx(3.1)
    qtbot.keyClick(editor.spin, Qt.Key.Key_Z, CTRL | SHIFT)
    assert session.assumptions[KEY] == pytest.approx(6.5)
    labels = window.scenarios.working.stack.labels()
    assert len(labels) == 2 and all(lab.startswith("Price sensitivity") for lab in labels)
