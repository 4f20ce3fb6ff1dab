"""Stacked bar charts: purchases per vendor per year, and each adopter's vendor mix in a year.

One :class:`pg.BarGraphItem` per vendor, updated with ``setOpts``; bars of projected years are
drawn lighter with a dashed edge, like the area charts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF

from chipscope.model.chart_data import StackFrame, adopter_frame, vendor_frame
from chipscope.model.formatting import format_si
from chipscope.model.legend_fit import more_in_table
from chipscope.model.projection import Measure, Projection
from chipscope.ui.charts.base import StackChart
from chipscope.ui.charts.chrome import LEFT, RIGHT
from chipscope.ui.charts.fit import MIN_PLOT
from chipscope.ui.charts.items import LegendEntry
from chipscope.ui.palette import OTHER_COLOUR, ChartTheme
from chipscope.ui.plain import name_line

BAR_WIDTH = 0.72
HIDDEN_ROW = -1000.0
"""Where the adopters a low chart leaves out are drawn: far out of its range."""


def value_axis_label(projection: Projection, measure: Measure) -> str:
    """"Purchases (H100e, dense BF16)", "Purchases (chips)", "Spend (USD)"."""
    what = "Spend" if measure == "spend_usd" else "Purchases"
    return f"{what} ({projection.unit(measure)})"


class BarStackView(StackChart):
    """Series stacked as bars, one bar per category, one BarGraphItem per series."""

    wash_projection = True  # projected bars lighter (False: dashed edges only)

    def __init__(self, theme: ChartTheme, vendor_names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str) -> None:
        self.vendor_names = dict(vendor_names)
        self.vendor_colours = dict(colours)
        self.bars: list[pg.BarGraphItem] = []
        # Per series, what its brushes and pens were made for; remade only when that changes.
        self.look_keys: list[object] = []
        super().__init__(theme, credit)

    def _create_items(self, n_series: int) -> None:
        for item in self.bars:
            self.plot.removeItem(item)
        self.bars = []
        for _ in range(n_series):
            empty = np.zeros(0)
            if self.vertical:
                item = pg.BarGraphItem(x=empty, width=BAR_WIDTH, y0=empty, height=empty)
            else:
                item = pg.BarGraphItem(x0=empty, width=empty, y=empty, height=BAR_WIDTH)
            self.plot.addItem(item)
            self.bars.append(item)
        self.look_keys = [None] * n_series

    def colours_for(self, frame: StackFrame) -> list[QColor]:
        return [self.vendor_colours.get(k, QColor(OTHER_COLOUR)) for k in frame.keys]

    def _update_items(self, frame: StackFrame, projection: Projection) -> None:
        stack = self.plotted(frame)
        lower = np.cumsum(stack, axis=1) - stack
        positions = self.drawn_positions(frame)
        for j, (item, colour) in enumerate(zip(self.bars, self.colours_for(frame), strict=True)):
            extra = self._look(j, colour, frame.is_history, stack[:, j] > 0)
            if self.vertical:
                item.setOpts(x=positions, y0=lower[:, j], height=stack[:, j], **extra)
            else:
                item.setOpts(y=positions, x0=lower[:, j], width=stack[:, j], **extra)

    def _look(self, j: int, colour: QColor, is_history: np.ndarray,
              drawn: np.ndarray) -> dict[str, object]:
        """Brushes and pens for series ``j`` when its colour, history or empty bars changed
        (most slider ticks change none of these: then nothing is rebuilt)."""
        key = (colour.rgba(), tuple(bool(h) for h in is_history), tuple(bool(v) for v in drawn))
        if self.look_keys[j] == key:
            return {}
        solid = pg.mkBrush(colour)
        light = pg.mkBrush(self.theme.projection_fill(colour)) if self.wash_projection else solid
        # No edge on an empty bar: it would draw a stray line where the stack ends.
        pens = [self.edge_pen(not h) if v else pg.mkPen(None)
                for h, v in zip(is_history, drawn, strict=True)]
        brushes = [solid if h else light for h in is_history]
        self.look_keys[j] = key
        return {"brushes": brushes, "pens": pens}

    def _restyle(self) -> None:
        self.look_keys = [None] * len(self.bars)
        if self.frame is not None and self.projection is not None:
            self._update_items(self.frame, self.projection)

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        colours = self.colours_for(frame)
        entries = [(name, colour, self.theme.edge, "solid")
                   for name, colour in zip(frame.series, colours, strict=True)]
        return entries[::-1] if self.vertical else entries


class VendorAbsoluteView(BarStackView):
    """Purchases per vendor per year, stacked bars in the measure's unit."""

    name = "vendor_absolute"
    plots_shares = False
    reference_style = "steps"

    def __init__(self, theme: ChartTheme, vendor_names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str) -> None:
        super().__init__(theme, vendor_names, colours, credit)
        self.add_base_year_line()
        self.set_axis_label("bottom", "Year")
        self.show_value_grid("left")

    def make_frame(self, projection: Projection, measure: Measure, year: int) -> StackFrame:
        return vendor_frame(projection, measure, self.vendor_names)

    def title_for(self, projection: Projection, measure: Measure, year: int) -> str:
        return f"AI-chip purchases by vendor · {projection.label(measure)}"

    def _on_shown(self, projection: Projection, measure: Measure) -> None:
        label = value_axis_label(projection, measure)
        if self.plot.getAxis("left").labelText != label:
            self.set_axis_label("left", label)
        years = projection.years
        self.set_year_ticks(years)
        assert self.frame is not None
        # From 0 (auto-range would pad below it) to just above the tallest stack.
        top = max(float(self.frame.totals.max()), self.overlay_top(), 1.0)
        self.set_range("y", 0.0, top * 1.05)
        self.set_range("x", float(years[0]) - 0.6, float(years[-1]) + 0.6)
        # Between the base year's bar and the first projected one.
        self.place_base_year_line(projection.base_year + 0.5, projection.base_year)

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        return super().legend_entries(frame) + self.style_entries(whisker=False)


class AdoptersView(BarStackView):
    """For one year, each adopter's purchases split by vendor: horizontal 100 % bars."""

    name = "adopters"
    vertical = False
    category = "adopter"
    wash_projection = False  # one year at a time: the title says whether it is projected

    def __init__(self, theme: ChartTheme, vendor_names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str,
                 adopter_names: Mapping[str, str]) -> None:
        self.adopter_names = dict(adopter_names)
        self.rows: int | None = None
        """How many rows a low chart has room for (None: every adopter's)."""
        self._room: tuple[tuple[object, ...], float] | None = None  # (what it measured, width)
        super().__init__(theme, vendor_names, colours, credit)
        self.plot.getViewBox().invertY(True)  # the first adopter on top
        self.label_every_tick("left")
        self.set_range("x", -1.0, 101.0)
        self.plot.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in range(0, 101, 20)]])
        self.set_axis_label("bottom", "Share of the adopter's purchases (%)")
        self.show_value_grid("bottom")

    def make_frame(self, projection: Projection, measure: Measure, year: int) -> StackFrame:
        return adopter_frame(projection, measure, year, self.adopter_names, self.vendor_names)

    def title_for(self, projection: Projection, measure: Measure, year: int) -> str:
        period = "history" if projection.is_history[projection.year_index(year)] else "projection"
        return f"Who buys what in {year} ({period}) · {projection.label(measure)}"

    def _on_shown(self, projection: Projection, measure: Measure) -> None:
        self._show_rows()

    def drawn_positions(self, frame: StackFrame) -> np.ndarray:
        """The adopters shown on rows 0, 1, ... (the largest, in the frame's order); those
        left out of a low chart far below its range (pass 37)."""
        positions = np.arange(len(frame.positions), dtype=np.float64) + HIDDEN_ROW
        for row, i in enumerate(self._kept(frame)):
            positions[i] = float(row)
        return positions

    def _kept(self, frame: StackFrame) -> list[int]:
        """The rows a chart of :attr:`rows` rows shows: every adopter, or the largest
        ``rows - 1`` (in their order) and a last row "+N more adopters (see the table)"."""
        n = len(frame.positions)
        if self.rows is None or self.rows >= n:
            return list(range(n))
        totals = np.nan_to_num(frame.totals, nan=-1.0)
        largest = sorted(range(n), key=lambda i: (-float(totals[i]), i))
        return sorted(largest[:max(self.rows - 1, 1)])

    def _show_rows(self) -> None:
        frame = self.frame
        assert frame is not None
        kept = self._kept(frame)
        ticks = [(float(row),
                  f"{name_line(frame.labels[i])}  ({format_si(frame.totals[i], frame.unit)})")
                 for row, i in enumerate(kept)]  # a 100-character name took the whole width
        if len(kept) < len(frame.positions):
            ticks.append((float(len(kept)), more_adopters(len(frame.positions) - len(kept))))
        self.plot.getAxis("left").setTicks([ticks])
        self.set_range("y", -0.55, len(ticks) - 0.45)

    def plot_fitted(self, height: float) -> None:
        """As many rows as a line of the names' font each fits in the plot's ``height``: in
        a lower chart than :meth:`least_plot` the 12 names were drawn over one another."""
        rows = max(int(height / self._line() - 0.1), 1)  # the range: rows + 0.1 high
        n = len(self.frame.positions) if self.frame is not None else 0
        shown = None if rows >= n else rows
        if shown != self.rows:
            self.rows = shown
            if self.frame is not None and self.projection is not None:
                self._update_items(self.frame, self.projection)
                self._show_rows()

    def axes_room(self) -> float:
        """The left axis's width as its names and the widest total ("8.88M") make it, not
        the totals, which a slider drag changes on every frame: the legend was fitted again
        on each (pass 37). A few pixels more than drawn, at most."""
        frame, axis = self.frame, self.plot.getAxis("left")
        if frame is None:
            return super().axes_room()
        key = (frame.labels, frame.unit, axis.style["tickFont"], axis.style["tickTextOffset"][0])
        if self._room is None or self._room[0] != key:
            metrics = QFontMetricsF(axis.style["tickFont"] or axis.font())
            widest = format_si(8.88e6, frame.unit)
            texts = [f"{name_line(label)}  ({widest})" for label in frame.labels]
            text = max(metrics.horizontalAdvance(t) for t in [*texts, more_adopters(99)])
            self._room = (key, text + key[3] + max(0, axis.style["tickLength"]) + LEFT + RIGHT)
        return self._room[1]

    def _line(self) -> float:
        axis = self.plot.getAxis("left")
        return float(QFontMetricsF(axis.style["tickFont"] or axis.font()).height())

    def least_plot(self) -> float:
        """A line of the names' font per adopter: at the 80 px of the other charts the 12
        names were drawn over one another (pass 35 F4)."""
        rows = len(self.frame.positions) if self.frame is not None else 0
        return max(MIN_PLOT, rows * self._line())


def more_adopters(count: int) -> str:
    """The last row of an adopters' chart too low for every adopter."""
    return more_in_table(count, "adopter")
