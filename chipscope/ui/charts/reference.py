"""Ghost lines: a pinned reference projection's vendor boundaries drawn over a vendor chart.

A :class:`ReferenceLines` is a :class:`~chipscope.ui.charts.base.ChartOverlay` of a
:class:`~chipscope.ui.charts.base.StackChart` whose ``reference_style`` is ``"line"`` (the
share areas: one dashed line per boundary between two vendors, over the projected years) or
``"steps"`` (the bars: a dashed tick across each projected bar at each boundary). The lines
are the reference's, so they change only when the reference or the measure does: a slider
tick redraws none of them. One legend entry, "Reference: <name>", names them.
"""

from __future__ import annotations

import weakref

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from chipscope.model.chart_data import StackFrame
from chipscope.model.difference import Reference, format_pp, format_signed, reference_edges
from chipscope.model.formatting import format_share, format_si
from chipscope.model.projection import Measure, Projection
from chipscope.ui.charts.bars import BAR_WIDTH
from chipscope.ui.charts.base import StackChart
from chipscope.ui.charts.items import LegendEntry
from chipscope.ui.palette import with_alpha

GHOST_ALPHA = 190
"""Opacity (0-255) of the ghost lines: visible over every band, yet clearly not a band."""
GHOST_WIDTH = 2.0
GHOST_OVERHANG = 0.08
"""How far (in years) a ghost tick sticks out on each side of a bar."""


class ReferenceLines:
    """The ghost lines of one chart; see the module docstring."""

    def __init__(self, chart: StackChart) -> None:
        if not chart.reference_style:
            raise ValueError(f"chart: {chart.name} draws no reference lines")
        # Weak: the chart keeps its overlays, and a cycle would wait for Python's collector.
        self._chart = weakref.ref(chart)
        self.reference: Reference | None = None
        self.curves: list[pg.PlotCurveItem] = []
        self._drawn: tuple[Projection, Measure] | None = None
        self._top = 0.0
        chart.overlays.append(self)

    @property
    def chart(self) -> StackChart:
        """The chart drawn over (alive as long as it keeps this overlay)."""
        chart = self._chart()
        if chart is None:
            raise RuntimeError("ReferenceLines: its chart is gone")
        return chart

    def set_reference(self, reference: Reference | None) -> None:
        """Trace ``reference`` from the next draw on (None: no lines, no legend entry)."""
        self.reference = reference
        self._drawn = None
        if reference is None:
            self._hide()

    def is_shown(self) -> bool:
        """Whether the lines are on the chart (a reference that fits the projection shown)."""
        return self._drawn is not None

    def line_data(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each ghost line's (x, y) as drawn (for tests)."""
        out = []
        for curve in self.curves:
            if curve.isVisible():
                x, y = curve.getData()
                out.append((np.asarray(x), np.asarray(y)))
        return out

    # --- ChartOverlay -----------------------------------------------------------------------
    def update(self, projection: Projection, measure: Measure) -> None:
        ref = self.reference
        if ref is None or not ref.fits(projection):
            self._hide()  # a reference of another dataset or basis waits for its recompute
            return
        if self._drawn is not None and self._drawn[0] is ref.projection \
                and self._drawn[1] == measure:
            return  # the reference is fixed: nothing to redraw while a slider moves
        self._drawn = (ref.projection, measure)
        self._draw(ref.projection, measure)

    def legend_entries(self) -> list[LegendEntry]:
        if self.reference is None or self._drawn is None:
            return []
        return [(f"Reference: {self.reference.name}", QColor(0, 0, 0, 0), self._colour(),
                 "reference")]

    def restyle(self) -> None:
        pen = self.chart.pen(self._colour(), GHOST_WIDTH, dashed=True)
        for curve in self.curves:
            curve.setPen(pen)

    def top(self) -> float:
        return self._top if self._drawn is not None else 0.0

    def readout(self, frame: StackFrame, i: int, j: int) -> str:
        """The hovered vendor's number in the reference and the difference, e.g.
        "Reference (Baseline): 2.9 %, +1.3 pp"; "" in history or without lines."""
        ref = self.reference
        if ref is None or self._drawn is None or frame.is_history[i]:
            return ""
        p = ref.projection
        year, vendor = int(frame.positions[i]), frame.keys[j]
        if vendor not in p.vendor_ids or not int(p.years[0]) <= year <= int(p.years[-1]):
            return ""
        t, v = p.year_index(year), p.vendor_ids.index(vendor)
        measure = self._drawn[1]
        head = f"Reference ({ref.name}): "
        if self.chart.plots_shares:
            share = float(p.vendor_shares(measure)[t, v])
            return f"{head}{format_share(share)}, {format_pp((frame.shares[i, j] - share) * 100)}"
        value = float(p.by_vendor(measure)[t, v])
        return (f"{head}{format_si(value, frame.unit)}, "
                f"{format_signed(frame.values[i, j] - value, frame.unit)}")

    # --- internals ----------------------------------------------------------------------
    def _colour(self) -> QColor:
        return with_alpha(self.chart.theme.foreground, GHOST_ALPHA)

    def _draw(self, reference: Projection, measure: Measure) -> None:
        shares = self.chart.plots_shares
        edges = reference_edges(reference, measure, shares)
        years = reference.years.astype(np.float64)
        base = reference.year_index(reference.base_year)
        # Share bands always end at 100 %: the top line would say nothing.
        n_lines = edges.shape[1] - 1 if shares else edges.shape[1]
        self._ensure(n_lines)
        for j, curve in enumerate(self.curves):
            if j >= n_lines:
                curve.hide()
                continue
            if self.chart.reference_style == "steps":
                xs = years[base + 1:]
                half = BAR_WIDTH / 2.0 + GHOST_OVERHANG  # past the bar: not one of its edges
                x = np.column_stack([xs - half, xs + half]).ravel()
                y = np.repeat(edges[base + 1:, j], 2)
                curve.setData(x, y, connect="pairs")
            else:
                curve.setData(years[base:], edges[base:, j], connect="all")
            curve.show()
        self._top = float(edges[base:, -1].max()) if len(edges) > base else 0.0

    def _ensure(self, n: int) -> None:
        while len(self.curves) < n:
            curve = pg.PlotCurveItem(antialias=True)
            curve.setZValue(300)  # over the bands, under the whiskers and the base-year line
            self.chart.plot.addItem(curve)
            self.curves.append(curve)
        self.restyle()

    def _hide(self) -> None:
        self._drawn = None
        self._top = 0.0
        for curve in self.curves:
            curve.hide()
