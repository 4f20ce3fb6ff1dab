"""The chip-mix chart: the chips with the largest shares of each year's purchases, history and
projection, stacked to 100 %.

Each chip is drawn in its vendor's hue family (:func:`~chipscope.ui.palette.chip_styles`): up
to three clearly different lightness levels per vendor, then the same levels striped, so
NVIDIA's five or six chips are told apart. "Other chips" is hatched over the background: a
remainder, never confused with a vendor colour or with the "History" style sample. When the
dataset gives the history per vendor only (no chip names), the chart says so over the history.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from chipscope.model.chart_data import (
    OTHER_KEY,
    OTHER_LABEL,
    StackFrame,
    chip_frame,
    history_has_chip_split,
)
from chipscope.model.projection import Measure, Projection
from chipscope.ui.charts.items import LegendEntry
from chipscope.ui.charts.stacked import AreaStackView
from chipscope.ui.palette import OTHER_COLOUR, ChartTheme, chip_styles, stripe_colour, with_alpha

TOP_CHIPS = 10
NO_SPLIT_NOTE = "History: no chip-level split in the data"
OTHER_PATTERN = Qt.BrushStyle.BDiagPattern
STRIPE_PATTERN = Qt.BrushStyle.FDiagPattern


class ChipMixView(AreaStackView):
    """The chips with the largest shares (every year counting equally), the rest grouped as
    "Other chips"."""

    name = "chip_mix"

    def __init__(self, theme: ChartTheme, names: Mapping[str, str],
                 colours: Mapping[str, QColor], credit: str, top: int = TOP_CHIPS) -> None:
        self.top = top
        self.has_chip_split = True
        self.striped: list[bool] = []
        self.stripe_items: list[pg.PlotCurveItem] = []
        super().__init__(theme, names, colours, credit)
        self.no_split_note = pg.TextItem(NO_SPLIT_NOTE, anchor=(0.5, 0.5))
        self.no_split_note.setZValue(600)
        self.no_split_note.hide()
        self.plot.addItem(self.no_split_note, ignoreBounds=True)
        self._style_note()

    def make_frame(self, projection: Projection, measure: Measure, year: int) -> StackFrame:
        return chip_frame(projection, measure, self.names, self.top)

    def title_for(self, projection: Projection, measure: Measure, year: int) -> str:
        n = len(self.frame.keys) - 1 if self.frame is not None else self.top
        return f"Top {n} chips' share of purchases · {projection.label(measure)}"

    def chip_styles(self, frame: StackFrame) -> list[tuple[QColor, bool]]:
        """(colour, striped) of each series, as drawn: a vendor's chips take its styles in the
        order of their shares (all years counting equally), so the solid ones are its main
        chips and the striped ones the minor."""
        score = frame.shares.sum(axis=0)
        by_vendor: dict[str, list[int]] = {}
        for j, vendor in enumerate(frame.vendor_keys):
            if vendor:
                by_vendor.setdefault(vendor, []).append(j)
        out: list[tuple[QColor, bool]] = [(QColor(OTHER_COLOUR), False)] * len(frame.keys)
        for vendor, cols in by_vendor.items():
            styles = chip_styles(self.vendor_colours.get(vendor, QColor(OTHER_COLOUR)), len(cols))
            ranked = sorted(cols, key=lambda j: (-float(score[j]), j))
            for j, style in zip(ranked, styles, strict=True):
                out[j] = style
        return out

    def colours_for(self, frame: StackFrame) -> list[QColor]:
        return [colour for colour, _ in self.chip_styles(frame)]

    # --- items ----------------------------------------------------------------------------
    def _create_items(self, n_series: int) -> None:
        super()._create_items(n_series)
        for item in self.stripe_items:
            self.plot.removeItem(item)
        # Stripes over a chip's whole band (history and projection), above its fills.
        self.stripe_items = [pg.PlotCurveItem(fillLevel="enclosed", pen=None)
                             for _ in range(n_series)]
        for item in self.stripe_items:
            item.setZValue(1)
            self.plot.addItem(item)
        self.striped = [False] * n_series

    def _update_items(self, frame: StackFrame, projection: Projection) -> None:
        styles = self.chip_styles(frame)
        self.striped = [striped for _, striped in styles]
        super()._update_items(frame, projection)
        stack = self.plotted(frame)
        upper = np.cumsum(stack, axis=1)
        lower = upper - stack
        x = frame.positions
        for j, item in enumerate(self.stripe_items):
            item.setVisible(self.striped[j])
            if self.striped[j]:
                item.setData(np.concatenate([x, x[::-1]]),
                             np.concatenate([upper[:, j], lower[::-1, j]]))
                self._style_stripes(j)
        self.has_chip_split = history_has_chip_split(frame)
        hist = frame.positions[frame.is_history]
        if not self.has_chip_split and len(hist):
            self.no_split_note.setPos((hist[0] + hist[-1]) / 2, 50.0)
        self.no_split_note.setVisible(not self.has_chip_split and len(hist) > 0)

    def series_brushes(self, j: int) -> tuple[QBrush, QBrush]:
        if self.frame is None or self.frame.keys[j] != OTHER_KEY:
            return super().series_brushes(j)
        colour = self.series_colours[j]
        return (QBrush(colour, OTHER_PATTERN),
                QBrush(self.theme.projection_fill(colour), OTHER_PATTERN))

    def _style_stripes(self, j: int) -> None:
        fill = self.series_colours[j] if j < len(self.series_colours) else QColor()
        self.stripe_items[j].setBrush(QBrush(stripe_colour(fill), STRIPE_PATTERN))

    def _style_note(self) -> None:
        self.no_split_note.setColor(self.theme.foreground)
        self.no_split_note.fill = pg.mkBrush(with_alpha(self.theme.background, 225))
        self.no_split_note.border = self.pen(self.theme.muted)

    def _restyle(self) -> None:
        super()._restyle()
        for j, striped in enumerate(self.striped):
            if striped:
                self._style_stripes(j)
        if hasattr(self, "no_split_note"):
            self._style_note()

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        entries = super().legend_entries(frame)
        striped = {name for name, (_, s) in zip(frame.series, self.chip_styles(frame),
                                                strict=True) if s}
        other = OTHER_LABEL if self.has_chip_split else f"{OTHER_LABEL} (all of the history)"
        out: list[LegendEntry] = []
        for name, colour, line, style in entries:
            if name == OTHER_LABEL:
                out.append((other, colour, line, "hatched"))
            else:
                out.append((name, colour, line, "striped" if name in striped else style))
        return out
