"""The "Checks" tab: the current projection's spend per vendor beside the public record.

The table is :func:`chipscope.model.market_check.market_check` for the session's projection,
in $B; every row's tooltip gives the figure's basis, how its period maps to the calendar year,
how its comparable part was derived, and its source. It follows the projection on every
recompute, cheaply: the rows, texts and comparable figures are prepared once (a
:class:`~chipscope.model.market_check.CheckPlan`, in :class:`CheckRows`), each update is one
matrix product and three columns, and a hidden tab only marks itself stale and catches up when
shown. The update (:func:`chipscope.model.check_table.compute_checks`, pure) runs on the
window's background :class:`~chipscope.ui.worker.Worker`; a pending one greys the table and
says "Updating…".
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import Dataset, Projection
from chipscope.model.check_table import CHECK_FORMATS, CheckResult, CheckRows, compute_checks
from chipscope.model.market_check import CheckPlan, reported_frame
from chipscope.model.table_meta import Column
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.worker import Worker

INTRO = (
    "Modelled spend (chips \u00d7 price, nominal $) per vendor beside reported revenue, "
    "guidance and run rates. Comparable = the reported figure, annualised, \u00d7 the part of "
    "it that is accelerator chips (no networking, CPUs or other segments). "
    "Gap = (modelled \u2212 comparable) / comparable. Hover a row for its basis and sources."
)
EMPTY = "This dataset has no reported figures to check against (data/reported.csv)."
STALE_DELAY_MS = 100
"""A pending update shows "Updating\u2026" only when it takes longer than this: the usual
one lands within a frame, and greying the table for it would only flicker."""


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

    def _cell_texts(self, column: Column, values: np.ndarray, largest: float) -> list[str]:
        # One way for every amount ("193.7", "4.3"), whole percentages for gaps ("+21"):
        # the format travels with the column (CHECK_FORMATS), not in its header text.
        fmt = CHECK_FORMATS.get(column.label)
        if fmt is not None and values.dtype.kind == "f":
            return [fmt.format(v) if math.isfinite(v) else "" for v in values.tolist()]
        return super()._cell_texts(column, values, largest)


# --- the view ------------------------------------------------------------------------------------
class ChecksView(QWidget):
    """The checks table for one dataset; :meth:`set_projection` updates it.

    With a :class:`~chipscope.ui.worker.Worker` the table is computed in the background
    (:func:`compute_checks`); while a result is pending the table is greyed and says
    "Updating…" (after :data:`STALE_DELAY_MS`, so quick updates do not flash). Without one
    (a panel on its own) it is computed at once.
    """

    def __init__(self, dataset: Dataset, parent: QWidget | None = None,
                 worker: Worker | None = None):
        super().__init__(parent)
        self.dataset = dataset
        self.reported = reported_frame(dataset)
        self.worker = worker
        self.job_key = f"checks-{id(self):x}"
        self.compute = compute_checks  # what runs in the background (tests slow it down)
        self.rows: CheckRows | None = None
        self.projection: Projection | None = None
        self.refresh_count = 0
        self.last_compute_ms = 0.0
        self.error = ""
        self._stale = False  # behind the latest projection (hidden, or a result pending)
        self._row_colours: list[QColor | None] | None = None
        self.intro = QLabel(INTRO if not self.reported.empty else EMPTY)
        self.intro.setWordWrap(True)
        # "Updating…" or what went wrong; its line is always there, so the table does not jump.
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setFixedHeight(self.fontMetrics().height() + 4)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STALE_DELAY_MS)
        self._status_timer.timeout.connect(self._show_updating)
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
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        if worker is not None:
            worker.finished.connect(self._on_finished)
            worker.failed.connect(self._on_failed)

    @property
    def plan(self) -> CheckPlan | None:
        """The plan of the rows shown (none before the first update)."""
        return None if self.rows is None else self.rows.plan

    # --- updates ------------------------------------------------------------------------------
    def set_projection(self, projection: Projection) -> None:
        """Show the checks for ``projection`` now if the tab is on screen, else when shown."""
        self.projection = projection
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def is_stale(self) -> bool:
        """True while the table has not caught up with the latest projection (hidden, or its
        background update pending)."""
        return self._stale

    def is_updating(self) -> bool:
        """True while the table shows its "Updating…" state."""
        return not self.view.isEnabled()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the modelled column, the gaps and the readings (in the background if the
        view has a worker: the result replaces the table when it arrives)."""
        proj = self.projection
        if proj is None or self.reported.empty:
            self._stale = False
            return
        if self.worker is None or self.worker.is_shut_down():
            self._show(self.compute(self.dataset, self.reported, self.rows, proj))
            return
        self._stale = True
        self.worker.submit(self.job_key, self.compute, self.dataset, self.reported, self.rows,
                           proj)
        if not self._status_timer.isActive() and not self.is_updating():
            self._status_timer.start()

    def _on_finished(self, key: str, result: object) -> None:
        if key == self.job_key and isinstance(result, CheckResult):
            self._show(result)

    def _on_failed(self, key: str, message: str) -> None:
        if key != self.job_key:
            return
        self._status_timer.stop()
        self.error = message
        self.status.setText("\u26a0 Could not update the checks: "
                            + html.escape(message.splitlines()[0], quote=False))
        self.status.setToolTip(f"<pre>{html.escape(message)}</pre>")
        self.view.setEnabled(False)  # the numbers shown are not the current projection's

    def _show_updating(self) -> None:
        if not self._stale:
            return
        self.status.setText("<i>Updating\u2026</i> (the table below is for the previous "
                            "assumptions)")
        self.status.setToolTip("")
        self.view.setEnabled(False)

    def _show(self, result: CheckResult) -> None:
        # Still behind if the projection moved on while the tab was hidden (it catches up when
        # shown; while shown, every new projection was submitted and supersedes this one).
        self._stale = result.projection is not self.projection
        self._status_timer.stop()
        self.error = ""
        self.status.clear()
        self.status.setToolTip("")
        self.view.setEnabled(True)
        if result.rows is not self.rows:
            colours = vendor_colours(self.dataset)
            self._row_colours = [colours.get(str(ids).split("+")[0].strip())
                                 for ids in result.rows.plan.rows["vendor_ids"]]
            self.model.row_tips = list(result.rows.tips)
            self.rows = result.rows
        self.model.set_frame(result.frame, row_colours=self._row_colours)
        self.last_compute_ms = result.compute_ms
        self.refresh_count += 1

    def table(self) -> pd.DataFrame:
        """The frame shown (for tests)."""
        return self.model.frame()
