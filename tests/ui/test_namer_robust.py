"""The accessible namer sees every event of the application, some delivered in the middle of
any Python line (while garbage is collected): it must never raise (CI, 2026-12-03: a stale
QWidgetItem wrapper was handed to it for a new object at the same address, and its exception
broke a QGraphicsView's constructor in another test)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chipscope.ui import accessibility
from chipscope.ui.uncertainty.ranges_ui import _layout_holding


def test_the_namer_never_raises_out_of_an_event(
        qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    namer = accessibility.install(app)

    def broken(_widget: QWidget) -> None:
        raise RuntimeError("a name could not be made")

    monkeypatch.setattr(accessibility, "name_widget", broken)
    widget = QLineEdit()
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    # Before, the RuntimeError left the event filter, and pytest-qt failed the test with it.
    assert namer.eventFilter(widget, QEvent(QEvent.Type.Polish)) is False
    QApplication.sendEvent(widget, QEvent(QEvent.Type.Polish))


def test_a_parent_that_is_no_qobject_ends_the_walk() -> None:
    class Odd(QWidget):
        def parent(self) -> object:  # type: ignore[override]
            return object()  # what a stale wrapper of another type looks like

    odd = Odd()
    assert accessibility._in_qt_dialog(odd) is False


def test_a_label_before_a_control_still_names_it(qtbot: object) -> None:
    box = QWidget()
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    row = QHBoxLayout(box)
    row.addWidget(QLabel("Growth:"))
    row.addStretch()  # not a widget: passed over
    field = QLineEdit()
    row.addWidget(field)
    button = QPushButton()
    row.addWidget(button)
    assert accessibility.derived_name(field) == "Growth"
    # A control between the label and the widget: the label names the control only.
    assert accessibility._label_before(button) == ""


def test_the_layout_holding_a_widget_is_found_when_nested(qtbot: object) -> None:
    box = QWidget()
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    outer = QVBoxLayout(box)
    inner = QHBoxLayout()
    deeper = QHBoxLayout()
    outer.addLayout(inner)
    inner.addLayout(deeper)
    label = QLabel("x")
    deeper.addWidget(label)
    assert _layout_holding(outer, label) is deeper
    assert _layout_holding(inner, QLabel("elsewhere")) is None
