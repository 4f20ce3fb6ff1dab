"""100 % stacked area charts over the years: vendor share (the chip mix is in ``chip_mix``).

Each series is two filled polygons, one over the history years (solid colour, thin solid edge)
and one over the projected years (lighter colour, dashed edge), joined at the base year, which
a labelled vertical line marks. The vendor chart adds the history's 5-95 % range of each
vendor's share as a whisker on the top edge of the vendor's band.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsItem

from chipscope.model.chart_data import StackFrame, vendor_frame
from chipscope.model.formatting import format_share
from chipscope.model.projection import Measure, Projection
from chipscope.ui.charts.base import StackChart
from chipscope.ui.charts.chrome import WHISKER_LABEL
from chipscope.ui.charts.items import LegendEntry, set_if_changed
from chipscope.ui.palette import OTHER_COLOUR, ChartTheme, with_alpha


class AreaStackView(StackChart):
    """Shares (%) of each year's purchases, stacked to 100 %."""

    def __init__(self, theme: ChartTheme, names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str) -> None:
        self.names = dict(names)
        self.vendor_colours = dict(colours)
        self.history_items: list[pg.PlotCurveItem] = []
        self.projection_items: list[pg.PlotCurveItem] = []
        self.series_colours: list[QColor] = []
        super().__init__(theme, credit)
        self.add_base_year_line()
        self.set_range("y", 0.0, 100.0)
        self.set_axis_label("left", "Share of purchases (%)")
        self.set_axis_label("bottom", "Year")
        self.plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in range(0, 101, 20)]])

    def _create_items(self, n_series: int) -> None:
        for item in self.history_items + self.projection_items:
            self.plot.removeItem(item)
        self.history_items, self.projection_items = [], []
        for _ in range(n_series):
            for items in (self.history_items, self.projection_items):
                curve = pg.PlotCurveItem(fillLevel="enclosed", antialias=True)
                self.plot.addItem(curve)
                items.append(curve)
        self.series_colours = [QColor()] * n_series

    def colours_for(self, frame: StackFrame) -> list[QColor]:
        return [self.vendor_colours.get(k, QColor(OTHER_COLOUR)) for k in frame.keys]

    def _update_items(self, frame: StackFrame, projection: Projection) -> None:
        x = frame.positions
        stack = self.plotted(frame)
        upper = np.cumsum(stack, axis=1)
        lower = upper - stack
        hist = np.nonzero(frame.is_history)[0]
        # Projection polygons start at the base year so the two join without a gap.
        proj = np.arange(max(int(hist[-1]) if len(hist) else 0, 0), len(x))
        colours = self.colours_for(frame)
        for j, colour in enumerate(colours):
            for item, idx in ((self.history_items[j], hist), (self.projection_items[j], proj)):
                xs = np.concatenate([x[idx], x[idx][::-1]])
                ys = np.concatenate([upper[idx, j], lower[idx, j][::-1]])
                set_if_changed(item, xs, ys)
            if colour != self.series_colours[j]:
                self.series_colours[j] = colour
                self._style_series(j)
        self.set_range("x", float(x[0]) - self.x_margin(frame), float(x[-1]) + 0.01)
        self.place_base_year_line(projection.base_year, projection.base_year)

    def x_margin(self, frame: StackFrame) -> float:
        """Room (in years) left of the first year, for markers drawn beside it."""
        return 0.01

    def _style_series(self, j: int) -> None:
        history, projected = self.series_brushes(j)
        self.history_items[j].setBrush(history)
        self.history_items[j].setPen(self.edge_pen(False))
        self.projection_items[j].setBrush(projected)
        self.projection_items[j].setPen(self.edge_pen(True))

    def series_brushes(self, j: int) -> tuple[QBrush, QBrush]:
        """The fills of series ``j``: history, projection."""
        colour = self.series_colours[j]
        return pg.mkBrush(colour), pg.mkBrush(self.theme.projection_fill(colour))

    def _restyle(self) -> None:
        for j in range(len(self.series_colours)):
            self._style_series(j)

    def _on_shown(self, projection: Projection, measure: Measure) -> None:
        self.set_year_ticks(projection.years)

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        # Top of the stack first, so the legend reads in the same order as the chart.
        entries: list[LegendEntry] = [(name, colour, self.theme.edge, "solid") for name, colour
                                      in zip(frame.series, self.series_colours, strict=True)]
        return entries[::-1] + self.style_entries(whisker=False)


class VendorShareView(AreaStackView):
    """Each vendor's share of each year's purchases, with the history's 5-95 % range."""

    name = "vendor_share"
    reference_style = "line"

    def __init__(self, theme: ChartTheme, names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str) -> None:
        self.whiskers = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.12)
        # A halo in the background colour under each whisker keeps it readable on dark fills.
        self.whisker_halo = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.12)
        self._whisker_data: dict[str, np.ndarray] | None = None
        super().__init__(theme, names, colours, credit)
        self.whisker_halo.setZValue(399)
        self.whiskers.setZValue(400)
        self.plot.addItem(self.whisker_halo)
        self.plot.addItem(self.whiskers)
        # The whiskers (history only) stay put while a slider moves the projection: a cached
        # pixmap makes their repaint a copy (a slider step was 1.45x a bare stack, 1.2x now).
        for item in (self.whisker_halo, self.whiskers):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def make_frame(self, projection: Projection, measure: Measure, year: int) -> StackFrame:
        return vendor_frame(projection, measure, self.names)

    def title_for(self, projection: Projection, measure: Measure, year: int) -> str:
        return f"Vendor share of AI-chip purchases · {projection.label(measure)}"

    def _update_items(self, frame: StackFrame, projection: Projection) -> None:
        super()._update_items(frame, projection)
        self._update_whiskers(frame)

    def _update_whiskers(self, frame: StackFrame) -> None:
        """Each vendor's 5-95 % share range as a whisker on the top edge of its band: where
        that edge would be if the vendor's share were at either end of its range."""
        if frame.band_lo is None or frame.band_hi is None:
            for item in (self.whisker_halo, self.whiskers):
                item.setData(x=np.zeros(0), y=np.zeros(0), top=np.zeros(0), bottom=np.zeros(0))
            self._whisker_data = None
            return
        share = frame.shares * 100.0
        edge = np.cumsum(share, axis=1)
        lo, hi = frame.band_lo * 100.0, frame.band_hi * 100.0
        ok = np.isfinite(lo) & np.isfinite(hi) & (share > 0) & frame.is_history[:, None]
        rows, cols = np.nonzero(ok)
        y = edge[rows, cols]
        data = {"x": frame.positions[rows], "y": y,
                "top": np.clip(hi[rows, cols] - share[rows, cols], 0, 100 - y),
                "bottom": np.clip(share[rows, cols] - lo[rows, cols], 0, y)}
        if self._whisker_data is not None and all(
                np.array_equal(data[k], self._whisker_data[k]) for k in data):
            return  # the history did not move (a slider step): no new paths to build
        self._whisker_data = data
        self.whisker_halo.setData(**data)
        self.whiskers.setData(**data)

    def readout_extra(self, i: int, j: int) -> str:
        """The whisker's values: the history's 5-95 % range of the hovered vendor's share."""
        frame = self.frame
        if frame is None or frame.band_lo is None or frame.band_hi is None:
            return ""
        lo, hi = frame.band_lo[i, j], frame.band_hi[i, j]
        if not (frame.is_history[i] and np.isfinite(lo) and np.isfinite(hi)):
            return ""
        return f"{WHISKER_LABEL}: {format_share(max(lo, 0.0))} – {format_share(min(hi, 1.0))}"

    def x_margin(self, frame: StackFrame) -> float:
        # Room for the first year's whisker beams.
        return super().x_margin(frame) if frame.band_lo is None else 0.08

    def _restyle(self) -> None:
        super()._restyle()
        self.whisker_halo.setData(pen=self.pen(with_alpha(self.theme.background, 200), 3.0))
        self.whiskers.setData(pen=self.pen(self.theme.foreground, 1.5))

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        entries = super().legend_entries(frame)
        if frame.band_lo is not None:
            entries += self.style_entries(whisker=True)[2:]
        return entries
