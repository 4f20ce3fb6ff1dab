"""Stacked charts: a :class:`StackChart` draws one projection as a
:class:`~chipscope.model.chart_data.StackFrame` (categories by series, values and shares).

Subclasses say how a projection becomes a frame (:meth:`StackChart.make_frame`), create their
plot items once (:meth:`StackChart._create_items`) and update them in place
(:meth:`StackChart._update_items`). The chrome (title, legend, credit, theme, read-out, pens)
is :class:`~chipscope.ui.charts.chrome.ChartBase`'s.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

import numpy as np
import pandas as pd
from PySide6.QtGui import QColor

from chipscope.model.chart_data import ProjectionInput, StackFrame, frame_columns
from chipscope.model.formatting import format_share, format_si
from chipscope.model.projection import Measure, Projection
from chipscope.model.table_meta import Column, Table
from chipscope.ui.charts.chrome import DEFAULT_CREDIT, ChartBase
from chipscope.ui.charts.items import LegendEntry
from chipscope.ui.palette import ChartTheme


class ChartOverlay(Protocol):
    """Something drawn over a stacked chart from other data (the reference's ghost lines):
    updated after the chart's own items, with legend entries after the chart's."""

    def update(self, projection: Projection, measure: Measure) -> None: ...

    def legend_entries(self) -> list[LegendEntry]: ...

    def restyle(self) -> None: ...

    def top(self) -> float: ...

    def readout(self, frame: StackFrame, i: int, j: int) -> str: ...


class StackChart(ChartBase):
    """A chart of a stack of series over categories, drawn from a projection.

    Subclasses set ``vertical`` (categories along x, stacked upwards) or not (rows stacked
    to the right), ``plots_shares`` (percentages) or not (values in the measure's unit).
    """

    draws = ProjectionInput
    vertical = True
    plots_shares = True
    category = "year"
    reference_style: ClassVar[str] = ""  # ghost lines of a reference: "line", "steps" or none

    def __init__(self, theme: ChartTheme, credit: str = DEFAULT_CREDIT) -> None:
        self.overlays: list[ChartOverlay] = []
        self.frame: StackFrame | None = None
        self.projection: Projection | None = None
        self.year: int | None = None
        super().__init__(theme, credit)

    # --- to implement -------------------------------------------------------------------
    def make_frame(self, projection: Projection, measure: Measure, year: int) -> StackFrame:
        raise NotImplementedError

    def title_for(self, projection: Projection, measure: Measure, year: int) -> str:
        raise NotImplementedError

    def _create_items(self, n_series: int) -> None:
        raise NotImplementedError

    def _update_items(self, frame: StackFrame, projection: Projection) -> None:
        raise NotImplementedError

    def legend_entries(self, frame: StackFrame) -> list[LegendEntry]:
        raise NotImplementedError

    def colours_for(self, frame: StackFrame) -> list[QColor]:
        """The colour of each of ``frame``'s series, as drawn."""
        raise NotImplementedError

    # --- drawing ------------------------------------------------------------------------
    def draw(self, data: ProjectionInput) -> None:
        """Draw ``data.projection`` in ``data.measure`` (``data.year``: for one-year charts),
        updating the items in place."""
        projection, measure, year = data.projection, data.measure, data.year
        frame = self.make_frame(projection, measure, year)
        if self.frame is None or len(frame.keys) != len(self.frame.keys):
            self._create_items(len(frame.keys))
        self.frame, self.projection, self.year = frame, projection, year
        self._update_items(frame, projection)
        for overlay in self.overlays:
            overlay.update(projection, measure)
        self._set_legend(frame, fit=False)
        self.set_title(self.title_for(projection, measure, year))
        self._on_shown(projection, measure)
        self.fit_legend()  # once the title and the axes' labels (the adopters' names) are set

    def show(self, projection: Projection, measure: Measure, year: int) -> None:
        """Shorthand for ``draw(ProjectionInput(projection, measure, year))``."""
        self.draw(ProjectionInput(projection, measure, year))

    def _on_shown(self, projection: Projection, measure: Measure) -> None:
        """Hook: axis labels, markers."""

    def _on_theme(self) -> None:
        for overlay in self.overlays:
            overlay.restyle()
        if self.frame is not None:  # style samples (projection fill, whisker) follow the theme
            self._set_legend(self.frame)

    def _set_legend(self, frame: StackFrame, fit: bool = True) -> None:
        extra = [e for overlay in self.overlays for e in overlay.legend_entries()]
        entries = self.legend_entries(frame) + extra
        # A legend too long for a low chart keeps the keys (the styles' samples and overlays,
        # which the table does not list) and the largest series; the table names them all.
        size = dict(zip(frame.series, np.nansum(np.abs(frame.values), axis=0), strict=True))
        weights = [float(size.get(entry[0], -1.0)) for entry in entries]
        keys = [entry[0] not in size for entry in entries]
        self.legend.set_entries(entries, self.theme.foreground, weights, keys)
        if fit:
            self.fit_legend()

    def drawn_positions(self, frame: StackFrame) -> np.ndarray:
        """Where each of ``frame``'s categories is drawn (the adopters' chart moves those it
        leaves out of a low chart out of view)."""
        return frame.positions

    def overlay_top(self) -> float:
        """The highest value the overlays draw (0 without any), for the value axis's range."""
        return max((overlay.top() for overlay in self.overlays), default=0.0)

    def plotted(self, frame: StackFrame) -> np.ndarray:
        """(N, S) what is stacked: shares in % or values in the unit."""
        return frame.shares * 100.0 if self.plots_shares else frame.values

    def series_data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per series name: (category positions, plotted value of each category)."""
        if self.frame is None:
            return {}
        data = self.plotted(self.frame)
        return {name: (self.frame.positions.copy(), data[:, j].copy())
                for j, name in enumerate(self.frame.series)}

    def table(self) -> Table:
        """The numbers behind the chart (see :func:`~chipscope.model.chart_data.frame_table`)."""
        return Table.build(self.table_columns())

    def table_columns(self) -> list[tuple[Column, np.ndarray]]:
        """:meth:`table`'s (column, values) pairs, without a DataFrame; the chart's own
        numbers (shares or amounts, see ``plots_shares``) first."""
        if self.frame is None:
            return []
        year = self.year if self.category != "year" else None
        return frame_columns(self.frame, self.category, year,
                             "share" if self.plots_shares else "value")

    def current_table(self) -> pd.DataFrame:
        """:meth:`table`'s numbers alone."""
        return self.table().frame

    # --- hover read-out -----------------------------------------------------------------
    def readout_text(self, x: float, y: float) -> str:
        """What the read-out says for the view point (x, y); "" outside the data."""
        frame = self.frame
        if frame is None or len(frame.positions) == 0:
            return ""
        along, across = (x, y) if self.vertical else (y, x)
        positions = self.drawn_positions(frame)
        i = int(np.argmin(np.abs(positions - along)))
        if abs(positions[i] - along) > 0.5:
            return ""
        stack = self.plotted(frame)[i]
        upper = np.cumsum(stack)
        hit = np.nonzero((across >= upper - stack) & (across <= upper) & (stack > 0))[0]
        period = "history" if frame.is_history[i] else "projection"
        head = (f"{frame.labels[i]} ({period})" if self.category == "year"
                else f"{frame.labels[i]}, {self.year} ({period})")
        total = f"Total: {format_si(frame.totals[i], frame.unit)}"
        if len(hit) == 0:
            return f"{head}\n{total}"
        j = int(hit[-1])
        value = format_si(frame.values[i, j], frame.unit)
        line = f"{frame.series[j]}: {value} ({format_share(frame.shares[i, j])})"
        extra = self.readout_extra(i, j)
        notes = [note for o in self.overlays if (note := o.readout(frame, i, j))]
        return "\n".join((head, line, *([extra] if extra else []), *notes, total))

    def readout_extra(self, i: int, j: int) -> str:
        """Hook: one more read-out line for category ``i``, series ``j`` ("" for none)."""
        return ""
