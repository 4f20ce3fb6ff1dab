"""Render any chart to an image or an SVG file, without a window: no chart area, nothing on
screen. The window's export, the compare view's export, the CLI's ``export-chart`` and the
smoke test all come through here.

Sizing: a chart is laid out at a *logical* size no larger than :data:`REFERENCE_SIZE` and
painted at a device pixel ratio that fills the requested pixels, so a 3840 x 2160 image looks
like the 1280 x 720 one, only sharper. pyqtgraph's pens are cosmetic (they keep their
device-pixel width at any ratio), so the chart's pens are scaled explicitly by the same ratio
(:meth:`~chipscope.ui.charts.chrome.ChartBase.set_pen_scale`). ``scale=2`` doubles the pixels
again, for high-DPI screens and print.

SVG is written by Qt's own :class:`QSvgGenerator` rendering the chart's graphics scene, not by
pyqtgraph's ``SVGExporter``, which crashes with PySide6 >= 6.11 (closed paths end with "Z";
pyqtgraph issue #3495, fixed by PR #3458 after 0.14.0). The output is the same on 6.10 and 6.11.

Files: a PNG or SVG is encoded in memory (into a :class:`QBuffer`), an SVG checked complete, and
the bytes written by :func:`chipscope.storage.files.write_bytes` (temporary file, fsync, rename;
special files refused), so a failed export leaves the old file as it was. Qt never opens the
target itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from PySide6.QtCore import QBuffer, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from chipscope.model.chart_data import ChartInput
from chipscope.model.export_labels import ScenarioLabel
from chipscope.storage import files
from chipscope.ui.charts.chrome import ChartBase
from chipscope.ui.charts.labels import apply_label, svg_description, svg_title, tag_png
from chipscope.ui.charts.svg_fix import portable_svg
from chipscope.ui.palette import ChartTheme, chart_theme

REFERENCE_SIZE = (1280, 720)
"""The logical size at which one chart pixel is one image pixel."""
_APP: QApplication | None = None  # the QApplication a headless render had to create


def export_layout(width: int, height: int) -> tuple[QSize, float]:
    """The logical size a ``width`` x ``height`` image is laid out at, and its pixel ratio.

    Small images are laid out at their own size (ratio 1); larger ones at a size that fits
    :data:`REFERENCE_SIZE`, scaled up, so text and lines grow with the image.
    """
    if width < 1 or height < 1:
        raise ValueError(f"size: {width} x {height} px must be at least 1 x 1")
    ratio = max(1.0, min(width / REFERENCE_SIZE[0], height / REFERENCE_SIZE[1]))
    return QSize(max(1, round(width / ratio)), max(1, round(height / ratio))), ratio


def ensure_app() -> None:
    """Create a QApplication for a headless render if none exists (offscreen when there is
    no display)."""
    global _APP
    if QApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QApplication([sys.argv[0] if sys.argv else "chipscope"])


def render_image(chart: ChartBase | str, data: ChartInput, width: int, height: int,
                 scale: float = 1.0, *, dataset: Any = None,
                 theme: ChartTheme | None = None, label: ScenarioLabel | None = None) -> QImage:
    """``data`` drawn by ``chart`` as an image of ``round(width * scale)`` x
    ``round(height * scale)`` pixels (title, legend and credit included).

    Parameters
    ----------
    chart : a registry name (built for ``dataset`` in ``theme``), or a new chart that has
        not drawn anything yet; either way the chart is used up (closed) by the render.
    data : what it draws (the chart's ``draws`` type).
    theme : default: the application palette's.
    label : the scenario, shown under the title and stored in the image's text metadata
        (Title, Description); None: neither.
    """
    if scale <= 0:
        raise ValueError(f"scale: {scale} must be positive")
    logical, ratio = export_layout(width, height)
    view = _prepare(chart, data, logical, ratio * scale, dataset, theme, label)
    pixel_ratio = ratio * scale
    try:
        image = QImage(round(logical.width() * pixel_ratio), round(logical.height() * pixel_ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(pixel_ratio)
        # Same DPI as pyqtgraph's cached QPictures (see render_svg), so they replay 1:1.
        dots_per_metre = round(_picture_dpi() / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(QColor(view.theme.background))
        painter = QPainter(image)
        try:
            _paint(view, painter, logical)
        finally:
            painter.end()
        if label is not None:
            tag_png(image, view, label)
    finally:
        _close(view)
    return image


def svg_bytes(chart: ChartBase | str, data: ChartInput, width: int, height: int,
              *, dataset: Any = None, theme: ChartTheme | None = None,
              label: ScenarioLabel | None = None) -> bytes:
    """``data`` drawn by ``chart`` (as in :func:`render_image`) as the bytes of an SVG of
    ``width`` x ``height``, rendered in memory."""
    logical, ratio = export_layout(width, height)
    view = _prepare(chart, data, logical, ratio, dataset, theme, label)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(width, height))
        # pyqtgraph caches axes and bars as QPictures recorded at the screen's logical DPI;
        # a generator at another DPI (Qt's default is 72) would replay them shrunk.
        generator.setResolution(_picture_dpi())
        generator.setViewBox(QRect(0, 0, logical.width(), logical.height()))
        generator.setTitle(svg_title(view, label))
        generator.setDescription(svg_description(view, label))
        painter = QPainter()
        if not painter.begin(generator):
            raise RuntimeError("Qt could not start an SVG drawing")
        try:
            _paint(view, painter, logical)
        finally:
            painter.end()
    finally:
        _close(view)
    return portable_svg(bytes(buffer.data().data()), width, height)


def render_svg(chart: ChartBase | str, data: ChartInput, path: Path, width: int, height: int,
               *, dataset: Any = None, theme: ChartTheme | None = None,
               label: ScenarioLabel | None = None) -> Path:
    """Write ``data`` drawn by ``chart`` (as in :func:`render_image`) to ``path`` as SVG of
    ``width`` x ``height``: rendered in memory, checked complete (it parses), then written
    atomically (:func:`chipscope.storage.files.write_bytes`). Returns the file written.

    Raises
    ------
    StorageError
        ``path`` is a special file, or the write failed; the old file is unchanged.
    """
    svg = svg_bytes(chart, data, width, height, dataset=dataset, theme=theme, label=label)
    try:  # Qt's own output, not a user's file: a check that it is whole, not a defence
        ElementTree.fromstring(svg)
    except ElementTree.ParseError as exc:
        raise files.WriteFailed(f"Could not write the SVG file {path}: the drawing came out "
                                f"incomplete ({exc}); nothing was changed.") from None
    return files.write_bytes(path, svg, "SVG file")


def png_bytes(image: QImage) -> bytes:
    """A rendered image as the bytes of a PNG at 1:1 pixels, encoded in memory."""
    image.setDevicePixelRatio(1.0)  # PNG readers expect 1:1 pixels; DPI stays the default
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs ask for bytes; PySide6 accepts only str here.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError(f"Qt could not encode a {image.width()} x {image.height()} PNG")
    return bytes(buffer.data().data())


def save_png(image: QImage, path: Path) -> Path:
    """Write a rendered image as PNG at 1:1 pixels, atomically
    (:func:`chipscope.storage.files.write_bytes`). Returns the file written.

    Raises
    ------
    StorageError
        ``path`` is a special file, or the write failed; the old file is unchanged.
    """
    return files.write_bytes(path, png_bytes(image), "PNG file")


def _prepare(chart: ChartBase | str, data: ChartInput, logical: QSize, pen_scale: float,
             dataset: Any, theme: ChartTheme | None,
             label: ScenarioLabel | None = None) -> ChartBase:
    """The chart drawing ``data``, laid out at ``logical`` size off screen, its lines
    ``pen_scale`` times as wide, never showing a hover read-out."""
    ensure_app()
    if isinstance(chart, str):
        from chipscope.ui.charts.registry import build_chart

        if dataset is None:
            raise ValueError(f"chart: building {chart!r} needs its dataset")
        chart = build_chart(chart, dataset, theme or chart_theme(QApplication.palette()))
    if not isinstance(data, chart.draws):
        raise TypeError(f"data: {type(data).__name__} is not what chart {chart.name!r} draws "
                        f"({chart.draws.__name__})")
    chart.set_pen_scale(pen_scale)
    _add_reference(chart, data)
    chart.draw(data)
    apply_label(chart, label, logical.width())
    widget = chart.widget
    # Never on a screen: the widget only needs its resize delivered, which lays the plot out
    # at the logical size.
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.resize(logical)
    widget.show()
    # pyqtgraph measures tick labels while painting and then asks for a new layout: paint
    # once off-image and let the layout settle, so long labels get their room.
    for _ in range(2):
        QApplication.sendPostedEvents()
        widget.grab()
    QApplication.sendPostedEvents()
    return chart


def _add_reference(chart: ChartBase, data: ChartInput) -> None:
    """The reference's ghost lines, when the input has one and the chart draws them."""
    from chipscope.ui.charts.base import StackChart
    from chipscope.ui.charts.reference import ReferenceLines

    reference = getattr(data, "reference", None)
    if reference is not None and isinstance(chart, StackChart) and chart.reference_style \
            and not chart.overlays:
        ReferenceLines(chart).set_reference(reference)


def _paint(view: ChartBase, painter: QPainter, logical: QSize) -> None:
    """Paint the whole chart (title, legend, credit included) into ``painter``'s device."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    target = QRectF(0, 0, logical.width(), logical.height())
    painter.fillRect(target, view.theme.background)
    widget = view.widget
    source = widget.mapToScene(widget.viewport().rect()).boundingRect()
    widget.scene().render(painter, target, source)


def _close(view: ChartBase) -> None:
    # pyqtgraph's close() clears the scene; Python owns the parentless widget and frees it.
    view.widget.close()


def _picture_dpi() -> int:
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInchY()) if screen is not None else 96
