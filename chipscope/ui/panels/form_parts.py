"""Pieces of the assumption forms: headings with their provenance "i", sub-headings, labels."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QStyle, QWidget

from chipscope.ui.elided import ElidedLabel
from chipscope.ui.panels.table_model import swatch_icon
from chipscope.ui.plain import cut, literal
from chipscope.ui.session import Session

HEADING_LIMIT = 40
"""The longest vendor or adopter name a form's heading shows whole (its tooltip has it all)."""


def heading(text: str, tooltip: str, colour: QColor | None, style: QStyle) -> QWidget:
    """A bold heading (with the vendor's colour swatch) and a small "i": hover it for where the
    numbers come from."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 6, 0, 0)
    lay.setSpacing(4)
    if colour is not None:
        swatch = QLabel()
        swatch.setPixmap(swatch_icon(colour).pixmap(12, 12))
        lay.addWidget(swatch)
    # A name given in Edit data is text, and a long one must not widen the dock (pass 18 E2).
    # In a narrow dock it ends in "…" rather than widen the form past the dock (pass 37).
    label = ElidedLabel(cut(text, HEADING_LIMIT))
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    tooltip = tooltip if len(text) <= HEADING_LIMIT else f"{text}\n{tooltip}"
    label.setToolTip(tooltip)  # plain text: the whole heading joins it when elided
    tooltip = literal(tooltip)
    lay.addWidget(label)
    info = QLabel()
    icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
    info.setPixmap(icon.pixmap(12, 12))
    info.setToolTip(tooltip)
    lay.addWidget(info)
    lay.addStretch(1)
    row.setToolTip(tooltip)
    return row


def subheading(text: str) -> QLabel:
    label = QLabel(text.upper())
    label.setStyleSheet("color: gray; font-size: 8pt; margin-top: 4px;")
    return label


def short_label(label: str, owner_name: str) -> str:
    """"NVIDIA price change" under an NVIDIA heading reads "Price change"."""
    if label.startswith(owner_name + " "):
        rest = label[len(owner_name) + 1:]
        return rest[:1].upper() + rest[1:]
    return label


def names_of(frame: pd.DataFrame, id_column: str) -> dict[str, str]:
    return dict(zip(frame[id_column], frame["name"], strict=True))


def base_year_purchases(session: Session) -> dict[str, float]:
    """Each vendor's purchases in the base year (H100e), the starting point of a new cap."""
    proj = session.projection
    row = proj.by_vendor("h100e")[proj.year_index(proj.base_year)]
    return dict(zip(proj.vendor_ids, (float(x) for x in row), strict=True))


class FormScrollArea(QScrollArea):
    """The assumption forms' scroll area: never narrower than its rows need (slider, number
    box with its unit, the reset and the "±" buttons), so a dock restored narrow on a small
    screen still shows every row whole; should it ever be narrower, the rows scroll
    sideways."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        """Qt override: the forms' width is followed as rows are added (the "±" buttons). The
        previous forms, which Qt deletes here, are no longer watched first: an event Qt sends
        them while they are being destroyed must not call back into Python with a half-deleted
        widget (a segmentation fault in this call, seen once in CI on 2026-12-06)."""
        old = self.widget()
        if old is not None:
            old.removeEventFilter(self)
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: a change of the forms' layout may change the width they need."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Qt override: the rows' width, the vertical scroll bar and the frame."""
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        width = (body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(max(hint.width(), width), hint.height())
