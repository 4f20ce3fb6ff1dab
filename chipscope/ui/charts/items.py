"""Small graphics items the charts share: axis, legend, labels.

They live in the chart's graphics scene, so every export of the scene shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QTextOption
from PySide6.QtWidgets import QGraphicsTextItem, QSizePolicy

from chipscope.model.formatting import format_si
from chipscope.model.legend_fit import legend_hidden_tip, shown_entries
from chipscope.model.legend_fit import more_text as more_text  # re-exported
from chipscope.ui.charts.axis_title import elide_title
from chipscope.ui.palette import stripe_colour
from chipscope.ui.plain import literal, name_line

# A legend entry: label, fill colour, line colour, style ("solid" | "projection" | "whisker"
# | "hatched" | "striped" | "reference": a dashed line, the reference's ghost lines; "none":
# no sample, the "+N more" entry of a shortened legend).
LegendEntry = tuple[str, QColor, QColor, str]


def set_if_changed(item: pg.PlotCurveItem, xs: np.ndarray, ys: np.ndarray) -> None:
    """``item.setData(xs, ys)`` unless it already shows exactly those points. A slider moves
    the projection, not the history: the history's items then stay as they are, and the
    chart repaints only the region that changed (about the projected years)."""
    old_x, old_y = item.xData, item.yData
    if (old_x is not None and old_y is not None and np.array_equal(old_x, xs)
            and np.array_equal(old_y, ys)):
        return
    item.setData(xs, ys)


YEAR_STEPS = (1, 2, 4, 5, 10, 20, 50)
"""Every how many years a year axis may be labelled, tried in turn until the labels fit."""


class SIAxisItem(pg.AxisItem):
    """An axis whose tick labels read 200k, 1.5M, 2B: never scientific notation."""

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._years: list[int] = []
        self._year_ticks: list[list[tuple[float, str]]] = []
        self._room: tuple[tuple[Any, ...], float] | None = None  # (what it measured, width)
        self.label_span: Callable[[], tuple[float, float]] | None = None
        """Where along the chart (in its coordinates) the title of this (left) axis may go,
        from above to below: between the chart's title and its credit (None: the chart)."""

    def room(self) -> float:
        """The width this (left or right) axis takes once laid out: its widest tick label,
        measured with its tick font, the tick's offset and length, and the axis title.
        pyqtgraph knows its width only once it has painted the labels, after the layout the
        legend's fit decides: the adopters' names (~300 px) squeezed a plot laid out for
        :data:`~chipscope.ui.charts.fit.AXES_ROOM` away. Without fixed ticks (numbers
        pyqtgraph chooses), its own first guess of the labels' width."""
        levels = self._tickLevels or []
        label = self.label.isVisible() and bool(self.labelText)
        key = (tuple(text for level in levels for _, text in level), label, self.labelText,
               self.style["tickTextOffset"][0], self.style["tickLength"])
        if self._room is None or self._room[0] != key:
            metrics = QFontMetricsF(self.style["tickFont"] or self.font())
            text = max((metrics.horizontalAdvance(t) for t in key[0]), default=30.0)
            width = text + key[3] + max(0, key[4])
            if label:  # as pyqtgraph's own width: the rotated title's height, times 0.8
                width += self.label.boundingRect().height() * 0.8
            self._room = (key, float(width))
        return self._room[1]

    def set_years(self, years: list[int]) -> None:
        """Label the years ``years`` on this axis: every year when the labels side by side
        keep a character's gap at the axis's present length and range, else every 2nd,
        4th, 5th, 10th... (chosen again as the axis is resized or its range changes: at a
        laptop's window size the eight labels 2022-2029 ran together, and in the 150 px
        Uncertainty dock the fan chart's read "20242026 2028")."""
        self._years = years
        self._label_years()

    def setRange(self, mn: float, mx: float) -> None:  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph override: the years labelled chosen again for a new span of years."""
        old = getattr(self, "range", None)  # None while pyqtgraph's __init__ runs
        super().setRange(mn, mx)
        if old is not None and getattr(self, "_years", None) and \
                abs(mx - mn) != abs(old[1] - old[0]):
            self._label_years()

    def resizeEvent(self, ev: Any = None) -> None:
        """Qt override: choose the years labelled for the new length, and keep the axis
        title within the chart."""
        super().resizeEvent(ev)
        self._keep_label_inside()
        if getattr(self, "_years", None):  # None while pyqtgraph's __init__ lays it out
            self._label_years()

    def _updateLabel(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """pyqtgraph override: a new title (a theme's colour) is cut to the room again."""
        super()._updateLabel()
        if getattr(self, "_years", None) is not None:  # not while pyqtgraph's __init__ runs
            self._keep_label_inside()

    def _keep_label_inside(self) -> None:
        """pyqtgraph centres the axis title on the axis; under a plot narrower (or beside one
        lower) than the title, that put its ends outside the chart. Shift it inside, along
        the axis, as far as the chart allows."""
        label, chart = self.label, self.parentItem()
        if label is None or chart is None or not label.isVisible():
            return
        along = 0 if self.orientation in ("top", "bottom") else 1
        room = (chart.boundingRect().width(), chart.boundingRect().height())[along]
        first, last = self.label_span() if self.label_span and along else (0.0, room)
        if elide_title(self, last - first):
            pg.AxisItem.resizeEvent(self)  # centred again, as shortened
        extent = label.mapRectToItem(chart, label.boundingRect())
        lo = (extent.left(), extent.top())[along] - first
        hi = (extent.right(), extent.bottom())[along] - first
        room = last - first
        shift = max(0.0, -lo) if hi - lo >= room else max(-lo, min(0.0, room - hi))
        if shift:
            pos = label.pos()
            label.setPos(pos.x() + shift, pos.y()) if along == 0 else \
                label.setPos(pos.x(), pos.y() + shift)

    def _label_years(self) -> None:
        years = self._years
        along = self.width() if self.orientation in ("top", "bottom") else self.height()
        metrics = QFontMetricsF(self.style["tickFont"] or self.font())
        # The labels' distance apart (centre to centre) against the widest label and the
        # gap of a digit: the first and last labelled years need not be the range's ends.
        gap = metrics.horizontalAdvance("0")
        need = gap + (max((metrics.horizontalAdvance(str(y)) for y in years), default=0.0)
                      if self.orientation in ("top", "bottom") else metrics.height())
        per_year = along / max(abs(self.range[1] - self.range[0]), 1e-9)
        labelled = [step for step in YEAR_STEPS if any(y % step == 0 for y in years)] or [1]
        fits = [step for step in labelled if along <= 0 or step * per_year >= need]
        step = fits[0] if fits else labelled[-1]  # one label, if none other has room
        ticks = [[(float(y), str(y)) for y in years if y % step == 0],
                 [(float(y), "") for y in years if y % step != 0]]
        if ticks != self._year_ticks:  # unchanged: keep the axis's cached picture
            self._year_ticks = ticks
            self.setTicks(ticks)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """pyqtgraph override: format each tick with :func:`format_si`."""
        return [format_si(v * scale) for v in values]

    def boundingRect(self) -> QRectF:
        """Qt override: with a grid, pyqtgraph drops the overhang that
        ``hideOverlappingLabels=False`` allows, hiding the last label ("100"); keep it."""
        rect: QRectF = super().boundingRect()
        if self.grid is not False and self.style["hideOverlappingLabels"] is False:
            m = 15.0
            rect = (rect.adjusted(-m, 0, m, 0) if self.orientation in ("top", "bottom")
                    else rect.adjusted(0, -m, 0, m))
        return rect


class Swatch(pg.GraphicsWidget):
    """A legend sample: a box filled with a series colour, or a sample of a drawing style."""

    sigClicked = Signal(object)  # LegendItem connects to it; swatches do not toggle series

    def __init__(self, entry: LegendEntry) -> None:
        super().__init__()
        self.setFixedWidth(24)
        self.setFixedHeight(16)
        self.entry = entry

    def set_entry(self, entry: LegendEntry) -> None:
        if entry[1:] != self.entry[1:]:
            self.entry = entry
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 24, 16)

    def paint(self, p: QPainter, *args: Any) -> None:
        _, fill, line, style = self.entry
        if style == "none":  # "+N more": no sample
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if style == "whisker":
            p.setPen(QPen(line, 1.5))
            p.drawLine(QPointF(12, 2), QPointF(12, 14))
            p.drawLine(QPointF(8, 2), QPointF(16, 2))
            p.drawLine(QPointF(8, 14), QPointF(16, 14))
            return
        if style == "reference":
            pen = QPen(line, 2.0, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(1, 8), QPointF(23, 8))
            return
        pen = QPen(line, 1.5)
        if style == "projection":
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern) if style == "hatched" else fill)
        p.drawRect(QRectF(3, 2.5, 18, 11))
        if style == "striped":  # a chip drawn striped (see charts.chip_mix)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(stripe_colour(fill), Qt.BrushStyle.FDiagPattern))
            p.drawRect(QRectF(3, 2.5, 18, 11))


def legend_text(name: str) -> str:
    """A series name as pyqtgraph's labels (which read HTML) show it literally: a vendor
    named with markup in Edit data must not draw a 3,000-pixel image into the chart; on one
    line, hidden characters escaped, cut at :data:`~chipscope.ui.plain.NAME_LIMIT` characters
    (:func:`~chipscope.ui.plain.name_line`)."""
    return escape(name_line(name), quote=False)


class ChartLegend(pg.LegendItem):
    """A legend that sits in the plot's layout, beside the data, never over it."""

    def __init__(self) -> None:
        super().__init__(sampleType=Swatch, labelTextSize="9pt", verSpacing=-2, frame=False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.points = 9.0
        """The names' text size (a small export shrinks it to keep the plot's room)."""
        self.entries: list[LegendEntry] = []
        """Every entry, shown or not (see :meth:`set_limit`)."""
        self.names: list[str] = []
        """The entries' names as the labels show them."""
        self.weights: list[float] = []
        self.keys: list[bool] = []
        """Per entry: a key (a drawing style's or an overlay's sample), which the table does
        not list, not a series."""
        self.text_colour = QColor()
        self.limit: int | None = None

    def set_points(self, points: float) -> None:
        """Show the names at ``points`` size, now and when entries are added."""
        if points != self.points:
            self.points = points
            self.opts["labelTextSize"] = f"{points:g}pt"
            for _, label in self.items:
                label.setText(label.text, size=f"{points:g}pt")

    def updateSize(self) -> None:
        """pyqtgraph override: let the parent layout size the legend from its contents."""
        self.updateGeometry()

    sample_type: type[Swatch] = Swatch
    """The sample drawn beside each name (the compare chart's are lines)."""

    def set_entries(self, entries: list[LegendEntry], text: QColor,
                    weights: list[float] | None = None, keys: list[bool] | None = None) -> None:
        """Show ``entries`` (all of them, or as many as :meth:`set_limit` allows: those of
        the largest ``weights``, default the first), reusing the existing samples and labels
        when the count matches (each name made literal once per redraw: this runs on every
        frame of a drag)."""
        self.entries, self.text_colour = list(entries), text
        self.names = [legend_text(entry[0]) for entry in entries]
        self.weights = list(weights) if weights is not None else \
            [-float(i) for i in range(len(entries))]
        self.keys = list(keys) if keys is not None else [False] * len(entries)
        self._show()

    def set_limit(self, limit: int | None) -> None:
        """Show at most ``limit`` entries (None: all; 0: none), the last a "+N more" entry:
        a legend under the plot of a low chart left the plot a few pixels (pass 34 F4); the
        table and the read-out still name every series."""
        if limit != self.limit:
            self.limit = limit
            self._show()

    def shown(self, limit: int | None) -> list[int]:
        """Which entries (their indices) the legend shows at most ``limit`` entries (the
        "+N more" entry after them when they are not all): the largest series, the keys
        that fit, then more series by size (:func:`~chipscope.model.legend_fit.shown_entries`:
        the table names every series, not the keys, pass 36 F1)."""
        return shown_entries(self.weights, self.keys, limit)

    def shown_names(self, limit: int | None) -> list[str]:
        """The names a legend of at most ``limit`` entries shows, "+N more ..." last."""
        kept = self.shown(limit)
        names = [self.names[i] for i in kept]
        if len(kept) < len(self.entries):
            hidden = [self.keys[i] for i in range(len(self.entries)) if i not in set(kept)]
            names.append(more_text(hidden.count(False), hidden.count(True)))
        return names

    def hidden_tip(self) -> str:
        """The chart's tooltip while the legend is left out: the table names the series,
        the tip the keys (which the table does not list), as literal text (a reference named
        "<img ...>" must not draw into the tooltip: pass 81's F3 in the table's headers)."""
        return literal(legend_hidden_tip([(name_line(entry[0]), entry[3])
                                          for entry, key in zip(self.entries, self.keys,
                                                                strict=True) if key]))

    def _show(self) -> None:
        if self.limit == 0:  # left out of a chart too low for it (pass 35 F3)
            self.clear()
            return
        entries, text = self.entries, self.text_colour
        kept = self.shown(self.limit)
        names = self.shown_names(self.limit)
        if len(kept) < len(entries):
            entries = [entries[i] for i in kept] + [(names[-1], text, text, "none")]
        if len(entries) != len(self.items):
            self.clear()
            for entry, name in zip(entries, names, strict=True):
                self.addItem(self.sample_type(entry), name)
        for (sample, label), entry, name in zip(self.items, entries, names, strict=True):
            sample.set_entry(entry)
            if label.text != name or label.opts.get("color") != text:
                label.setText(name, color=text)


class FlexLabel(pg.LabelItem):
    """A label that lets the chart get narrower than its text (the text is then cut at the
    widget's edge) instead of pushing the legend out of the plot."""

    def updateMin(self) -> None:
        """pyqtgraph override: keep the text's height as minimum, but no minimum width."""
        super().updateMin()
        self.setMinimumWidth(0)
        height = self._sizeHint[Qt.SizeHint.MinimumSize][1]
        self._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)


class WrapLabel(pg.GraphicsWidget):
    """Text that wraps to the width the layout gives it, right-aligned (a data credit, which
    can be a long licence notice) or centred (a chart's title): it must stay whole in narrow
    charts and exports, never cut at the chart's edges."""

    def __init__(self, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignRight,
                 squeeze: bool = True) -> None:
        super().__init__()
        self.text = ""
        self.squeeze = squeeze
        """Whether a chart too low for all of it may squeeze the text to one line's height
        (the credit); a title keeps every line's room."""
        self.item = QGraphicsTextItem(self)
        self.item.document().setDocumentMargin(2)
        self.item.document().setDefaultTextOption(QTextOption(align))
        # Preferred, not Fixed: while the width is still unknown the text is one long line,
        # and a too-small chart squeezes it rather than growing past its view.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_html(self, html: str, points: float) -> None:
        """Show rich text ``html`` (its colours and sizes in its own spans) at ``points``."""
        self.text = html
        font = self.item.font()
        font.setPointSizeF(points)
        self.item.setFont(font)
        self.item.setHtml(html)
        self._wrap()

    def set_text(self, text: str, colour: QColor, points: float) -> None:
        """Show ``text`` in ``colour`` at ``points`` size."""
        self.text = text
        font = self.item.font()
        font.setPointSizeF(points)
        self.item.setFont(font)
        self.item.setDefaultTextColor(colour)
        self.item.setPlainText(text)
        self._wrap()

    def resizeEvent(self, event: Any) -> None:
        """Qt override: re-wrap to the new width."""
        self._wrap()

    def _wrap(self) -> None:
        width = self.size().width()
        self.item.setTextWidth(width if width >= 40 else -1)
        height = self.item.boundingRect().height()
        if abs(self.preferredHeight() - height) > 0.5:
            line = QFontMetricsF(self.item.font()).lineSpacing() + 4
            self.setMinimumHeight(min(height, line) if self.squeeze else height)
            self.setPreferredHeight(height)
            self.setMaximumHeight(height)
            self.updateGeometry()

    def sizeHint(self, which: Qt.SizeHint, constraint: QSizeF = QSizeF()) -> QSizeF:
        """Qt override: no minimum or preferred width (the text wraps instead)."""
        hint: QSizeF = super().sizeHint(which, constraint)
        if which in (Qt.SizeHint.MinimumSize, Qt.SizeHint.PreferredSize):
            hint.setWidth(0)
        return hint
