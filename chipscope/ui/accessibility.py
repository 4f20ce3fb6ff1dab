"""Accessible names for screen readers, given to every control as it is first shown.

A control with no accessible name of its own gets one from what a sighted user reads next to
it: the assumption's label (sliders, number boxes, reset buttons of an assumption row), the
button's text, the first sentence of its tooltip, or its placeholder text; its accessible
description is the tooltip. An :class:`AccessibleNamer` installed on the application names
widgets on their Polish event, so dialogs and rebuilt panels are covered too.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QColorDialog,
    QComboBox,
    QDockWidget,
    QErrorMessage,
    QFileDialog,
    QFontDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

CONTROLS: tuple[type[QWidget], ...] = (
    QAbstractSlider, QAbstractSpinBox, QLineEdit, QComboBox, QAbstractButton,
    QAbstractItemView, QTextEdit, QPlainTextEdit, QTabBar,
)
"""The widgets a screen reader's user moves to: each must have a name."""

_TAG = re.compile(r"<[^>]+>")
_ROLE_WORDS = {QAbstractSlider: "slider", QAbstractSpinBox: "value"}


def is_control(widget: QWidget) -> bool:
    return isinstance(widget, CONTROLS)


def _plain(text: str) -> str:
    return " ".join(_TAG.sub(" ", text).replace("&nbsp;", " ").split())


def _first_sentence(text: str) -> str:
    plain = _plain(text)
    head = re.split(r"(?<=[.:;])\s", plain, maxsplit=1)[0]
    return head.rstrip(".:;")[:120]


def _row_label(widget: QWidget) -> str:
    """The full label of the assumption row ``widget`` sits in ("Anthropic-Trainium2 (Project
    Rainier): size", where the panel shows "Size" under a heading), else the row's label."""
    parent = widget.parentWidget()
    for _ in range(3):
        if parent is None:
            return ""
        spec_label = getattr(getattr(parent, "spec", None), "label", None)
        if isinstance(spec_label, str) and spec_label:
            return spec_label
        label = getattr(parent, "label", None)
        if isinstance(label, QLabel) and label.text().strip():
            return _plain(label.text())
        parent = parent.parentWidget()
    return ""


def _label_before(widget: QWidget) -> str:
    """The text of a label that names ``widget``: its buddy, or the label just before it in
    its parent's layout."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    labels = parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
    for label in labels:
        if label.buddy() is widget and label.text().strip():
            return _plain(label.text()).rstrip(":")
    layout = parent.layout()
    if layout is None:
        return ""
    index = layout.indexOf(widget)
    for i in range(index - 1, -1, -1):
        # PySide keeps each layout item's wrapper as long as the layout's, also after Qt
        # deletes the item, and may hand that stale wrapper back for Qt's next object at its
        # address (CI, 2026-12-03: a QWidgetItem as a widget's parent). The namer survives
        # that (AccessibleNamer.eventFilter); wrapping every sibling through findChildren
        # instead left more stale wrappers (buttons a QDialogButtonBox remakes), so only the
        # items back to the nearest label or control are asked for, as before.
        item = layout.itemAt(i)
        other = item.widget() if item is not None else None
        if isinstance(other, QLabel) and other.text().strip():
            return _plain(other.text()).rstrip(":")
        if other is not None and is_control(other):
            break
    return ""


def _container_title(widget: QWidget) -> str:
    """The title of the tab page or dock ``widget`` fills."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            index = parent.indexOf(child)
            if index >= 0:
                return _plain(parent.tabText(index)).replace("&", "")
        if isinstance(parent, QDockWidget) and parent.widget() is child:
            return parent.windowTitle()
        if isinstance(parent, QComboBox):  # the combo box's pop-up list
            return f"{parent.accessibleName() or derived_name(parent)} list"
        child, parent = parent, parent.parentWidget()
    return ""


def derived_name(widget: QWidget) -> str:
    """What a sighted user would call ``widget`` ("" if nothing says)."""
    if isinstance(widget, QScrollBar):
        side = "Horizontal" if widget.orientation() == Qt.Orientation.Horizontal else "Vertical"
        return f"{side} scroll bar"
    if isinstance(widget, QHeaderView):
        return ("Column headers" if widget.orientation() == Qt.Orientation.Horizontal
                else "Row headers")
    if isinstance(widget, QTabBar) and isinstance(widget.parentWidget(), QMainWindow):
        return "Panel tabs"
    row = _row_label(widget) or _label_before(widget)
    if isinstance(widget, QAbstractButton):
        text = _plain(widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
        if text and not text.isascii() and len(text) <= 2:  # an icon glyph such as ↺
            text = ""
        if row and not text:
            return f"Reset {row}" if "reset" in widget.toolTip().lower() else row
        if text:
            return f"{row}: {text}" if row and row not in text else text
    if row:
        for kind, word in _ROLE_WORDS.items():
            if isinstance(widget, kind):
                return f"{row} ({word})"
        return row
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return _plain(widget.placeholderText())
    if widget.toolTip():
        return _first_sentence(widget.toolTip())
    if title := _container_title(widget):
        return title
    if widget.windowTitle():
        return widget.windowTitle()
    name = widget.objectName()
    if name and not name.startswith("qt_"):
        return name.replace("_", " ")
    return ""


def name_widget(widget: QWidget) -> None:
    """Give ``widget`` an accessible name and description if it has none."""
    if not is_control(widget):
        return
    if not widget.accessibleName():
        name = derived_name(widget)
        if name:
            widget.setAccessibleName(name)
    if not widget.accessibleDescription() and widget.toolTip():
        widget.setAccessibleDescription(_plain(widget.toolTip()))


def name_tree(root: QWidget) -> None:
    """Name ``root`` and every widget under it."""
    name_widget(root)
    for child in root.findChildren(QWidget):
        name_widget(child)


def unnamed_controls(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` a screen reader would announce without a name."""
    return [w for w in [root, *root.findChildren(QWidget)]
            if is_control(w) and not w.accessibleName().strip()
            and not w.objectName().startswith("qt_")]


_POLISH = QEvent.Type.Polish


class AccessibleNamer(QObject):
    """An application-wide event filter that names each widget on its first Polish.

    It sees every event of the application, some delivered while Python collects garbage
    (a deleted widget's events, inside any line of Python): it does nothing for any other
    event, and nothing it does may raise out of it, where PySide would leave the exception set
    under whatever Python code was running (a QGraphicsView's constructor "returned NULL
    without setting an exception", CI 2026-12-03)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != _POLISH:
            return False
        try:
            if isinstance(watched, QWidget) and not _in_qt_dialog(watched):
                name_widget(watched)
        except Exception:  # noqa: BLE001 - a name is a courtesy; the event must go on
            return False
        return False


QT_DIALOGS: tuple[type[QWidget], ...] = (QFileDialog, QInputDialog, QMessageBox, QColorDialog,
                                         QFontDialog, QProgressDialog, QErrorMessage)
"""Qt's stock dialogs: Qt names their controls itself (a button by its text, a field by its
buddy label), and they are left alone. Their static functions (``getOpenFileName``,
``getText``) make and delete the dialog in C++: walking its children's layout from Python
while it is shown crashed the process (pass 13, B1), and the names guessed were wrong ("Look
in" for the file name field)."""


def _in_qt_dialog(widget: QWidget) -> bool:
    """Whether ``widget`` is, or is part of, one of :data:`QT_DIALOGS`."""
    parent: object = widget
    while isinstance(parent, QObject):
        if isinstance(parent, QT_DIALOGS):
            return True
        parent = parent.parent()
    return False


def install(app: QApplication) -> AccessibleNamer:
    """Install one :class:`AccessibleNamer` on ``app`` (idempotent)."""
    existing = app.findChild(AccessibleNamer)
    if existing is not None:
        return existing
    namer = AccessibleNamer(app)
    app.installEventFilter(namer)
    return namer
