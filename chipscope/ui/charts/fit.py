"""How a chart's chrome fits its size: where the legend goes (beside the plot, or under it in
columns, its text smaller if need be) and how high wrapped text is; and the plot widget that
re-places the legend as it is resized. A chart narrower than its title or legend cut them, or
pushed the axis title and the credit out of the picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextDocument

from chipscope.ui.charts.items import ChartLegend, WrapLabel

LEGEND_SHARE = 0.5
"""The largest share of a chart's width the legend's widest entry (and 8 px) takes beside
the plot at any rate (the threshold of pass 31, before :data:`LEGEND_FRAME` was counted)."""
AXES_ROOM = 60.0
"""About the room the axes (ticks, labels, titles) take along the plot, and the least they
take across it (the left axis measured, :meth:`~chipscope.ui.charts.items.SIAxisItem.room`)."""
MIN_PLOT = 80.0
"""The least width and height, in logical pixels, the legend's place should leave the plot."""
MIN_BESIDE = 160.0
"""The least width the legend beside the plot leaves it; narrower, the legend goes under it
(the adopters' chart 600 to 720 px wide kept a plot 0 to 66 px wide beside its legend)."""
LEGEND_POINTS = 9.0
COLUMN_GAP = 12.0
"""The room between legend columns the entries' own widths leave out: pyqtgraph's ``horSpacing``
(5 px after the sample and 5 after the name) and a little rounding. Without it a legend under
the plot came out wider than estimated and ran off the right edge with the credit (vendor_share
at 540 x 400 and 1280 x 400)."""
LEGEND_FRAME = 23.0
"""The legend's own margins (9 px each side) and the 5 px between a column's sample and its
name: with 8 px for them the legend beside the plot took 15 px more than estimated (the
adopters' plot at 800 px wide was 145 px, not the 160 the fit left it)."""
LEGEND_SIZES = (9.0, 8.0, 7.0)
"""The legend's text sizes, tried in turn until the legend leaves the plot its room."""


def legend_width(entries: list[float], columns: int) -> float:
    """The width of a legend of entries ``entries`` wide laid out in ``columns`` columns
    (pyqtgraph fills them row by row, each column as wide as its widest entry)."""
    gaps = COLUMN_GAP * (columns - 1)
    return sum(max(entries[c::columns]) for c in range(columns)) + gaps + LEGEND_FRAME


def most_columns(entries: list[float], across: float, most: int | None = None) -> int:
    """The most columns (at least 1, at most one an entry and ``most``) in which a legend of
    entries ``entries`` wide fits ``across``: the one column rule of every legend under a plot."""
    columns = 1
    while (columns < min(len(entries), most or len(entries))
           and legend_width(entries, columns + 1) <= across):
        columns += 1
    return columns


def legend_columns(entries: list[float], row: float, width: float, room: float,
                   axes: float = AXES_ROOM,
                   at_size: Mapping[float, list[float]] | None = None,
                   rows: Mapping[float, float] | None = None,
                   across: float | None = None,
                   least: float = MIN_PLOT) -> tuple[int, float]:
    """Where a legend of entries ``entries`` wide and ``row`` high (at
    :data:`LEGEND_POINTS`) goes in a chart ``width`` wide, whose axes take ``axes`` across,
    with ``room`` in height for the plot and legend: (0, points) beside the plot, or
    (columns, points) under it, at ``points`` text size. Beside when it takes at most
    :data:`LEGEND_SHARE` of the width and leaves the plot :data:`MIN_BESIDE` across and
    :data:`MIN_PLOT` in height (the window, the default exports); else wherever the plot
    keeps the larger area, at the largest size of :data:`LEGEND_SIZES` that leaves the plot
    :data:`MIN_PLOT` in height and width (:data:`MIN_BESIDE` beside the legend), the
    smallest otherwise. ``at_size``: the entries' widths measured at each of
    :data:`LEGEND_SIZES` (else scaled from ``entries``: text 8 pt high is ~3 % wider than
    8/9 of its width at 9 pt, and a legend of 4 columns under the adopters' plot ran 15 px
    off the window's chart); ``rows``: the row height at each size (else ``row`` scaled);
    ``across``: the width a legend under the plot may take (default ``width``: the layout's
    margins left out); ``least``: the least height the plot needs (default
    :data:`MIN_PLOT`; more for the rows of a bar chart's names, pass 35 F4)."""
    if not entries:
        return 0, LEGEND_POINTS
    options: list[tuple[float, int, float]] = []
    for points in LEGEND_SIZES:
        k = points / LEGEND_POINTS
        sized = list(at_size[points]) if at_size else [w * k for w in entries]
        high = rows[points] if rows else row * k
        columns = most_columns(sized, across or width)
        plot_w = width - max(axes, AXES_ROOM)
        beside = (plot_w - legend_width(sized, 1), room, len(sized) * high <= room)
        below = (plot_w, room - -(-len(sized) // columns) * high, True)
        if (points == LEGEND_POINTS and beside[2] and beside[0] >= MIN_BESIDE
                and beside[1] >= least and max(sized) + 8.0 <= LEGEND_SHARE * width):
            return 0, points
        for place, (w, h, fits) in ((0, beside), (columns, below)):
            if fits and w >= MIN_PLOT and h >= least and (place or w >= MIN_BESIDE):
                options.append((w * h, place, points))
        if options:
            break
    if not options:  # nothing leaves the plot its room: the smallest text, below
        return columns, LEGEND_SIZES[-1]
    _, place, points = max(options)
    return place, points


def short_legend(count: int, rows: int, across: float,
                 widths: Callable[[int], list[float]], most: int | None = None) -> tuple[int, int]:
    """(limit, columns): a legend of ``count`` entries too many for ``rows`` rows under the
    plot keeps ``limit`` = rows x columns of them ("+N more" last; 0: none, left out), in
    the most columns whose entries (``widths(limit)``: those kept, ``+N more`` last) fit
    ``across``. Fitted to the entries kept, not to all: the short keys (History, Projection)
    the shortened legend keeps left a quarter of a row empty for want of a column (pass 36 F1).
    At most ``most`` columns (default: no limit)."""
    if rows <= 0:
        return 0, 1
    for columns in range(min(count, most or count), 1, -1):
        limit = rows * columns
        if limit < count and legend_width(widths(limit), columns) <= across:
            return limit, columns
    return rows, 1


def wrapped_height(label: WrapLabel, width: float) -> float:
    """How high ``label``'s text is once wrapped to ``width`` (the layout may not have
    given it its new width yet)."""
    shown = label.item.document()
    document = QTextDocument()  # not shown.clone(): the clone crashed Python at exit
    document.setDefaultFont(shown.defaultFont())
    document.setDocumentMargin(shown.documentMargin())
    document.setDefaultTextOption(shown.defaultTextOption())
    document.setHtml(shown.toHtml())
    document.setTextWidth(max(width, 40.0))
    return float(document.size().height())


class ChartWidget(pg.PlotWidget):  # type: ignore[misc]
    """The chart's plot widget, which re-places the legend as it is resized (not from an
    event filter on the viewport: that also sees the viewport's events while a closed chart
    is torn down, when the legend is gone)."""

    def __init__(self, **kwargs: Any) -> None:
        self.on_resize: Callable[[float, float], None] | None = None  # once the chart is built
        self.event_filter: QObject | None = None  # the chart's, on the viewport
        super().__init__(**kwargs)

    def resizeEvent(self, event: Any) -> None:
        """Qt override: place the legend for the new size, then lay the chart out."""
        if self.on_resize is not None:
            self.on_resize(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def close(self) -> bool:
        """pyqtgraph override: no more legend placing nor hover read-out once the scene is
        cleared."""
        self.on_resize = None
        if self.event_filter is not None:  # its read-out is cleared with the scene
            self.viewport().removeEventFilter(self.event_filter)
            self.event_filter = None
        return bool(super().close())


class HoverFilter(QObject):
    """Feeds mouse moves over a chart's viewport to its read-out."""

    def __init__(self, view: Any) -> None:
        super().__init__(view.widget)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: never consumes the event."""
        if event.type() == QEvent.Type.MouseMove:
            pos = event.position().toPoint()  # type: ignore[attr-defined]
            self._view.hover_at(self._view.widget.mapToScene(pos))
        elif event.type() == QEvent.Type.Leave:
            self._view.readout.hide()
        return False


def legend_sizes(legend: ChartLegend, points: float,
                 names: list[str] | None = None) -> list[tuple[float, float]]:
    """How wide (sample and name) and high each of ``legend``'s entries (all of them, shown
    or not) is with its names at ``points`` size: each name laid out as its label lays it
    out, at that size. Not from the labels as they are now (scaled from their present size,
    which is not exact): the fit then depended on the legend's previous placement, and an
    8 pt legend kept after a resize where a fresh fit chose 7 pt (pass 34 F8). ``names``:
    these names instead of the legend's."""
    sample = legend.sample_type(("", QColor(), QColor(), "solid")).boundingRect().width() \
        if not legend.items else legend.items[0][0].boundingRect().width()
    shown = legend.items[0][1].item if legend.items else None
    font = QFont(shown.font()) if shown is not None else QFont()
    margin = shown.document().documentMargin() if shown is not None else 4.0
    return [(sample + w, h) for w, h in
            (_name_size(name, font.toString(), margin, points)
             for name in (legend.names if names is None else names))]


def shortened(legend: ChartLegend, columns: int, room: float, row: float, least: float,
              across: float, points: float, most: int | None = None) -> tuple[int, int | None]:
    """The columns and the limit (:meth:`~chipscope.ui.charts.items.ChartLegend.set_limit`)
    of ``legend`` under the plot in ``columns`` columns, its names at ``points`` size, where
    the plot and the legend's rows, ``row`` high each, share ``room`` and the plot needs
    ``least``: the columns unchanged and None when every entry fits; else the rows that leave
    the plot ``least`` (pass 34 F4), "+N more" last, in the most columns (up to ``most``)
    whose entries kept fit ``across`` (:func:`short_legend`); a limit of 0 leaves it out
    (pass 35 F3). The main charts' legend and the fan chart's are fitted by this one rule."""
    count = len(legend.names)
    fit_rows = int((room - least) // max(row, 1.0))
    if -(-count // max(columns, 1)) <= fit_rows:
        return columns, None
    limit, columns = short_legend(count, fit_rows, across, lambda n: [
        w for w, _ in legend_sizes(legend, points, legend.shown_names(n))], most)
    return columns, limit


@lru_cache(maxsize=4096)
def _name_size(name: str, font: str, margin: float, points: float) -> tuple[float, float]:
    """The size of a legend label showing ``name`` (HTML, as the label gets it) at
    ``points``, its base font ``font`` (:meth:`QFont.toString`) and text margin ``margin``."""
    base = QFont()
    base.fromString(font)
    document = QTextDocument()
    document.setDefaultFont(base)
    document.setDocumentMargin(margin)
    document.setHtml(f"<span style='font-size: {points:g}pt'>{name}</span>")
    size = document.size()
    return float(size.width()), float(size.height())



def last_label_room(axis: pg.AxisItem, least: float) -> float:
    """The right margin (at least ``least``) that keeps bottom axis ``axis``'s last tick
    label whole when nothing is right of the plot (the legend under it): the label is
    centred on the plot's right end, and a 10 px margin cut "2030" to "203" (pass 34 F2)."""
    texts = [text for level in (axis._tickLevels or []) for _, text in level if text]
    metrics = QFontMetricsF(axis.style["tickFont"] or axis.font())
    widest = max((metrics.horizontalAdvance(t) for t in texts or ["100"]), default=0.0)
    return max(least, float(math.ceil(widest / 2)) + 1.0)


def between(chart: pg.PlotItem, upper: WrapLabel, lower: WrapLabel) -> tuple[float, float]:
    """Where, in ``chart``'s coordinates, its layout's row under label ``upper`` (the title)
    starts and the one of label ``lower`` (the credit) ends, at the chart's present size:
    from their wrapped text, not their geometry, which the layout may not have set yet."""
    rect = chart.boundingRect()
    top, bottom = chart.layout.getContentsMargins()[1::2]
    return (top + wrapped_height(upper, rect.width() - 16),
            rect.height() - bottom - wrapped_height(lower, rect.width() - 16))


def axis_height(axis: pg.AxisItem) -> float:
    """The height a (top or bottom) axis takes, as pyqtgraph works it out once it has
    painted its labels (0 hidden), from its font and style: not from the laid-out axis, so
    the legend's fit does not depend on whether the chart was painted yet."""
    if not axis.isVisibleTo(axis.parentItem()):
        return 0.0
    style = axis.style
    height = float(max(0, style["tickLength"]))
    if style["showValues"]:
        # pyqtgraph's painted text rectangle is 4 px higher than the font's line height
        text = QFontMetricsF(style["tickFont"] or axis.font()).height() + 4.0 \
            if style["autoExpandTextSpace"] else style["tickTextHeight"]
        height += text + style["tickTextOffset"][1]
    if axis.label.isVisible():
        height += axis.label.boundingRect().height() * 0.8
    return height
