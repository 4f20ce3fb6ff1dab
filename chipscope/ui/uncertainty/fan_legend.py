"""The fan chart's legend: the main charts' :class:`~chipscope.ui.charts.items.ChartLegend`
under the plot, fitted as theirs is (:func:`~chipscope.ui.charts.fit.shortened`): as many
columns as the chart's width holds (three at most), the largest vendors' rows that leave the
plot :data:`~chipscope.ui.charts.fit.MIN_PLOT` in height with "+N more series (see the
table)" last, or none, which the chart's tooltip then says. In a 400 x 400 dock the whole
legend was dropped without a word, though the plot had room for two rows of it (pass 36 F2).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from chipscope.ui.charts.fit import (
    MIN_PLOT,
    legend_sizes,
    legend_width,
    most_columns,
    shortened,
)
from chipscope.ui.charts.items import ChartLegend

__all__ = ["LEGEND_LEFT_OUT", "FanLegend"]

LEGEND_LEFT_OUT = ("The chart is too low for its legend: the table below names the vendors "
                   "(make this panel taller to see the legend).")
"""The chart's tooltip while its legend is left out (as the main charts', pass 35 F3)."""
MAX_COLUMNS = 3
POINTS = 8.0
"""The names' size: the legend sits in a narrow dock."""
SIZES = (POINTS, 7.0)
"""The names' sizes, tried in turn until the entries shown fit the chart's width."""
TEXT = QColor(30, 30, 30)


class FanLegend(ChartLegend):
    """The vendors' colours and short names; :meth:`fit` chooses its columns and rows."""

    def __init__(self) -> None:
        super().__init__()
        self.set_points(POINTS)
        self.order: tuple[int, ...] = ()

    def set_vendors(self, names: list[str], colours: list[QColor]) -> None:
        """One entry a vendor, its line's colour beside its name (first ones first until
        :meth:`set_weights` ranks them)."""
        self.order = ()
        self.set_entries([(name, c, c, "solid") for name, c in zip(names, colours, strict=True)],
                         TEXT)

    def set_weights(self, values: np.ndarray) -> None:
        """Rank the vendors by ``values`` (their last projected year's): a shortened legend
        keeps the largest. Redrawn only when the order changes (this follows a slider)."""
        weights = [float(v) if np.isfinite(v) else 0.0 for v in values]
        order = tuple(sorted(range(len(weights)), key=lambda i: (-weights[i], i)))
        if order != self.order and len(weights) == len(self.entries):
            self.order = order
            self.set_entries(self.entries, TEXT, weights)

    def fit(self, width: float, room: float, spacing: float) -> int | None:
        """Columns and text size for a chart ``width`` wide, and the limit (None: every
        entry; 0: none) for a plot and legend sharing ``room`` in height, ``spacing`` apart.
        The names smaller where the entries shown do not fit the width at :data:`POINTS` (a
        one-column "+10 more series (see the table)" was wider than a 230 px chart); none
        where they do not fit it at any size."""
        across = width - 16
        columns, points = 1, SIZES[-1]
        limit: int | None = 0
        for size in SIZES:
            columns, limit, wide = self._fit_at(size, across, room - spacing)
            if wide <= across:
                points = size
                break
        else:
            limit = 0
        self.set_points(points)
        if columns != self.columnCount:
            self.setColumnCount(columns)
        self.set_limit(limit)
        return limit

    def _fit_at(self, points: float, across: float, room: float) -> tuple[int, int | None,
                                                                         float]:
        """Columns, limit and the shown entries' width with the names at ``points``."""
        sizes = legend_sizes(self, points)
        widths = [w for w, _ in sizes]
        columns = most_columns(widths, across, MAX_COLUMNS)
        gap = self.layout.verticalSpacing()
        row = max((h for _, h in sizes), default=0.0) + gap
        top, bottom = self.layout.getContentsMargins()[1::2]
        columns, limit = shortened(self, columns, room - (top + bottom - gap), row, MIN_PLOT,
                                   across, points, MAX_COLUMNS)
        if limit == 0:
            return columns, limit, 0.0
        shown = legend_sizes(self, points, self.shown_names(limit))
        return columns, limit, legend_width([w for w, _ in shown], columns)
