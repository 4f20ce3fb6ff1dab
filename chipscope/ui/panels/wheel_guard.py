"""One event filter for the value controls of the assumptions panel (sliders, number boxes,
the adopter chooser).

- **Wheel**: over a control that does not have the keyboard focus, the wheel scrolls the panel
  and never changes the value (scrolling a long form must not edit it). A focused control
  (clicked or reached with Tab) still takes the wheel.
- **Undo / redo keys in a number box**: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y go to the document's
  undo history (Edit > Undo / Redo), not to the box's own text undo. The number typed but not
  yet applied (no Enter) is applied first, so Undo takes back the edit the user just made.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

UNDO_REDO_KEYS = ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y")
"""Besides the platform's own undo and redo keys (read when needed: they need a QGuiApplication)."""


class WheelGuard(QObject):
    """Installed on each value control of ``scroll_area``'s form (:meth:`watch`)."""

    def __init__(self, scroll_area: QAbstractScrollArea):
        super().__init__(scroll_area)
        self.scroll_area = scroll_area

    def watch(self, *controls: QWidget) -> None:
        """Guard these controls (sliders, spin boxes, combo boxes)."""
        for control in controls:
            control.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            return self._wheel(watched, event)
        if (kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and isinstance(watched, QAbstractSpinBox) and is_undo_redo(event)):
            # Apply what was typed (keyboard tracking is off), then let the key through to
            # the window's Undo / Redo shortcuts instead of the line edit's own undo.
            watched.interpretText()
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def _wheel(self, watched: QObject, event: QWheelEvent) -> bool:
        if not isinstance(watched, QAbstractSlider | QAbstractSpinBox | QComboBox):
            return False
        if watched.hasFocus():
            return False  # a focused control takes the wheel, as the user expects
        # Scroll the panel instead. Sent, not propagated: Qt does not pass a synthesised
        # wheel event on to the parent, so forward it to the scroll bar ourselves.
        bar = (self.scroll_area.verticalScrollBar() if event.angleDelta().y()
               or event.pixelDelta().y() else self.scroll_area.horizontalScrollBar())
        QApplication.sendEvent(bar, event.clone())
        event.accept()
        return True


def is_undo_redo(event: QKeyEvent) -> bool:
    """Whether the key press is one of the undo / redo shortcuts."""
    pressed = QKeySequence(event.keyCombination())
    keys = [QKeySequence(k) for k in UNDO_REDO_KEYS]
    for standard in (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo):
        keys += QKeySequence.keyBindings(standard)
    return any(not key.isEmpty() and pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
               for key in keys)
