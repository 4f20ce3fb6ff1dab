"""The compare chart: each vendor's share per year, one line per scenario x vendor.

Colour says the vendor (the dataset's colours, as in every chart); line style says the scenario
(solid, dashed, dotted, dash-dot, dash-dot-dot, in the order chosen). The legend lists both.
Built on :class:`~chipscope.ui.charts.chrome.ChartBase`, so it shares the title, credit, theme,
base-year line and rendering with the other charts. No maths: it draws a
:class:`~chipscope.model.chart_data.CompareInput`, the table of
:func:`chipscope.model.compare.compare_vendor_shares`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from chipscope.model.chart_data import CompareInput
from chipscope.model.compare import share_column
from chipscope.model.projection import MEASURE_LABELS, measure_unit
from chipscope.ui.charts.chrome import ChartBase
from chipscope.ui.charts.items import ChartLegend, LegendEntry, Swatch
from chipscope.ui.palette import ChartTheme, contrast_ratio

LINE_STYLES: tuple[Qt.PenStyle, ...] = (
    Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
    Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
STYLE_NAMES = ("solid", "dashed", "dotted", "dash-dot", "dash-dot-dot")
LINE_WIDTH = 2.0
OUTLINE_CONTRAST = 1.6
"""Vendor colours with less contrast than this against the background get an outline."""
MIN_SHARE = 0.001
"""Vendors whose share stays below this (0.1 %) in every year and scenario are not drawn."""


def line_style(index: int) -> Qt.PenStyle:
    """The pen style of the ``index``-th scenario (styles repeat after five)."""
    return LINE_STYLES[index % len(LINE_STYLES)]


class LineSwatch(Swatch):
    """A legend sample that is a short line: style ``"line:<n>"`` draws scenario n's style."""

    def paint(self, p: QPainter, *args: Any) -> None:
        _, _, line, style = self.entry
        if not style.startswith("line:"):
            super().paint(p, *args)
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(line, LINE_WIDTH)
        pen.setStyle(line_style(int(style[5:])))
        p.setPen(pen)
        p.drawLine(QPointF(1, 8), QPointF(23, 8))

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 24, 16)


class CompareLegend(ChartLegend):
    """The chart legend, with line samples for the scenarios."""

    sample_type = LineSwatch


class CompareChart(ChartBase):
    """Vendor shares of several scenarios overlaid; see the module docstring."""

    name = "compare"
    draws = CompareInput

    def __init__(self, theme: ChartTheme, vendor_names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str) -> None:
        self.vendor_names = dict(vendor_names)
        self.vendor_colours = dict(colours)
        self.curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.scenarios: list[str] = []
        self.shares_table: pd.DataFrame = pd.DataFrame()
        super().__init__(theme, credit)
        # Swap the base legend for one that can draw line styles, in the same layout cell.
        layout, old = self.plot.layout, self.legend
        layout.removeItem(old)
        old.hide()
        if old.scene() is not None:
            old.scene().removeItem(old)
        self.legend = CompareLegend()
        layout.addItem(self.legend, 2, 3, alignment=Qt.AlignmentFlag.AlignTop)
        self.add_base_year_line()
        self.set_axis_label("left", "Share of purchases (%)")
        self.set_axis_label("bottom", "Year")
        self.show_value_grid("left")

    # --- drawing ----------------------------------------------------------------------------
    def show_comparison(self, table: pd.DataFrame, scenarios: list[str], measure: str,
                        base_year: int, basis: str = "bf16") -> None:
        """Shorthand for :meth:`draw` of a :class:`CompareInput`."""
        self.draw(CompareInput(table, tuple(scenarios), measure, base_year, basis))

    def draw(self, data: CompareInput) -> None:
        """Draw ``data.table`` (from ``compare_vendor_shares``) for ``data.scenarios``, in
        place; ``data.basis`` is the compute basis the title names."""
        table, scenarios, measure = data.table, list(data.scenarios), data.measure
        base_year, basis = data.base_year, data.basis
        self.shares_table, self.scenarios = table, list(scenarios)
        vendors = self.vendors_shown(table, scenarios)
        keys = [(s, v) for s in scenarios for v in vendors]
        if list(self.curves) != keys:
            for item in self.curves.values():
                self.plot.removeItem(item)
            self.curves = {}
            for key in keys:
                item = pg.PlotDataItem(antialias=True)
                item.setZValue(10 - scenarios.index(key[0]))  # the first scenario on top
                self.plot.addItem(item)
                self.curves[key] = item
        self._restyle()
        years, grid_vendors, grids = _grids(table, scenarios)
        column = {v: j for j, v in enumerate(grid_vendors)}
        x = years.astype(float)
        for (scenario, vendor), item in self.curves.items():
            y = _trim_leading_zeros(grids[scenario][:, column[vendor]] * 100.0)
            item.setData(x, y, connect="finite")
        if len(years):
            self.set_year_ticks(years)
            self.plot.setXRange(float(years[0]), float(years[-1]), padding=0.02)
            peaks = [float(np.nanmax(grids[s][:, column[v]])) for s, v in self.curves
                     if np.isfinite(grids[s][:, column[v]]).any()]
            top = 100.0 * max(peaks, default=0.01)
            self.plot.setYRange(0, min(100.0, top * 1.08 + 1.0), padding=0)
        self.place_base_year_line(float(base_year), base_year)
        self.legend.set_entries(self.legend_entries_for(vendors), self.theme.foreground)
        self.fit_legend()
        label = MEASURE_LABELS.get(measure, measure).split(" (")[0].lower()
        if measure == "h100e":
            label += f" ({measure_unit(measure, basis)})"
        title = (f"Vendor share of {label}: " + " vs ".join(scenarios)) if scenarios else \
            "Choose two or more scenarios to compare"
        self.set_title(title)

    def vendors_shown(self, table: pd.DataFrame, scenarios: list[str]) -> list[str]:
        """Vendors (in dataset order) with a visible share in some year and scenario."""
        if not scenarios or table.empty:
            return []
        _, grid_vendors, grids = _grids(table, scenarios)
        peak = np.nanmax(np.stack([np.nan_to_num(grids[s], nan=0.0) for s in scenarios]),
                         axis=(0, 1))
        big = {v for v, p in zip(grid_vendors, peak, strict=True) if p >= MIN_SHARE}
        return [v for v in self.vendor_names if v in big]

    def legend_entries_for(self, vendors: list[str]) -> list[LegendEntry]:
        grey = self.theme.foreground
        entries: list[LegendEntry] = [
            (self.vendor_names[v], self._colour(v), self.theme.edge, "solid") for v in vendors]
        entries += [(f"{s} ({STYLE_NAMES[i % len(STYLE_NAMES)]})", grey, grey, f"line:{i}")
                    for i, s in enumerate(self.scenarios)]
        return entries

    def _colour(self, vendor: str) -> QColor:
        return self.vendor_colours.get(vendor, QColor("#999999"))

    def _restyle(self) -> None:
        for (scenario, vendor), item in self.curves.items():
            style = line_style(self.scenarios.index(scenario))
            colour = self._colour(vendor)
            pen = self.pen(colour, LINE_WIDTH)
            pen.setStyle(style)
            item.setPen(pen)
            # A pale vendor colour (OpenAI-Broadcom's grey) on a light background gets a thin
            # outline in the edge colour, as its stacked areas do, so its line stays visible.
            if contrast_ratio(colour, self.theme.background) < OUTLINE_CONTRAST:
                shadow = self.pen(self.theme.edge, LINE_WIDTH + 1.5)
                shadow.setStyle(style)
                item.setShadowPen(shadow)
            else:
                item.setShadowPen(None)

    def pen_style_of(self, scenario: str, vendor: str) -> Qt.PenStyle:
        """The style of one curve (for tests)."""
        style: Qt.PenStyle = self.curves[(scenario, vendor)].opts["pen"].style()
        return style

    # --- read-out ---------------------------------------------------------------------------
    def readout_text(self, x: float, y: float) -> str:
        """The nearest year's shares of the vendor whose line is closest to the pointer."""
        if not self.curves:
            return ""
        year = int(round(x))
        best: tuple[float, str] | None = None
        for (_, vendor), item in self.curves.items():
            xs, ys = item.xData, item.yData
            if xs is None or ys is None:
                continue
            hit = np.nonzero(xs == year)[0]
            if len(hit) and np.isfinite(ys[hit[0]]):
                gap = abs(float(ys[hit[0]]) - y)
                if best is None or gap < best[0]:
                    best = (gap, vendor)
        if best is None or best[0] > 5.0:
            return ""
        vendor = best[1]
        rows = self.shares_table[(self.shares_table["year"] == year)
                                 & (self.shares_table["vendor"] == vendor)]
        lines = [f"{year}: {self.vendor_names.get(vendor, vendor)}"]
        for s in self.scenarios:
            value = float(rows[share_column(s)].iloc[0]) if len(rows) else float("nan")
            lines.append(f"{s}: {value * 100:.1f} %" if np.isfinite(value) else f"{s}: \u2013")
        return "\n".join(lines)


def _trim_leading_zeros(y: np.ndarray) -> np.ndarray:
    """NaN for the years before a vendor sold anything, but the last zero before its first
    sale, so the line rises from the axis instead of lying along it from 2022."""
    out = y.copy()
    positive = np.nonzero(out > 0)[0]
    if len(positive):
        out[:max(0, int(positive[0]) - 1)] = np.nan
    return out


def _grids(table: pd.DataFrame, scenarios: list[str]
           ) -> tuple[np.ndarray, list[str], dict[str, np.ndarray]]:
    """Years, vendors and each scenario's (years x vendors) shares: the compare table is one
    row per (year, vendor), year-major, so its columns reshape without any lookups."""
    if table.empty:
        return np.array([], dtype=np.int64), [], {s: np.empty((0, 0)) for s in scenarios}
    first_year = table["year"].iloc[0]
    n_vendors = int((table["year"] == first_year).sum())
    years = table["year"].to_numpy()[::n_vendors]
    vendors = [str(v) for v in table["vendor"].iloc[:n_vendors]]
    grids = {s: table[share_column(s)].to_numpy(dtype=float).reshape(len(years), n_vendors)
             for s in scenarios}
    return years, vendors, grids
