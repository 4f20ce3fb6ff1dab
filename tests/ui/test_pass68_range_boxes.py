"""Pass 68, F3: a range row's low or high box holding "nan", other text or nothing keeps its
value and says why in the row's error label, in the number boxes' words
(chipscope/ui/panels/number_box.py), and Apply does not apply the row then. Before, the box went
silently back to its old value, and Apply applied it ("Your range") while the box still showed
"nan"."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chipscope.model.uncertainty import Range

KEY = "switching_speed"


def _window(make_window: Any, qtbot: Any) -> Any:
    """A window that has the focus (its boxes take it, and lose it)."""
    window = make_window(show=False)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _row(window: Any, qtbot: Any) -> Any:
    """The switching-speed range row, its range 0.1 to 0.5 applied, then high set to 0.6
    (not applied: an Apply that went through would show it)."""
    u = window.uncertainty
    qtbot.mouseClick(u.fields.buttons[KEY], Qt.MouseButton.LeftButton)
    row = u.fields.rows[KEY]
    row.low.setValue(0.1)
    row.high.setValue(0.5)
    assert row.apply()
    row.high.setValue(0.6)
    return row


def _paste(spin: Any, text: str) -> None:
    spin.setFocus()
    assert spin.hasFocus()
    spin.lineEdit().selectAll()
    QApplication.clipboard().setText(text)
    spin.lineEdit().paste()


def _applied(window: Any) -> tuple[float, float]:
    r = window.uncertainty.ranges.get(KEY)
    assert isinstance(r, Range)
    return r.low, r.high


@pytest.mark.parametrize(("end", "text", "why"), [
    ("low", "nan", "low 'nan' is not a number"),
    ("low", "", "the low box is empty"),
    ("high", "", "the high box is empty"),
    ("high", "-", "high '-' is not a number")])
def test_apply_with_no_number_in_a_box_applies_nothing(make_window: Any, qtbot: Any,
                                                       end: str, text: str, why: str) -> None:
    window = _window(make_window, qtbot)
    row = _row(window, qtbot)
    spin = getattr(row, end)
    kept = spin.text()
    _paste(spin, text)
    assert not row.apply()  # pressed at once, the box still holding the text
    assert _applied(window) == (0.1, 0.5)
    assert row.error() == f"Range not applied: {why}; it stays {kept}."
    assert spin.text() == kept  # the box shows the value it keeps
    assert row.apply() and row.error() == ""  # Apply again: the values the boxes show
    assert _applied(window) == (0.1, 0.6)


@pytest.mark.parametrize("text", ["nan", ""])
def test_leaving_the_box_then_apply_says_why_and_applies_nothing(make_window: Any, qtbot: Any,
                                                                 text: str) -> None:
    window = _window(make_window, qtbot)
    row = _row(window, qtbot)
    kept = row.low.text()
    _paste(row.low, text)
    row.high.setFocus()  # left, as a click on Apply leaves it
    QApplication.processEvents()
    said = row.error()
    assert said.startswith("Range not applied: ") and said.endswith(f"; it stays {kept}."), said
    assert row.low.text() == kept
    assert not row.apply()
    assert row.error() == said and _applied(window) == (0.1, 0.5)


def test_typing_again_after_a_refusal_applies(make_window: Any, qtbot: Any) -> None:
    window = _window(make_window, qtbot)
    row = _row(window, qtbot)
    _paste(row.low, "nan")
    row.high.setFocus()
    QApplication.processEvents()
    assert row.error()
    row.low.setFocus()
    row.low.lineEdit().selectAll()
    qtbot.keyClicks(row.low.lineEdit(), "0.2")
    assert row.apply() and row.error() == ""
    assert _applied(window) == (0.2, 0.6)
