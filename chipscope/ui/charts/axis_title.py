"""An axis title cut to the room the chart leaves it along the axis."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QTextDocumentFragment


def elide_title(axis: pg.AxisItem, length: float) -> bool:
    """Cut ``axis``'s title with "…" to ``length`` along the axis, or show it whole when it
    fits: a left axis shorter than its title ran it into the credit below (vendor_share
    in a window 500 px high, pass 37). True when the title's text changed."""
    label, full = axis.label, axis.labelString()
    font = label.font()
    size = str(axis.labelStyle.get("font-size", ""))
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    margin = 2 * label.document().documentMargin() + 2.0
    text = QFontMetricsF(font).elidedText(axis.labelText, Qt.TextElideMode.ElideRight,
                                          max(length - margin, 0.0))
    html = full if text == axis.labelText else full.replace(axis.labelText, text, 1)
    if label.toPlainText().strip() == QTextDocumentFragment.fromHtml(html).toPlainText(
            ).strip():
        return False
    label.setHtml(html)
    return True
