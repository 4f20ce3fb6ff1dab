"""#11: the mouse wheel over the assumptions panel scrolls it and never changes a slider, number
box or chooser that does not have the focus. Real QWheelEvents, sent to controls inside the
scroll area."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.session import Session

KEY = "bass_p"


@pytest.fixture
def panel(qtbot: QtBot) -> AssumptionsPanel:
    widget = AssumptionsPanel(Session(synthetic_dataset()))
    qtbot.addWidget(widget)
    widget.resize(420, 500)  # shorter than the form: it scrolls
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One real wheel event over the middle of ``widget`` (-1: one notch down)."""
    local = QPointF(widget.rect().center())
    event = QWheelEvent(local, QPointF(widget.mapToGlobal(local)), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def editor_in_view(panel: AssumptionsPanel, key: str) -> ParamEditor:
    editor = panel.editor(key)
    assert isinstance(editor, ParamEditor)
    panel.scroll_area.ensureWidgetVisible(editor)
    return editor


@pytest.mark.parametrize("part", ["slider", "spin"])
def test_wheel_over_an_unfocused_control_scrolls_the_panel(panel: AssumptionsPanel,
                                                           part: str) -> None:
    editor = editor_in_view(panel, KEY)
    bar = panel.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 3)
    control = getattr(editor, part)
    assert panel.scroll_area.widget().isAncestorOf(control) and not control.hasFocus()
    session = panel.session
    before, stack = session.assumptions, (control.value(), editor.value())
    scrolled = bar.value()
    for _ in range(3):
        wheel(control)
    assert (control.value(), editor.value()) == stack
    assert session.assumptions == before and not session.is_stale()
    assert bar.value() > scrolled  # the panel scrolled down instead
    wheel(control, notches=+2)
    assert (control.value(), editor.value()) == stack
    assert session.assumptions == before


def test_the_adopter_chooser_ignores_the_wheel_too(panel: AssumptionsPanel) -> None:
    combo = panel.adopter_combo
    panel.scroll_area.ensureWidgetVisible(combo)
    index = combo.currentIndex()
    wheel(combo)
    wheel(combo)
    assert combo.currentIndex() == index


def test_a_focused_slider_still_takes_the_wheel(qtbot: QtBot, panel: AssumptionsPanel) -> None:
    """The same event changes a control the user clicked into: the guard is what stops it."""
    editor = editor_in_view(panel, KEY)
    with qtbot.waitActive(panel):
        panel.activateWindow()
    editor.slider.setFocus()
    qtbot.waitUntil(editor.slider.hasFocus)
    position = editor.slider.value()
    wheel(editor.slider)
    assert editor.slider.value() != position
    assert panel.session.assumptions[KEY] == pytest.approx(editor.scale.to_value(
        editor.slider.value()))


def test_controls_take_focus_by_click_or_tab_not_by_wheel(panel: AssumptionsPanel) -> None:
    editor = editor_in_view(panel, KEY)
    assert editor.slider.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert editor.spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
