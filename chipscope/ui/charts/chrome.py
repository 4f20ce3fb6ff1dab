"""The chrome every chart shares: plot widget, title, legend, credit line, hover read-out,
theme and pens, apart from what a chart draws.

A :class:`ChartBase` subclass declares the input it draws (:attr:`ChartBase.draws`, a
:data:`~chipscope.model.chart_data.ChartInput` type) and implements :meth:`ChartBase.draw`.
The title, legend, credit and read-out live in the plot's own graphics scene, so whatever
renders the scene (screen, PNG, SVG; see :mod:`chipscope.ui.charts.render`) shows them.
"""

from __future__ import annotations

from html import escape
from typing import Any, ClassVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPen

from chipscope.model.table_meta import Table
from chipscope.ui.charts.fit import (
    LEGEND_POINTS,
    LEGEND_SIZES,
    MIN_PLOT,
    ChartWidget,
    HoverFilter,
    axis_height,
    between,
    last_label_room,
    legend_columns,
    legend_sizes,
    shortened,
    wrapped_height,
)
from chipscope.ui.charts.items import ChartLegend, LegendEntry, SIAxisItem, WrapLabel
from chipscope.ui.palette import ChartTheme, with_alpha

DEFAULT_CREDIT = "Data: Epoch AI (CC BY 4.0), ChipScope estimates"
TITLE_SIZE = "13pt"
TITLE_POINTS = 13.0
SUBTITLE_SIZE = "9pt"
SUBTITLE_POINTS = 9.0
LABEL_SIZE = "10pt"
CREDIT_POINTS = 8.0
WHISKER_LABEL = "5–95 % range of history estimates"
LEFT, RIGHT = 6.0, 10.0
"""The chart layout's left margin, and its right one beside the legend."""


class ChartBase:
    """One chart's plot widget and chrome; subclasses draw their data into it.

    Class attributes
    ----------------
    name : the chart's registry name. draws : the input type :meth:`draw` takes.
    """

    name = ""
    draws: ClassVar[type[Any]] = object

    def __init__(self, theme: ChartTheme, credit: str = DEFAULT_CREDIT) -> None:
        self.widget = ChartWidget(axisItems={"left": SIAxisItem("left"),
                                              "bottom": SIAxisItem("bottom")})
        self.widget.setAntialiasing(True)
        self.plot: pg.PlotItem = self.widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.layout.setContentsMargins(LEFT, 6, RIGHT, 4)
        # Let the first and last tick labels (2022, 100 %) overhang the axis ends.
        self.plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)
        self.label_every_tick("bottom")
        layout = self.plot.layout
        self.legend = ChartLegend()
        layout.addItem(self.legend, 2, 3, alignment=Qt.AlignmentFlag.AlignTop)
        # Own title across the whole width (pyqtgraph's sits over the plot column only),
        # wrapped to it, centred: a chart narrower than its title cut it at both edges.
        layout.removeItem(self.plot.titleLabel)
        self.plot.titleLabel.hide()
        self.title_label = WrapLabel(Qt.AlignmentFlag.AlignHCenter, squeeze=False)
        self.title_label.item.document().setDocumentMargin(4)  # as pyqtgraph's labels
        layout.addItem(self.title_label, 0, 0, 1, 4)
        layout.setRowMaximumHeight(0, 1000)
        self.credit = WrapLabel()
        layout.addItem(self.credit, 5, 0, 1, 4)  # row 4: the legend, when it goes below
        self.legend_below = False
        self.readout = pg.TextItem(anchor=(0, 1))
        self.readout.setZValue(1000)
        self.readout.hide()
        self.plot.addItem(self.readout, ignoreBounds=True)
        # A viewport event filter sees every move (the scene's sigMouseMoved drops moves that
        # come faster than 60 Hz, which can leave a stale read-out) and the mouse leaving.
        self._hover_filter = HoverFilter(self)
        self.widget.viewport().installEventFilter(self._hover_filter)
        self.widget.event_filter = self._hover_filter
        self.theme = theme
        self.pen_scale = 1.0
        self.base_line: pg.InfiniteLine | None = None
        self.base_year_label = ""
        self.credit_text = credit
        self.title = ""
        self.subtitle = ""
        self._year_span: tuple[int, int] | None = None
        self._ranges: dict[str, tuple[float, float]] = {}
        self._legend_fit: tuple[Any, ...] | None = None  # what the legend was last fitted to
        self.apply_theme(theme)
        self.widget.on_resize = self.fit_legend
        left = self.plot.getAxis("left")  # its title between the chart's title and credit
        left.label_span = lambda: between(self.plot, self.title_label, self.credit)

    # --- to implement -------------------------------------------------------------------
    def draw(self, data: Any) -> None:
        """Draw ``data`` (an instance of :attr:`draws`), updating items in place."""
        raise NotImplementedError

    def readout_text(self, x: float, y: float) -> str:
        """What the read-out says for the view point (x, y); "" outside the data."""
        return ""

    def table(self) -> Table:
        """The numbers behind the chart, with column metadata (empty by default)."""
        return Table.empty()

    # --- shared behaviour ---------------------------------------------------------------
    def set_title(self, title: str) -> None:
        """The title across the top, in the theme's text colour."""
        if title != self.title:
            self.title = title
            self._show_title()

    def set_subtitle(self, text: str) -> None:
        """A smaller second line under the title (an export's scenario); "" for none."""
        self.subtitle = text
        self._show_title()

    def _show_title(self) -> None:
        colour = self.theme.foreground.name()
        html = f"<span style='color: {colour}; font-size: {TITLE_SIZE}'>{escape(self.title)}</span>"
        if self.subtitle:
            html += (f"<br><span style='font-size: {SUBTITLE_SIZE}; "
                     f"color: {self.theme.muted.name()}'>{escape(self.subtitle)}</span>")
        self.title_label.set_html(html, TITLE_POINTS)

    def set_credit(self, text: str) -> None:
        """The data credit under the chart."""
        self.credit_text = text
        self.credit.set_text(text, self.theme.muted, CREDIT_POINTS)

    def set_axis_label(self, side: str, text: str) -> None:
        """Label axis ``side`` ("left", "bottom") in the theme's text colour."""
        self.plot.setLabel(side, text, color=self.theme.foreground.name(),
                           **{"font-size": LABEL_SIZE})

    def show_value_grid(self, side: str) -> None:
        """Faint grid lines at the ``side`` axis's major ticks, under the data."""
        axis = self.plot.getAxis(side)
        axis.setStyle(maxTickLevel=0)
        axis.setGrid(60)
        axis.setZValue(-1)  # pyqtgraph draws axes (and so the grid) above the data otherwise

    def set_year_ticks(self, years: np.ndarray) -> None:
        """Label every year on the bottom axis, or every 2nd / 5th when they do not fit."""
        key = (int(years[0]), int(years[-1]))
        if key == self._year_span:
            return  # unchanged: keep the axis's cached picture
        self._year_span = key
        axis = self.plot.getAxis("bottom")
        assert isinstance(axis, SIAxisItem)
        axis.set_years([int(y) for y in years])

    def set_range(self, axis: str, lo: float, hi: float) -> None:
        """Fix the ``axis`` ("x" or "y") view range, only touching the view when it changes."""
        if self._ranges.get(axis) != (lo, hi):
            self._ranges[axis] = (lo, hi)
            if axis == "x":
                self.plot.setXRange(lo, hi, padding=0)
            else:
                self.plot.setYRange(lo, hi, padding=0)

    def label_every_tick(self, side: str) -> None:
        """Draw every tick label of a category axis (pyqtgraph drops a whole level of labels
        once they fill 20 % of the axis; these are already thinned, or must all show)."""
        self.plot.getAxis(side).setStyle(textFillLimits=[(0, 0.95)])

    def axes_room(self) -> float:
        """The width the left axis and the layout's margins take across the chart, from the
        axis's tick labels and title (measured when they change, not on every fit)."""
        left = self.plot.getAxis("left")
        assert isinstance(left, SIAxisItem)
        return float(left.room() + LEFT + RIGHT)  # not the margins as they are now

    def fit_legend(self, width: float | None = None, height: float | None = None) -> None:
        """Put the legend beside the plot, or under it in as many columns as fit the width
        (:func:`~chipscope.ui.charts.fit.legend_columns`), for the chart at ``width`` x
        ``height`` (default: its present size): in a narrow chart or a small export, beside
        the plot it squeezed the plot to a strip and pushed the axis and the credit out of
        the picture.

        Fits only when what the fit depends on changed (the chart's size, the title and
        credit text, the legend's names, the left axis's width): this runs on every frame
        of a slider drag, and measuring the text each time doubled the chart's update time."""
        legend, layout = self.legend, self.plot.layout
        if width is None or height is None:
            width, height = self.widget.width(), self.widget.height()
        axes = self.axes_room()
        least = self.least_plot()
        key = (float(width), float(height), self.title_label.text, self.credit.text,
               tuple(legend.names), tuple(legend.keys), axes, least)
        if key == self._legend_fit:
            return
        self._legend_fit = key
        # Measured at each size, not scaled from the legend's present one: the same key
        # gives the same fit from any previous placement (pass 34 F8).
        sizes = {points: legend_sizes(legend, points) for points in LEGEND_SIZES}
        at_size = {points: [w for w, _ in sized] for points, sized in sizes.items()}
        # A legend of n rows under the plot is n * (row + spacing) - spacing + its margins
        # high; the plot's room measured (title, credit, axes), not estimated.
        spacing = legend.layout.verticalSpacing()
        rows = {points: max((h for _, h in sized), default=0.0) + spacing
                for points, sized in sizes.items()}
        top, bottom = legend.layout.getContentsMargins()[1::2]
        frame = top + bottom - spacing
        room = self.plot_room(width, height) - frame
        right = last_label_room(self.plot.getAxis("bottom"), RIGHT)
        columns, points = legend_columns(at_size[LEGEND_POINTS], rows[LEGEND_POINTS], width,
                                         room, axes, at_size, rows, width - LEFT - right, least)
        below = columns > 0
        limit = None
        if below:  # too low for every entry under a readable plot (pass 34 F4): the rows
            # that leave it its least height, "+N more" last; none if no row does (pass 35 F3)
            columns, limit = shortened(legend, columns, room, rows[points], least,
                                       width - LEFT - right, points)
        left, top, _, bottom = layout.getContentsMargins()
        layout.setContentsMargins(left, top, right if below else RIGHT, bottom)
        legend.set_limit(limit)
        self.widget.setToolTip(legend.hidden_tip() if limit == 0 else "")
        shown = len(legend.names) if limit is None else limit
        self.plot_fitted(room - -(-shown // max(columns, 1)) * rows[points] if below and shown
                         else room + frame)
        place = (below, max(columns, 1), points, limit == 0)
        if place == (self.legend_below, legend.columnCount, legend.points, not legend.isVisible()):
            return
        self.legend_below = below
        if legend.isVisible():  # (left out, it is not in the layout)
            layout.removeItem(legend)
        legend.set_points(points)
        legend.setColumnCount(max(columns, 1))
        legend.setVisible(limit != 0)
        if limit == 0:
            legend.setGeometry(0, 0, 0, 0)
        elif below:
            layout.addItem(legend, 4, 0, 1, 4, alignment=Qt.AlignmentFlag.AlignHCenter)
        else:
            layout.addItem(legend, 2, 3, alignment=Qt.AlignmentFlag.AlignTop)
        legend.updateGeometry()

    def least_plot(self) -> float:
        """The least height the plot needs to be read (a bar chart's names, more)."""
        return MIN_PLOT

    def plot_fitted(self, height: float) -> None:
        """Hook: the legend's fit leaves the plot about ``height`` (the adopters' rows)."""

    def plot_room(self, width: float, height: float) -> float:
        """The height the plot and a legend under it share in a chart ``width`` x ``height``: less
        the title, the credit, the axes above and below the plot and the margins, worked out
        from their text and fonts (an estimate of 60 px for the axes left chip_mix a 5 px plot
        at 1024 x 600, pass 34 F4)."""
        top, bottom = self.plot.layout.getContentsMargins()[1::2]
        axes = sum(axis_height(self.plot.getAxis(side)) for side in ("top", "bottom"))
        return float(height - top - bottom - axes - sum(
            wrapped_height(label, width - 16) for label in (self.title_label, self.credit)))

    # --- pens and markers ---------------------------------------------------------------
    def pen(self, colour: QColor, width: float = 1.0, dashed: bool = False) -> QPen:
        """A cosmetic pen ``width`` logical pixels wide, times :attr:`pen_scale`."""
        pen: QPen = pg.mkPen(colour, width=width * self.pen_scale)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        return pen

    def edge_pen(self, projected: bool) -> QPen:
        """The outline of a stacked area or bar: solid in history, dashed in projection."""
        return self.pen(self.theme.edge, dashed=projected)

    def set_pen_scale(self, scale: float) -> None:
        """Multiply every line width by ``scale``. pyqtgraph's pens are cosmetic, and
        cosmetic pens keep their device-pixel width at any device pixel ratio, so an export
        at ratio 3 sets 3 here to keep lines in proportion with the (scaled) text."""
        self.pen_scale = scale
        self.apply_theme(self.theme)

    def add_base_year_line(self) -> None:
        """A vertical dashed line at the base year, labelled above the plot area (in the top
        axis, so the label never covers a band)."""
        self.base_line = pg.InfiniteLine(angle=90, movable=False)
        self.base_line.setZValue(500)
        self.plot.addItem(self.base_line, ignoreBounds=True)
        self.plot.showAxis("top")
        top = self.plot.getAxis("top")
        top.setStyle(tickLength=0, tickTextOffset=2)
        top.setTicks([[]])
        self._style_base_year_line()

    def place_base_year_line(self, x: float, year: int) -> None:
        """Move the base-year line to ``x`` and label it with ``year`` (above the plot)."""
        assert self.base_line is not None
        label = f"base year {year}"
        if (label, float(x)) == (self.base_year_label, float(self.base_line.value())):
            return  # unchanged: keep the axis's cached picture (this runs on every drag step)
        self.base_line.setPos(x)
        self.base_year_label = label
        self.plot.getAxis("top").setTicks([[(float(x), label)]])

    def _style_base_year_line(self) -> None:
        line, theme = self.base_line, self.theme
        if line is None:
            return
        line.setPen(self.pen(theme.foreground, 1.5, dashed=True))
        # The top axis only carries the label: no axis line.
        self.plot.getAxis("top").setPen(self.pen(with_alpha(theme.background, 0)))

    def style_entries(self, whisker: bool) -> list[LegendEntry]:
        """Legend samples of the drawing styles (history, projection, range), after the
        series."""
        grey = QColor("#9a9a9a")
        entries: list[LegendEntry] = [
            ("History", grey, self.theme.edge, "solid"),
            ("Projection", self.theme.projection_fill(grey), self.theme.edge, "projection"),
        ]
        if whisker:
            entries.append((WHISKER_LABEL, grey, self.theme.foreground, "whisker"))
        return entries

    # --- theme ----------------------------------------------------------------------------
    def apply_theme(self, theme: ChartTheme) -> None:
        """Re-colour everything that is not a series colour for ``theme``."""
        self.theme = theme
        self.widget.setBackground(theme.background)
        for side in ("left", "bottom", "right", "top"):
            axis = self.plot.getAxis(side)
            axis.setPen(self.pen(theme.muted))
            axis.setTextPen(theme.foreground)
            if axis.labelText:
                self.set_axis_label(side, axis.labelText)
        self._show_title()
        self.set_credit(self.credit_text)
        self.readout.setColor(theme.foreground)
        self.readout.fill = pg.mkBrush(with_alpha(theme.background, 235))
        self.readout.border = self.pen(theme.muted)
        self.legend.setLabelTextColor(theme.foreground)
        for _, label in self.legend.items:  # setLabelTextColor does not redraw the text
            label.setText(label.text, color=theme.foreground)
        self._style_base_year_line()
        self._restyle()
        self._on_theme()

    def _restyle(self) -> None:
        """Hook: re-apply theme-dependent pens and brushes of the subclass's items."""

    def _on_theme(self) -> None:
        """Hook: after a theme change, e.g. redo the legend's style samples."""

    # --- hover read-out -----------------------------------------------------------------
    def hover_at(self, scene_pos: QPointF) -> None:
        """Show the read-out for the mouse at ``scene_pos``, or hide it outside the data."""
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            self.readout.hide()
            return
        point = vb.mapSceneToView(scene_pos)
        text = self.readout_text(point.x(), point.y())
        if not text:
            self.readout.hide()
            return
        (x0, x1), (y0, y1) = vb.viewRange()
        right = point.x() > (x0 + x1) / 2
        low = (point.y() < (y0 + y1) / 2) != vb.yInverted()
        self.readout.setAnchor((1.0 if right else 0.0, 1.0 if low else 0.0))
        self.readout.setText(text)
        self.readout.setPos(point)
        self.readout.show()
