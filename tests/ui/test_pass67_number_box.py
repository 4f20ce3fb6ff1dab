"""Pass 67, F3: an assumption's number box holding "nan", "inf", other text or nothing, on Enter
or when left, keeps its value and says why beside the box (chipscope/ui/panels/number_box.py).
Before, Qt's CorrectToNearestValue made it a silent 0 that was applied and autosaved."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

PRICE = "vendor.nvidia.price_change_pct"  # -50..50 %/yr
LOCK = "lock_in"  # 0..5


def _commit(qtbot: Any, spin: Any, text: str, *, paste: bool = True) -> None:
    """Select all in the box, paste (or type) ``text``, press Enter."""
    spin.setFocus()
    edit = spin.lineEdit()
    edit.selectAll()
    if paste:
        QApplication.clipboard().setText(text)
        edit.paste()
    else:
        edit.del_()
        for char in text:  # as a keyboard sends it (qtbot.keyClicks takes ASCII only)
            QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                   Qt.KeyboardModifier.NoModifier, char))
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _settled(qtbot: Any, window: Any, key: str, value: float) -> Any:
    """The window's ``key`` set to ``value`` through its box, and autosaved."""
    editor = window.assumptions_panel.editor(key)
    working = window.scenarios.working
    _commit(qtbot, editor.spin, str(value).rstrip("0").rstrip("."))
    assert working.session.assumptions[key] == value
    assert working.autosave_now() is None and not working.autosave_timer.isActive()
    return editor


@pytest.mark.parametrize(("key", "start"), [(PRICE, -7.0), (LOCK, 3.0)])
@pytest.mark.parametrize(("text", "paste"), [
    ("nan", True), ("NaN", True), ("nan{unit}", True), ("", True),
    # typed key by key: the box takes what it can ("n", "in"), or nothing
    ("nan", False), ("inf", False), ("-inf", False), ("\uff11\uff0e\uff15", False),
    ("\u0661\u0662", False)])
def test_text_that_is_no_number_keeps_the_value_and_says_so(make_window: Any, qtbot: Any,
                                                             key: str, start: float,
                                                             text: str, paste: bool) -> None:
    window = make_window()
    editor = _settled(qtbot, window, key, start)
    working = window.scenarios.working
    _commit(qtbot, editor.spin, text.format(unit=editor.spin.suffix()), paste=paste)
    assert working.session.assumptions[key] == start  # not 0
    assert editor.spin.value() == start
    assert not working.autosave_timer.isActive()  # nothing to autosave
    said = editor.error()
    assert said.startswith("Not applied: ") and "(allowed " in said, said
    assert "the box is empty" in said or "is not a number" in said, said
    if paste:
        assert ("the box is empty" in said) if text == "" else ("'" in said), said
    assert "the value stays" in said and window.warnings == []


def test_a_fresh_scenario_stays_unchanged(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    working = window.scenarios.working
    editor = window.assumptions_panel.editor(LOCK)
    before = working.session.assumptions[LOCK]
    _commit(qtbot, editor.spin, "nan")
    assert working.session.assumptions[LOCK] == before
    assert not working.is_modified() and not working.autosave_timer.isActive()
    assert editor.error() == ("Not applied: 'nan' is not a number (allowed 0 to 5); "
                              f"the value stays {editor.spin.text()}.")


def test_a_valid_number_still_applies_at_once_and_clears_the_words(make_window: Any,
                                                                   qtbot: Any) -> None:
    window = make_window()
    editor = _settled(qtbot, window, PRICE, -7.0)
    _commit(qtbot, editor.spin, "nan")
    assert editor.error()
    _commit(qtbot, editor.spin, "12", paste=False)
    assert window.scenarios.working.session.assumptions[PRICE] == 12.0
    assert editor.error() == ""


def test_leaving_an_emptied_box_keeps_the_value(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    editor = _settled(qtbot, window, LOCK, 3.0)
    editor.spin.setFocus()
    QApplication.processEvents()
    editor.spin.lineEdit().selectAll()
    editor.spin.lineEdit().del_()
    window.assumptions_panel.editor(PRICE).spin.setFocus()  # click away
    QApplication.processEvents()
    assert window.scenarios.working.session.assumptions[LOCK] == 3.0
    assert editor.error() == ("Not applied: the box is empty (allowed 0 to 5); "
                              "the value stays 3.00.")
