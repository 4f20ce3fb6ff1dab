"""A label and a combo box that give up width without cutting a word silently: a text that does
not fit ends in "…", and the whole text opens their tooltip (before what the tooltip says of
the control). Their text and tooltip are plain text, shown literally (never as HTML);
``text()`` / ``currentText()`` stay the whole text.

On a 1,024 px screen the chart's selectors and the Assumptions dock's "n of N" count are given
less than their text needs; before, Qt drew the text cut at the control's edge ("Compute (H1")
with no sign that anything was missing (pass 37).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from chipscope.ui.plain import literal

ELLIPSIS = "\u2026"


def _whole_tip(text: str, tip: str, elided: bool) -> str:
    """The tooltip, shown literally (both are plain text, never HTML): the whole ``text``
    first when it is shown elided, then ``tip``."""
    if elided and text:
        tip = f"{text}\n{tip}" if tip else text
    return literal(tip)


class ElidedComboBox(QComboBox):
    """A combo box whose current text ends in "…" when its box is too narrow for it (its list
    shows each item whole), the whole text then first in its tooltip."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._tip = ""
        self.currentIndexChanged.connect(lambda _i: self._follow())

    def setToolTip(self, tip: str) -> None:  # noqa: N802 - Qt's name
        """Qt override: ``tip`` is what the box does; the whole text joins it when elided."""
        self._tip = tip
        self._follow()

    def text_room(self) -> int:
        """The width the current text is drawn in: the box's edit field (frame and arrow off)."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()

    def shown_text(self) -> str:
        """The current text as drawn: whole, or cut with "…" to :meth:`text_room`."""
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight,
                                             max(0, self.text_room()))

    def is_elided(self) -> bool:
        return self.shown_text() != self.currentText()

    def _follow(self) -> None:
        super().setToolTip(_whole_tip(self.currentText(), self._tip, self.is_elided()))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._follow()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt override: QComboBox's own painting, with the text elided to the edit field."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.currentText = self.shown_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ElidedLabel(QLabel):
    """A one-line plain-text label that may be narrower than its text: the text then ends in
    "…" and opens its tooltip. Its least width is :data:`LEAST_CHARS` average characters."""

    LEAST_CHARS = 6

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._tip = ""

    def setToolTip(self, tip: str) -> None:  # noqa: N802 - Qt's name
        self._tip = tip
        self._follow()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._follow()

    def shown_text(self) -> str:
        room = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room)

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def _follow(self) -> None:
        super().setToolTip(_whole_tip(self.text(), self._tip, self.is_elided()))
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        least = self.fontMetrics().averageCharWidth() * self.LEAST_CHARS
        return QSize(min(hint.width(), least), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self.alignment()), self.shown_text())
