"""The "Checks" tab: the current projection's spend per vendor beside the public record.

The table is :func:`chipscope.model.market_check.market_check` for the session's projection,
in $B; every row's tooltip gives the figure's basis, how its period maps to the calendar year,
how its comparable part was derived, and its source. It follows the projection on every
recompute, cheaply: the rows, texts and comparable figures are prepared once (a
:class:`~chipscope.model.market_check.CheckPlan`), each update is one matrix product and three
columns, and a hidden tab only marks itself stale and catches up when shown.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import Dataset, Projection
from chipscope.model.market_check import CheckPlan, gap_pct, reading, reported_frame, short_period
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.table_model import FrameTableModel

INTRO = (
    "Modelled spend (chips \u00d7 price, nominal $) per vendor beside reported revenue, "
    "guidance and run rates. Comparable = the reported figure, annualised, \u00d7 the part of "
    "it that is accelerator chips (no networking, CPUs or other segments). "
    "Gap = (modelled \u2212 comparable) / comparable. Hover a row for its basis and sources."
)
EMPTY = "This dataset has no reported figures to check against (data/reported.csv)."


class CheckTableModel(FrameTableModel):
    """A :class:`FrameTableModel` whose tooltips explain each row (basis, period, sources)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.row_tips: list[str] = []

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self.row_tips):
            return self.row_tips[index.row()]
        return super().data(index, role)

    def _display(self, value: Any, col: int) -> str:
        # One way for every amount ("193.7", "4.3"), whole percentages for gaps ("+21").
        name = self._names[col]
        if isinstance(value, (float, np.floating)):
            if not math.isfinite(value):
                return ""
            if name.endswith("($B)"):
                return f"{value:,.1f}"
            if name == "Gap (%)":
                return f"{value:+.0f}"
            if name.endswith("(%)"):
                return f"{value:.0f}"
        return super()._display(value, col)


class ChecksView(QWidget):
    """The checks table for one dataset; :meth:`set_projection` updates it."""

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__(parent)
        self.dataset = dataset
        self.reported = reported_frame(dataset)
        self.plan: CheckPlan | None = None
        self.projection: Projection | None = None
        self.refresh_count = 0
        self._stale = False
        self._static = pd.DataFrame()
        self.intro = QLabel(INTRO if not self.reported.empty else EMPTY)
        self.intro.setWordWrap(True)
        self.model = CheckTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.model.modelReset.connect(self.view.resizeColumnsToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)

    # --- updates ------------------------------------------------------------------------------
    def set_projection(self, projection: Projection) -> None:
        """Show the checks for ``projection`` now if the tab is on screen, else when shown."""
        self.projection = projection
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def is_stale(self) -> bool:
        """True while the table has not caught up with the latest projection."""
        return self._stale

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the modelled column, the gaps and the readings."""
        self._stale = False
        proj = self.projection
        if proj is None or self.reported.empty:
            return
        if self.plan is None or not self.plan.fits(proj):
            self._prepare(proj)
        assert self.plan is not None
        modelled = self.plan.modelled_usd(proj)
        gap = gap_pct(modelled, self.plan.comparable_usd)
        frame = self._static.copy()
        frame["Modelled ($B)"] = modelled / 1e9
        frame["Gap (%)"] = gap
        frame["Reading"] = [reading(c, g) for c, g in
                            zip(self.plan.rows["comparison"], gap, strict=True)]
        self.model.set_frame(frame, row_colours=self._row_colours)
        self.refresh_count += 1

    def _prepare(self, proj: Projection) -> None:
        """The rows and texts that do not move with the sliders (new years or vendors)."""
        plan = CheckPlan.prepare(self.reported, proj.vendor_ids, proj.years)
        rows = plan.rows
        base = proj.base_year
        nan = np.full(len(rows), np.nan)
        self._static = pd.DataFrame({
            "Year": [f"{y}" if y <= base else f"{y} (projected)" for y in rows["year"]],
            "Vendor group": rows["vendor_group"],
            "Figure": [f"{m}, {short_period(p)}" for m, p in
                       zip(rows["metric"], rows["period"], strict=True)],
            "Modelled ($B)": nan,
            "Reported ($B)": rows["reported_usd"] / 1e9,
            "Annual ($B)": rows["annual_usd"] / 1e9,
            "Chips part (%)": rows["comparable_fraction"] * 100.0,
            "Comparable ($B)": rows["comparable_usd"] / 1e9,
            "Gap (%)": nan,
            "Reading": [""] * len(rows),
            "Confidence": rows["confidence"],
            "Source": rows["source_id"],
        })
        colours = vendor_colours(self.dataset)
        self._row_colours = [colours.get(str(ids).split("+")[0].strip())
                             for ids in rows["vendor_ids"]]
        self.model.row_tips = [self._tip(r) for r in rows.itertuples(index=False)]
        self.plan = plan

    def _tip(self, r: Any) -> str:
        from chipscope.ui.panels.details import source_text

        months = int(r.period_months)
        annual = ("" if months == 12 else
                  f" \u00d7 12 / {months} months = ${r.annual_usd / 1e9:,.1f}B a year")
        if math.isfinite(r.comparable_fraction):
            part = (f"Comparable part: {r.comparable_fraction:.3g} \u2192 "
                    f"${r.comparable_usd / 1e9:,.1f}B. {r.fraction_derivation}")
        else:
            part = f"Not compared ({r.comparison}). {r.fraction_derivation}"
        lines = [
            f"{r.vendor_group}: {r.metric}, {r.period} ({r.kind})",
            f"Reported: ${r.reported_usd / 1e9:,.2f}B{annual}",
            f"Compared with: {r.vendor_ids.replace('+', ' + ')} in {r.year}",
            f"Basis: {r.basis}",
            f"Period: {r.period_note}",
            part,
            f"Source: {source_text(self.dataset, str(r.source_id))}",
            f"Confidence: {r.confidence}",
        ]
        return "<p>" + "</p><p>".join(html.escape(line) for line in lines) + "</p>"

    def table(self) -> pd.DataFrame:
        """The frame shown (for tests)."""
        return self.model.frame()

