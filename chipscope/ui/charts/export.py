"""PNG, SVG and CSV export of the chart on screen, and a headless export for the CLI.

Sizing: a chart is laid out at a *logical* size no larger than :data:`REFERENCE_SIZE` and
painted at a device pixel ratio that fills the requested pixels, so a 3840 x 2160 export looks
like the 1280 x 720 one, only sharper: pen widths and text scale with the image. (pyqtgraph's
``ImageExporter`` at a larger width keeps pens and legend text at their on-screen pixel size.)
``scale=2`` doubles the pixels again, for high-DPI screens and print.

SVG is written by Qt's own :class:`QSvgGenerator` rendering the chart's graphics scene, not by
pyqtgraph's ``SVGExporter``, which crashes with PySide6 >= 6.11 (closed paths end with "Z";
pyqtgraph issue #3495, fixed by PR #3458 after 0.14.0). The output is the same on 6.10 and 6.11.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from chipscope.ui.charts.base import ChartView
from chipscope.ui.charts.area import CHART_NAMES, ChartArea, build_view
from chipscope.ui.palette import chart_theme

PNG_PRESETS: dict[str, tuple[int, int]] = {
    f"{w}x{h}": (w, h)
    for w, h in ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160), (1600, 1200),
                 (1200, 1200))
}
"""Common image sizes in pixels at scale 1 (16:9 HD to 4K, a 4:3 slide, a square)."""

REFERENCE_SIZE = (1280, 720)
"""The logical size at which one chart pixel is one image pixel."""
EXPORT_SUFFIXES = (".png", ".svg")
_APP: QApplication | None = None  # the QApplication a headless export had to create


def export_layout(width: int, height: int) -> tuple[QSize, float]:
    """The logical size a ``width`` x ``height`` image is laid out at, and its pixel ratio.

    Small images are laid out at their own size (ratio 1); larger ones at a size that fits
    :data:`REFERENCE_SIZE`, scaled up, so text and lines grow with the image.
    """
    if width < 1 or height < 1:
        raise ValueError(f"size: {width} x {height} px must be at least 1 x 1")
    ratio = max(1.0, min(width / REFERENCE_SIZE[0], height / REFERENCE_SIZE[1]))
    return QSize(max(1, round(width / ratio)), max(1, round(height / ratio))), ratio


def _export_view(chart_area: ChartArea, logical: QSize, pen_scale: float) -> ChartView:
    """A fresh, unseen copy of the visible chart laid out at ``logical`` size, its lines
    ``pen_scale`` times as wide: exports never resize the widget on screen and never show
    its hover read-out."""
    projection = chart_area.projection()
    if projection is None:
        raise ValueError("chart: there is nothing to export before a projection is shown")
    view = build_view(chart_area.chart_name(), chart_area.dataset(),
                      chart_theme(chart_area.palette()))
    view.set_pen_scale(pen_scale)
    view.show(projection, chart_area.measure(), chart_area.adopter_year() or projection.base_year)  # type: ignore[arg-type]
    widget = view.widget
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(logical)
    widget.show()  # delivers the resize, which lays the plot out at the logical size
    # pyqtgraph measures tick labels while painting and then asks for a new layout: paint
    # once off-image and let the layout settle, so long labels get their room.
    for _ in range(2):
        QApplication.sendPostedEvents()
        widget.grab()
    QApplication.sendPostedEvents()
    return view


def _paint(view: ChartView, painter: QPainter, logical: QSize) -> None:
    """Paint the whole chart (title, legend, credit included) into ``painter``'s device."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    target = QRectF(0, 0, logical.width(), logical.height())
    painter.fillRect(target, view.theme.background)
    widget = view.widget
    source = widget.mapToScene(widget.viewport().rect()).boundingRect()
    widget.scene().render(painter, target, source)


def _close(view: ChartView) -> None:
    # pyqtgraph's close() clears the scene; Python owns the parentless widget and frees it.
    view.widget.close()


def render_chart_image(chart_area: ChartArea, width: int, height: int,
                       scale: float = 1.0) -> QImage:
    """The visible chart as an image of ``round(width * scale)`` x ``round(height * scale)``
    pixels, in memory (for tests and the clipboard)."""
    if scale <= 0:
        raise ValueError(f"scale: {scale} must be positive")
    logical, ratio = export_layout(width, height)
    view = _export_view(chart_area, logical, ratio * scale)
    return paint_view_image(view, logical, width, height, ratio * scale)


def paint_view_image(view: Any, logical: QSize, width: int, height: int,
                     pixel_ratio: float) -> QImage:
    """Paint an export copy of a chart (laid out at ``logical`` size) into an image of
    ``logical * pixel_ratio`` pixels, then close the copy. Shared by every chart's export."""
    try:
        image = QImage(round(logical.width() * pixel_ratio), round(logical.height() * pixel_ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(pixel_ratio)
        # Same DPI as pyqtgraph's cached QPictures (see write_view_svg), so they replay 1:1.
        dots_per_metre = round(_picture_dpi() / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor(view.theme.background))
        painter = QPainter(image)
        try:
            _paint(view, painter, logical)
        finally:
            painter.end()
    finally:
        _close(view)
    return image


def save_png(image: QImage, path: Path) -> None:
    """Write an exported image as PNG at 1:1 pixels; OSError if it cannot be written."""
    image.setDevicePixelRatio(1.0)  # PNG readers expect 1:1 pixels; DPI stays the default
    # The stubs ask for bytes; PySide6 accepts only str here.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write PNG file {path}")


def export_png(chart_area: ChartArea, path: Path, width: int, height: int,
               scale: float = 1.0) -> None:
    """Save the visible chart as a PNG of ``width * scale`` x ``height * scale`` pixels.

    Raises
    ------
    OSError
        The file could not be written.
    """
    save_png(render_chart_image(chart_area, width, height, scale), path)


def export_svg(chart_area: ChartArea, path: Path, width: int, height: int) -> None:
    """Save the visible chart as SVG, ``width`` x ``height`` (its laid-out logical size
    scaled to fit, like :func:`export_png`)."""
    logical, ratio = export_layout(width, height)
    write_view_svg(_export_view(chart_area, logical, ratio), path, width, height, logical)


def write_view_svg(view: Any, path: Path, width: int, height: int, logical: QSize) -> None:
    """Write an export copy of a chart (laid out at ``logical`` size) as SVG of ``width`` x
    ``height``, then close the copy; OSError if the file cannot be written."""
    try:
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(width, height))
        # pyqtgraph caches axes and bars as QPictures recorded at the screen's logical DPI;
        # a generator at another DPI (Qt's default is 72) would replay them shrunk.
        generator.setResolution(_picture_dpi())
        generator.setViewBox(QRect(0, 0, logical.width(), logical.height()))
        generator.setTitle(view.title)
        generator.setDescription(view.credit_text)
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"could not write SVG file {path}")
        try:
            _paint(view, painter, logical)
        finally:
            painter.end()
    finally:
        _close(view)
    if not Path(path).is_file():
        raise OSError(f"could not write SVG file {path}")


def _picture_dpi() -> int:
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchY()) if screen is not None else 96


def export_table_csv(frame: pd.DataFrame, path: Path) -> None:
    """Save a chart's table as UTF-8 CSV, full precision, without the index."""
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _ensure_app() -> None:
    """Create a QApplication for a headless export if none exists (offscreen without a display)."""
    global _APP
    if QApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QApplication([sys.argv[0] if sys.argv else "chipscope"])


def export_chart_to_file(dataset: Any, assumptions: Any, chart: str, out: Path,
                         width: int = 1920, height: int = 1080,
                         measure: str = "h100e", year: int | None = None,
                         basis: str = "bf16") -> None:
    """Project ``dataset`` under ``assumptions`` and write chart ``chart`` to ``out`` (.png or
    .svg by suffix), without a window. ``year`` is the adopters chart's year (default: the
    horizon, where a what-if shows); ``basis`` what 1 H100e is (``bf16`` or ``8bit``; the
    title and axis say which).

    Raises
    ------
    ValueError
        Unknown chart or measure, a suffix other than .png / .svg, or a bad size; raised
        before anything is computed or drawn.
    """
    from chipscope.model.basis import BASES, project_on_basis
    from chipscope.model.projection import MEASURES

    out = Path(out)
    if chart not in CHART_NAMES:
        raise ValueError(f"chart: {chart!r} is not one of {', '.join(CHART_NAMES)}")
    if measure not in MEASURES:
        raise ValueError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
    if basis not in BASES:
        raise ValueError(f"basis: {basis!r} is not one of {', '.join(BASES)}")
    suffix = out.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"out: {out.name!r} has suffix {out.suffix or '(none)'!r}; "
                         "use .png or .svg")
    export_layout(width, height)
    _ensure_app()
    area = ChartArea(dataset)
    area.set_chart(chart)
    area.set_measure(measure)
    projection = project_on_basis(dataset, assumptions, basis)
    if year is not None:
        projection.year_index(year)  # ValueError naming the year and the range
    area.set_projection(projection)
    area.set_adopter_year(int(projection.years[-1]) if year is None else year)
    if suffix == ".svg":
        export_svg(area, out, width, height)
    else:
        export_png(area, out, width, height)
