"""The Uncertainty dock's content: which vendor, a status line (draws, seed, fresh or stale),
the :class:`~chipscope.ui.uncertainty.fan_chart.FanChart`, and a table of the same percentiles.

The chart and the table are filled from ONE :class:`~chipscope.model.ensemble.EnsembleResult`
(:meth:`FanPanel.set_result`) through the same function
(:meth:`~chipscope.ui.uncertainty.fan_chart.FanChart.band_arrays`): their numbers agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.ensemble import EnsembleResult
from chipscope.model.formatting import format_si
from chipscope.model.projection import Projection
from chipscope.ui.plain import MessageLabel, names_combo
from chipscope.ui.uncertainty.fan_chart import MEASURE_TITLES, FanChart

ALL = ""
"""The vendor chooser's "All vendors" entry."""


def central_values(projection: Projection, measure: str) -> np.ndarray:
    """(Y, V) the normal projection's values of ``measure`` (shares 0..1 of H100e)."""
    if measure == "share":
        return projection.vendor_shares("h100e")
    return projection.by_vendor(measure)  # type: ignore[arg-type]


class FanPanel(QWidget):
    """Vendor chooser, status line, fan chart and percentile table.

    Signals
    -------
    focus_chosen(str) : the user picked a vendor id ("" for all vendors).
    """

    focus_chosen = Signal(str)

    def __init__(self, names: dict[str, str], colours: dict[str, QColor],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.chart = FanChart(names, colours)
        # No least width: its legend keeps only the rows that leave the plot its room, and a
        # least width larger than the dock cut the chart and its note at both sides (pass 36
        # F6, 1,024 x 600 screen).
        self.result: EnsembleResult | None = None
        self.stale = False
        self.table_frame = pd.DataFrame()
        self.vendor_combo = names_combo()
        self.vendor_combo.setToolTip("One vendor's line and bands, or every vendor's")
        self.vendor_combo.addItem("All vendors", ALL)
        for vid, name in names.items():
            self.vendor_combo.addItem(name, vid)
        self.vendor_combo.activated.connect(
            lambda i: self.focus_chosen.emit(self.vendor_combo.itemData(i)))
        self.status = MessageLabel()  # an error names a path: shown as it is
        self.status.setWordWrap(True)
        self.status.setToolTip("Bands: the 5th to 95th and the 25th to 75th percentile of the "
                               "draws; the line is the projection at the values set. See "
                               "Help > User guide, 'How sure is it?'")
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        row = QHBoxLayout()
        label = QLabel("&Vendor:")
        label.setBuddy(self.vendor_combo)
        row.addWidget(label)
        row.addWidget(self.vendor_combo)
        row.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setSizes([320, 160])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)  # its own line: the dock may be narrow
        layout.addWidget(split, 1)
        self._central: np.ndarray | None = None
        self._years: np.ndarray | None = None

    # --- API --------------------------------------------------------------------------------
    def set_focus(self, vendor_id: str | None) -> None:
        """One vendor (id) or all (None or "")."""
        vid = vendor_id or None
        self.vendor_combo.setCurrentIndex(max(0, self.vendor_combo.findData(vid or ALL)))
        self.chart.set_focus(vid)
        self._fill_table()

    def focus(self) -> str | None:
        return self.chart.focus

    def set_measure(self, measure: str, projection: Projection) -> None:
        """Show ``measure`` ("share" or an amount) with ``projection`` as the central line."""
        if measure != self.chart.measure or self.chart.plot_item.titleLabel.text == "":
            self.chart.set_measure(measure)
            self.chart.set_bands(self.result, self.stale)
        self.set_projection(projection)
        self._fill_table()

    def set_projection(self, projection: Projection) -> None:
        """The central line follows ``projection`` (every slider tick: cheap)."""
        self._years = projection.years
        self._central = central_values(projection, self.chart.measure)
        self.chart.set_central(projection.years, self._central, projection.base_year)

    def set_result(self, result: EnsembleResult | None, stale: bool, note: str) -> None:
        """New bands (or the same, now stale or fresh) and the status line."""
        changed = result is not self.result
        self.result, self.stale = result, stale
        self.chart.set_bands(result, stale)
        self.status.setText(note)
        if changed:
            self._fill_table()

    def set_stale(self, stale: bool, note: str) -> None:
        if stale != self.stale:
            self.set_result(self.result, stale, note)
        else:
            self.status.setText(note)

    # --- the table --------------------------------------------------------------------------
    def _fill_table(self) -> None:
        self.table_frame = self.percentile_frame()
        frame = self.table_frame
        self.table.setRowCount(len(frame))
        self.table.setColumnCount(len(frame.columns))
        self.table.setHorizontalHeaderLabels(list(frame.columns))
        unit = MEASURE_TITLES[self.chart.measure][1]
        for i, row in enumerate(frame.itertuples(index=False)):
            for j, value in enumerate(row):
                text = (str(value) if j < 2 else
                        f"{value:.1f}" if unit == "%" else format_si(float(value), ""))
                item = QTableWidgetItem(text.strip())
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()

    def percentile_frame(self) -> pd.DataFrame:
        """Year, vendor and p5..p95 of the shown measure (in the drawn unit) for the projected
        years of the shown vendor(s): the numbers the chart's bands are drawn from."""
        result = self.result
        if result is None:
            return pd.DataFrame()
        unit = MEASURE_TITLES[self.chart.measure][1]
        rows = []
        for j, vid in enumerate(result.vendor_ids):
            if self.chart.focus is not None and vid != self.chart.focus:
                continue
            years, bands = self.chart.band_arrays(result, j)
            for k, year in enumerate(years):
                if year <= result.base_year:
                    continue
                rows.append([int(year), self.names.get(vid, vid),
                             *(float(bands[i, k]) for i in range(len(result.quantiles)))])
        columns = ["Year", "Vendor", *(f"p{q} ({unit})" for q in result.quantiles)]
        return pd.DataFrame(rows, columns=columns)
