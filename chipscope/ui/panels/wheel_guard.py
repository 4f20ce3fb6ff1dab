"""The value controls of the assumptions panel and the mouse wheel, and the undo keys in a
number box.

- **Wheel**: over a slider, number box or the adopter chooser that does not have the keyboard
  focus, the wheel scrolls the panel and never changes the value (scrolling a long form must
  not edit it). A focused control (clicked or reached with Tab) still takes the wheel. The
  controls are small subclasses overriding ``wheelEvent`` only, so no other event of theirs
  goes through Python (an event filter would see every paint and mouse move of a drag).
- **Undo / redo keys in a number box** (:class:`UndoKeyGuard`): Ctrl+Z, Ctrl+Shift+Z and
  Ctrl+Y go to the document's undo history (Edit > Undo / Redo), not to the box's own text
  undo. The number typed but not yet applied (no Enter) is applied first, so Undo takes back
  the edit the user just made.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QSlider,
    QSpinBox,
    QWidget,
)

from chipscope.ui.elided import ElidedComboBox

UNDO_REDO_KEYS = ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y")
"""Besides the platform's own undo and redo keys (read when needed: they need a QGuiApplication)."""


def wheel_scrolls_panel(control: QWidget, event: QWheelEvent) -> bool:
    """For a control's ``wheelEvent``: when it has no focus, scroll the nearest scroll area
    around it instead and return True (the control must then ignore the event)."""
    if control.hasFocus():
        return False
    area = control.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        event.ignore()  # no scroll area: let a parent have it, the value stays
        return True
    # Sent, not propagated: Qt does not pass a synthesised wheel event on to the parent.
    vertical = bool(event.angleDelta().y() or event.pixelDelta().y())
    bar = area.verticalScrollBar() if vertical else area.horizontalScrollBar()
    QApplication.sendEvent(bar, event.clone())
    event.accept()
    return True


class WheelSafeSlider(QSlider):
    """A slider the wheel moves only when it has the focus (it takes focus by click or Tab)."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None):
        super().__init__(orientation, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_scrolls_panel(self, event):
            super().wheelEvent(event)


class WheelSafeSpinBox(QSpinBox):
    """A whole-number box the wheel steps only when it has the focus. :attr:`refused`: the
    text Enter or leaving the box found no value in range (:func:`refused_text`)."""

    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_scrolls_panel(self, event):
            super().wheelEvent(event)

    def fixup(self, text: str) -> str:
        return refused_text(self, super().fixup(text))


class WheelSafeDoubleSpinBox(QDoubleSpinBox):
    """A number box the wheel steps only when it has the focus; :attr:`refused` as in
    :class:`WheelSafeSpinBox`."""

    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_scrolls_panel(self, event):
            super().wheelEvent(event)

    def fixup(self, text: str) -> str:
        return refused_text(self, super().fixup(text))


class WheelSafeComboBox(ElidedComboBox):
    """A chooser the wheel changes only when it has the focus. It gives up width down to
    :data:`LEAST_CHARS` characters in a narrow dock, its text then ending in "…" (pass 37)."""

    LEAST_CHARS = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(self.LEAST_CHARS)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not wheel_scrolls_panel(self, event):
            super().wheelEvent(event)


class UndoKeyGuard(QObject):
    """Installed on the number boxes (:meth:`watch`): their undo keys reach the window."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._watched: list[QAbstractSpinBox] = []

    def watch(self, *spin_boxes: QAbstractSpinBox) -> None:
        for spin in spin_boxes:
            spin.installEventFilter(self)
            self._watched.append(spin)

    def release(self) -> None:
        """Stop watching every number box, before the forms holding them are deleted: an event
        Qt sends a box while it is destroyed (its focus going) must not call back into Python
        with a half-deleted widget (a segmentation fault while the forms were rebuilt, CI)."""
        for spin in self._watched:
            if shiboken6.isValid(spin):
                spin.removeEventFilter(self)
        self._watched = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QAbstractSpinBox) and is_undo_redo(event)):
            # Apply what was typed (keyboard tracking is off), then let the key through to
            # the window's Undo / Redo shortcuts instead of the line edit's own undo.
            watched.interpretText()
            event.ignore()
            return True
        return False


def is_undo_redo(event: QKeyEvent) -> bool:
    """Whether the key press is one of the undo / redo shortcuts."""
    pressed = QKeySequence(event.keyCombination())
    keys = [QKeySequence(k) for k in UNDO_REDO_KEYS]
    for standard in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
        keys += QKeySequence.keyBindings(standard)
    return any(not key.isEmpty() and pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
               for key in keys)


def refused_text(box: WheelSafeSpinBox | WheelSafeDoubleSpinBox, text: str) -> str:
    """For a box's ``fixup`` (Qt calls it when Enter or leaving the box finds ``text`` is no
    value in range): emit ``refused`` with it unless the fixed text is a value; ``text``."""
    if box.validate(text, 0)[0] != QValidator.State.Acceptable:
        box.refused.emit(text)
    return text
