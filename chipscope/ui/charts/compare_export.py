"""PNG and SVG export of the compare chart, the way :mod:`chipscope.ui.charts.export` exports every
other chart: a fresh copy laid out at the export's logical size (never the widget on screen),
painted at the device pixel ratio that fills the requested pixels, pens scaled with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from chipscope.ui.charts import export
from chipscope.ui.charts.compare import CompareChart

if TYPE_CHECKING:
    from chipscope.ui.scenarios.compare_view import CompareView


def _export_chart(view: CompareView, logical: QSize, pen_scale: float) -> CompareChart:
    if not view.labels:
        raise ValueError("chart: tick at least one scenario before exporting")
    chart = view.make_chart()
    chart.set_pen_scale(pen_scale)
    chart.show_comparison(view.table, view.labels, view.measure(), view.base_year)
    widget = chart.widget
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(logical)
    widget.show()
    for _ in range(2):  # let pyqtgraph measure tick labels and settle the layout
        QApplication.sendPostedEvents()
        widget.grab()
    QApplication.sendPostedEvents()
    return chart


def render_compare_image(view: CompareView, width: int, height: int,
                         scale: float = 1.0) -> QImage:
    """The compare chart as a ``width * scale`` x ``height * scale`` image, in memory."""
    if scale <= 0:
        raise ValueError(f"scale: {scale} must be positive")
    logical, ratio = export.export_layout(width, height)
    chart = _export_chart(view, logical, ratio * scale)
    return export.paint_view_image(chart, logical, width, height, ratio * scale)


def export_compare_png(view: CompareView, path: Path, width: int, height: int,
                       scale: float = 1.0) -> None:
    """Save the compare chart as PNG; OSError if the file cannot be written."""
    export.save_png(render_compare_image(view, width, height, scale), path)


def export_compare_svg(view: CompareView, path: Path, width: int, height: int) -> None:
    """Save the compare chart as SVG; OSError if the file cannot be written."""
    logical, _ = export.export_layout(width, height)
    export.write_view_svg(_export_chart(view, logical, 1.0), path, width, height, logical)
