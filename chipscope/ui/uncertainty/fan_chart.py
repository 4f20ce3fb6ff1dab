"""A fan chart: each vendor's line over the years, with nested percentile bands (5-95 % and
25-75 %) on the projected years, drawn lighter than the history.

The central line is the normal projection (it follows a slider live); the bands come from an
:class:`~chipscope.model.ensemble.EnsembleResult` and can be shown *stale* (greyed, with a
"bands updating…" note) while a newer ensemble is computed. Items are created once per vendor
list and updated with ``setData``. ``python -m chipscope.ui.previews`` does not list it; the
window's Uncertainty dock shows it.

Kept cheap to repaint, as it repaints next to the main chart while a slider moves: the y range
is set from the data (with some slack, so a line moving a little does not rescale the axes and
the cached band pixels stay valid) instead of pyqtgraph's auto-range over every item each
paint; the bands' edge curves are not in the scene (the fills are drawn from them); and the
grid is one opaque path of the major ticks (the axis's own translucent grid made the axis
repaint over the whole plot on every change).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QGraphicsItem, QLabel

from chipscope.model.ensemble import EnsembleResult
from chipscope.ui.charts.fit import MIN_PLOT, axis_height, wrapped_height
from chipscope.ui.charts.items import SIAxisItem, WrapLabel, legend_text, set_if_changed
from chipscope.ui.uncertainty.fan_legend import LEGEND_LEFT_OUT, FanLegend

__all__ = ["BAND_ALPHA", "FanChart", "VendorItems", "band_colour"]

BAND_ALPHA = {"outer": 55, "inner": 110}
"""Opacity (0-255) of the 5-95 % and the 25-75 % band: lighter than the lines."""
STALE_NOTE = "bands updating…"
GRID_PEN = (228, 228, 228)
TITLE_POINTS = 11.0
LEGEND_MAX = 16777215.0
"""Qt's largest size: no maximum height for a legend shown."""
SMALL_NOTE = ("Too small to draw the chart: make this panel larger (the table lists the "
              "same numbers).")
"""Shown instead of the chart where the plot would be under MIN_PLOT high."""
FOCUS_TIP = ("Solid: history. Dashed: the projection at the values set. Dotted: the median of "
             "the draws. Bands: 25-75 % and 5-95 %.")
"""The chart's tooltip while it shows one vendor."""
Y_SLACK = 1.08
"""The y range's top is the data's top times this; it is kept while the data's top stays
between :data:`Y_KEEP` of it and it."""
Y_KEEP = 0.75
MEASURE_TITLES = {"share": ("Vendor share of purchases (H100e)", "%"),
                  "h100e": ("Purchases by vendor", "H100e"),
                  "units": ("Purchases by vendor", "chips"),
                  "spend_usd": ("Purchases by vendor", "USD")}


def band_colour(colour: QColor, which: str, stale: bool) -> QColor:
    """The fill of a band: the vendor's colour, translucent; desaturated grey when stale."""
    c = QColor(colour)
    if stale:
        h, s, v = c.hsvHue(), c.hsvSaturation(), c.value()
        c = QColor.fromHsv(max(h, 0), int(s * 0.12), min(255, int(v * 0.9 + 30)))
    c.setAlpha(BAND_ALPHA[which] // (2 if stale else 1))
    return c


@dataclass
class VendorItems:
    """One vendor's plot items: the history line, the projected line, and the bands' edges and
    fills (the edges are invisible curves: the fills are drawn between them)."""

    history: pg.PlotCurveItem
    projected: pg.PlotCurveItem
    edges: dict[int, pg.PlotCurveItem]  # percentile -> curve
    outer: pg.FillBetweenItem
    inner: pg.FillBetweenItem


def scale_for(measure: str) -> float:
    """Shares are drawn in %, amounts in their unit."""
    return 100.0 if measure == "share" else 1.0


class FanChart(pg.PlotWidget):  # type: ignore[misc]
    """Lines and bands of every vendor, or of one (:meth:`set_focus`)."""

    def __init__(self, names: dict[str, str], colours: dict[str, QColor]) -> None:
        # The years labelled as the main charts' (SIAxisItem.set_years): pyqtgraph's own
        # ticks, every half year, drew "20242026 2028" in the 150 px wide dock.
        year_axis = SIAxisItem("bottom")
        super().__init__(axisItems={"bottom": year_axis})
        self.year_axis = year_axis
        self.setBackground("w")
        self.names, self.colours = names, colours
        self.measure = "share"
        self.focus: str | None = None
        self.stale = False
        self.result: EnsembleResult | None = None
        self.items: dict[str, VendorItems] = {}
        self.plot_item = self.getPlotItem()
        # The title wrapped to the chart's width, across all of it (as the main charts'):
        # cut at the edges, a dock 228 px wide showed "Vendor share of purchase".
        layout, old = self.plot_item.layout, self.plot_item.titleLabel
        layout.removeItem(old)
        old.setParentItem(None)
        self.title_label = WrapLabel(Qt.AlignmentFlag.AlignHCenter, squeeze=False)
        self.title_label.item.document().setDocumentMargin(4)
        self.plot_item.titleLabel = self.title_label  # its .text: the title shown
        layout.addItem(self.title_label, 0, 0, 1, 3)
        layout.setRowMaximumHeight(0, 1000)
        self.grid = pg.PlotCurveItem(pen=pg.mkPen(GRID_PEN, width=1), connect="pairs")
        self.grid.setZValue(-40)
        self.plot_item.addItem(self.grid, ignoreBounds=True)
        self.plot_item.getViewBox().disableAutoRange(pg.ViewBox.YAxis)
        self._y_top = 0.0
        # The legend sits below the plot, in its layout: over the data it hid the top lines.
        self.legend = FanLegend()
        # Under the axis and the plot, its columns fitted to the width: wider than the dock,
        # it pushed the right of the plot out of sight. Its rows cut to those that leave the
        # plot MIN_PLOT in height, or none (_fit_room).
        self.plot_item.layout.addItem(self.legend, 4, 0, 1, 3,
                                      alignment=Qt.AlignmentFlag.AlignHCenter)
        self.legend_placed = True
        # Where even the plot alone has not MIN_PLOT in height: a note instead of a strip
        # with its ticks drawn over each other (1024 x 600 screen, pass 35 F6).
        self.small_note = QLabel(SMALL_NOTE, self)
        self.small_note.setWordWrap(True)
        self.small_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The palette's colours, also the dark appearance's: no style sheet (its fixed white
        # was a glaring box in the dark, pass 36 F6; any style sheet kept the light palette).
        self.small_note.setAutoFillBackground(True)
        self.small_note.setBackgroundRole(QPalette.ColorRole.Window)
        self.small_note.setForegroundRole(QPalette.ColorRole.WindowText)
        self.small_note.setMargin(6)
        self.small_note.hide()
        for side in ("left", "bottom"):
            axis = self.plot_item.getAxis(side)
            axis.setTextPen((40, 40, 40))
            axis.setPen((120, 120, 120))
        # The labelled values' ticks only, as the main charts' value axes: the sub-ticks
        # every 2 % were a comb down a plot 150 px high.
        self.plot_item.getAxis("left").setStyle(maxTickLevel=0)
        self._years: tuple[int, ...] = ()
        self.note = pg.TextItem(STALE_NOTE, color=(60, 60, 60), anchor=(1, 0),
                                fill=(255, 255, 255, 220), border=(160, 160, 160))
        self.note.setZValue(50)
        self.plot_item.addItem(self.note, ignoreBounds=True)
        self.note.hide()
        self._base_line = pg.InfiniteLine(angle=90, pen=pg.mkPen((150, 150, 150), width=1,
                                                                 style=Qt.PenStyle.DotLine))
        self.plot_item.addItem(self._base_line, ignoreBounds=True)
        vb = self.plot_item.getViewBox()
        vb.sigRangeChanged.connect(self._on_range)
        vb.sigResized.connect(lambda *_: self._draw_grid())
        self._create_items()
        self._fit_room()

    def _create_items(self) -> None:
        short = []
        for vid, colour in self.colours.items():
            # Short in the legend ("AWS", not "AWS (Trainium / Inferentia)"): it sits in a
            # narrow dock; the full name is in the one-vendor title and the table.
            name = self.names.get(vid, vid).split(" (")[0]
            # PlotCurveItems, not PlotDataItems: setData costs about an eighth (24 of them
            # follow every slider step).
            history = pg.PlotCurveItem(pen=pg.mkPen(colour, width=2))
            faded = QColor(colour)
            faded.setAlpha(200)
            projected = pg.PlotCurveItem(pen=pg.mkPen(faded, width=2,
                                                      style=Qt.PenStyle.DashLine))
            for line in (history, projected):
                self.plot_item.addItem(line, ignoreBounds=True)
            short.append(name)
            edges = {q: pg.PlotCurveItem(pen=pg.mkPen(None)) for q in (5, 25, 50, 75, 95)}
            # Only the median is drawn (for one vendor); the fills read the others' paths.
            self.plot_item.addItem(edges[50], ignoreBounds=True)
            outer = pg.FillBetweenItem(edges[5], edges[95])
            inner = pg.FillBetweenItem(edges[25], edges[75])
            for fill, z in ((outer, -20), (inner, -10)):
                fill.setZValue(z)
                # The bands change only when new draws arrive, not when the line follows a
                # slider: repainting them is then a copy of the cached pixels.
                fill.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                self.plot_item.addItem(fill, ignoreBounds=True)
            self.items[vid] = VendorItems(history, projected, edges, outer, inner)
        self.legend.set_vendors(short, list(self.colours.values()))
        self._restyle()

    # --- API --------------------------------------------------------------------------------
    def set_measure(self, measure: str) -> None:
        """Draw ``"share"`` (in %) or an amount (``"h100e"``, ``"units"``, ``"spend_usd"``)."""
        self.measure = measure
        self._y_top = 0.0  # the next data set the y range
        title, unit = MEASURE_TITLES[measure]
        if self.focus is not None:
            name = self.names.get(self.focus, self.focus).split(" (")[0]  # the table has all
            title = f"{legend_text(name)}: {title[0].lower()}{title[1:]}"
        self.title_label.set_text(title, QColor(30, 30, 30), TITLE_POINTS)
        axis = self.plot_item.getAxis("left")
        axis.enableAutoSIPrefix(measure != "share")
        self.plot_item.setLabel("left", "Share" if measure == "share" else "Purchases",
                                units=unit)
        self._fit_room()

    def set_focus(self, vendor_id: str | None) -> None:
        """Show one vendor (its bands stronger) or all (None)."""
        self.focus = vendor_id
        for vid, items in self.items.items():
            shown = vendor_id is None or vid == vendor_id
            for item in (items.history, items.projected, items.outer, items.inner,
                         *items.edges.values()):
                item.setVisible(shown)
        # One vendor: its name in the title, no legend of hidden lines (set_measure fits).
        self.set_measure(self.measure)
        self._restyle()
        self._fit_y(force=True)

    def set_central(self, years: np.ndarray, values: np.ndarray, base_year: int) -> None:
        """The central line (the normal projection): (Y,) years, (Y, V) values in the unit
        (shares 0..1), history up to ``base_year`` solid, then dashed."""
        scaled = values * scale_for(self.measure)
        hist = years <= base_year
        proj = years >= base_year
        for j, items in enumerate(self.items.values()):
            # The history rarely changes with a slider: its line is left alone then.
            set_if_changed(items.history, years[hist].astype(float), scaled[hist, j])
            items.projected.setData(years[proj].astype(float), scaled[proj, j])
        self._base_line.setPos(base_year)
        if len(years):  # a shortened legend keeps the largest vendors
            self.legend.set_weights(scaled[-1])
        if len(years):  # the years, also before the first bands arrive (empty fills say 0)
            self.plot_item.setXRange(float(years[0]), float(years[-1]), padding=0.02)
            if len(years) != len(self._years) or years[0] != self._years[0]:
                self._years = tuple(int(y) for y in years)  # a new horizon or base year
                self.year_axis.set_years(list(self._years))
        self._fit_y()
        self._place_note()

    def set_bands(self, result: EnsembleResult | None, stale: bool = False) -> None:
        """The bands of ``result`` (None: none) on the projected years and the base year."""
        self.result = result
        self.stale = stale and result is not None
        for j, items in enumerate(self.items.values()):
            if result is None:
                for curve in items.edges.values():
                    curve.setData([], [])
                continue
            years, bands = self.band_arrays(result, j)
            for i, q in enumerate(result.quantiles):
                if q in items.edges:
                    items.edges[q].setData(years, bands[i])
        self._restyle()
        self.note.setVisible(self.stale)
        self._fit_y()
        self._place_note()

    def band_arrays(self, result: EnsembleResult, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Vendor ``j``'s band years (base year on) and (5, n) percentiles in the drawn unit:
        what the chart draws and what the table lists."""
        keep = result.years >= result.base_year
        bands = result.measure(self.measure)[:, keep, j] * scale_for(self.measure)
        return result.years[keep].astype(float), bands

    def drawn_band(self, vendor_id: str) -> dict[int, np.ndarray]:
        """Percentile -> drawn y values of a vendor's band edges; key 0: their x (years)."""
        items = self.items[vendor_id]
        x, _ = items.edges[5].getData()
        out = {0: np.asarray(x if x is not None else [])}
        for q, curve in items.edges.items():
            _x, y = curve.getData()
            out[q] = np.asarray(y if y is not None else [])
        return out

    # --- internals --------------------------------------------------------------------------
    def _restyle(self) -> None:
        for vid, items in self.items.items():
            colour = self.colours[vid]
            one = self.focus is not None
            for fill, which in ((items.outer, "outer"), (items.inner, "inner")):
                c = band_colour(colour, which, self.stale)
                if one and not self.stale:  # one vendor alone: its bands can be stronger
                    c.setAlpha(min(255, int(c.alpha() * 1.6)))
                fill.setBrush(QBrush(c))
            items.history.setPen(pg.mkPen(colour, width=3.0 if one else 2.0))
            # The draws' median: shown for one vendor (all of them would crowd the chart).
            median = QColor(colour).darker(130) if not self.stale else QColor(120, 120, 120)
            items.edges[50].setPen(pg.mkPen(median, width=2, style=Qt.PenStyle.DotLine)
                                   if one else pg.mkPen(None))

    def data_top(self) -> float:
        """The highest value drawn for the shown vendor(s): lines and the 95th percentiles."""
        top = 0.0
        for vid, items in self.items.items():
            if self.focus is not None and vid != self.focus:
                continue
            for curve in (items.history, items.projected, items.edges[95]):
                _x, y = curve.getData()
                if y is not None and len(y):
                    finite = np.asarray(y, dtype=float)
                    finite = finite[np.isfinite(finite)]
                    if finite.size:
                        top = max(top, float(finite.max()))
        return top

    def _fit_y(self, force: bool = False) -> None:
        """0 to a little above the data's top, changed only when the data leave the range or
        fill less than :data:`Y_KEEP` of it (or when forced: a new vendor or measure)."""
        top = self.data_top()
        if top <= 0.0:
            top = 100.0 if self.measure == "share" else 1.0
        if force or not (Y_KEEP * self._y_top <= top <= self._y_top):
            self._y_top = top * Y_SLACK
            self.plot_item.setYRange(0.0, self._y_top, padding=0.0)

    def _on_range(self, *_: object) -> None:
        self._place_note()
        self._draw_grid()

    def _draw_grid(self) -> None:
        """Horizontal lines at the left axis's major ticks, across the years shown."""
        vb = self.plot_item.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        height = max(1.0, float(vb.height()))
        levels = self.plot_item.getAxis("left").tickValues(y0, y1, height)
        ticks = [float(v) for v in (levels[0][1] if levels else []) if y0 <= v <= y1]
        xs = np.repeat([[x0, x1]], len(ticks), axis=0).ravel()
        ys = np.repeat(ticks, 2)
        self.grid.setData(xs, ys)

    def resizeEvent(self, event: object) -> None:
        """The legend and the plot fitted to the new size (:meth:`_fit_room`)."""
        # Not once closed: the scene is cleared, and closing resizes the view (a crash);
        # nor while pyqtgraph's __init__ runs.
        if "small_note" in self.__dict__ and not self.__dict__.get("closed", False):
            self._fit_room()
        super().resizeEvent(event)

    def plot_height(self) -> float:
        """The height the plot and the legend under it share in the chart as it is sized
        now, under the wrapped title and over the bottom axis: worked out from their text,
        as the main charts' legend fit does
        (:meth:`~chipscope.ui.charts.chrome.ChartBase.plot_room`)."""
        layout = self.plot_item.layout
        top, bottom = layout.getContentsMargins()[1::2]
        height = (self.height() - top - bottom - 2 * layout.verticalSpacing()
                  - wrapped_height(self.title_label, self.width() - 16)
                  - axis_height(self.plot_item.getAxis("bottom")))
        return float(height)

    def _fit_room(self) -> None:
        """The legend's rows under the plot that leave it :data:`MIN_PLOT` in height, "+N
        more" last, or none, which the tooltip then says (as the main charts', pass 36 F2);
        one vendor shown, none (its name is in the title). Where even the plot alone has not
        that room, a note instead of the chart: in the Uncertainty dock of a 1,024 x 600
        screen the legend left the plot 0 px (pass 35 F6)."""
        room = self.plot_height()
        limit = 0 if self.focus is not None else \
            self.legend.fit(self.width(), room, self.plot_item.layout.verticalSpacing())
        show = limit != 0
        if show != self.legend_placed:
            # Kept in the layout (taken out, it crashed the scene's teardown), no height
            # when hidden: a hidden item keeps its room in a graphics layout.
            self.legend_placed = show
            self.legend.setMaximumHeight(LEGEND_MAX if show else 0.0)
            self.legend.setVisible(show)
            self.legend.updateGeometry()
        small = room < MIN_PLOT  # (the note says it all then)
        self.setToolTip(FOCUS_TIP if self.focus is not None else "" if show or small else
                        LEGEND_LEFT_OUT)
        self.small_note.setVisible(small)
        if small:
            self.small_note.setGeometry(self.rect())
            self.small_note.raise_()

    def _place_note(self) -> None:
        vb = self.plot_item.getViewBox()
        (_x0, x1), (_y0, y1) = vb.viewRange()
        self.note.setPos(x1, y1)
