"""The Sensitivity dock: a tornado chart of how far each input's range swings one output.

Pick an output (vendor, share / spend / H100e / units, year; AWS's 2030 share by default); the
tornado runs on the window's worker with a progress bar (one projection per end of each
range). Each bar spans the output from the input's low end (blue) to its high end (orange)
around the current value; the widest is on top. Clicking a bar asks for that assumption's
control (:attr:`TornadoPanel.assumption_requested`). Export CSV writes the whole table through
:mod:`chipscope.storage.files`.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.dataset import Dataset
from chipscope.model.formatting import format_si
from chipscope.model.metrics import KINDS, Metric, parse_metric
from chipscope.model.tornado import Tornado, TornadoRow
from chipscope.storage import StorageError
from chipscope.storage.files import write_csv
from chipscope.ui.plain import MessageLabel, names_combo

TOP_ROWS = 14
"""Bars drawn (the CSV has every input)."""
LOW_COLOUR, HIGH_COLOUR = "#0072B2", "#E69F00"  # Okabe-Ito blue / orange: colour-blind safe
KIND_LABELS = {"share": "Share (% of H100e)", "spend": "Spend (USD)", "h100e": "H100e",
               "units": "Units (chips)"}


LABEL_WIDTH = 250  # logical pixels for the inputs' names


def _short(label: str, n: int = 36) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def value_text(value: float, unit: str) -> str:
    """A number with its unit, short."""
    if not math.isfinite(value):
        return "n/a"
    if unit == "%":
        return f"{value:.1f} %"
    return format_si(value, unit) if abs(value) >= 1000 else f"{value:.3g} {unit}".strip()


class TornadoPanel(QWidget):
    """Output picker, run / progress, the bars and Export CSV.

    Signals
    -------
    run_requested(object) : the user asked for the tornado of a :class:`Metric`.
    assumption_requested(str) : a bar was clicked: show that assumption's control.
    """

    run_requested = Signal(object)
    assumption_requested = Signal(str)

    def __init__(self, dataset: Dataset, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.tornado: Tornado | None = None
        self.vendor_combo = names_combo()
        self.vendor_combo.setToolTip("The vendor whose output the tornado explains")
        self.kind_combo = QComboBox()
        self.kind_combo.setToolTip("Which output: share of H100e purchases, spend, H100e, units")
        for kind in KINDS:
            self.kind_combo.addItem(KIND_LABELS.get(kind, kind), kind)
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("The year of the output")
        self.run_button = QPushButton("&Run")
        self.run_button.setToolTip("Swing each input across its range, one at a time")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save every input's swing as a CSV table")
        self.export_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = MessageLabel()  # an error names a path: shown as it is
        self.status.setWordWrap(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot_item = self.plot.getPlotItem()
        self.plot_item.showGrid(x=True, y=False, alpha=0.2)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        for side in ("left", "bottom"):
            self.plot_item.getAxis(side).setTextPen((40, 40, 40))
        self.low_bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=LOW_COLOUR)
        self.high_bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=HIGH_COLOUR)
        self.plot_item.addItem(self.low_bars)
        self.plot_item.addItem(self.high_bars)
        self.centre = pg.InfiniteLine(angle=90, pen=pg.mkPen((60, 60, 60), width=1))
        self.plot_item.addItem(self.centre)
        self.labels: list[pg.TextItem] = []
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        row = QHBoxLayout()
        for text, combo in (("&Vendor:", self.vendor_combo), ("&Output:", self.kind_combo),
                            ("&Year:", self.year_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
        row.addWidget(self.run_button)
        row.addWidget(self.progress)
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        self.run_button.clicked.connect(lambda: self.request())
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.set_dataset(dataset, [])

    # --- choices ----------------------------------------------------------------------------
    def set_dataset(self, dataset: Dataset, years: list[int]) -> None:
        """Vendors of ``dataset``; AWS (else the first vendor) chosen."""
        self.dataset = dataset
        self.vendor_combo.clear()
        names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
        for vid in dataset.vendor_ids:
            self.vendor_combo.addItem(str(names.get(vid, vid)), vid)
        self.vendor_combo.setCurrentIndex(max(0, self.vendor_combo.findData("aws")))
        self.set_years(years)

    def set_years(self, years: list[int]) -> None:
        """The projected years to pick from; 2030 (else the last) chosen."""
        current = self.year_combo.currentData()
        if [self.year_combo.itemData(i) for i in range(self.year_combo.count())] == years:
            return
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(str(y), y)
        pick = current if current in years else 2030 if 2030 in years else None
        index = self.year_combo.findData(pick) if pick is not None else len(years) - 1
        self.year_combo.setCurrentIndex(max(0, index))

    def chosen_metric(self) -> Metric:
        """The chosen output (ValueError if it does not parse: shown in the status line)."""
        text = (f"{self.kind_combo.currentData()}:{self.vendor_combo.currentData()}:"
                f"{self.year_combo.currentData()}")
        return parse_metric(text, self.dataset)

    def request(self) -> None:
        try:
            metric = self.chosen_metric()
        except ValueError as exc:
            self.status.setText(str(exc))
            return
        self.run_requested.emit(metric)

    # --- progress and result ----------------------------------------------------------------
    def set_running(self, fraction: float | None) -> None:
        """Show the progress (None: not running)."""
        self.progress.setVisible(fraction is not None)
        if fraction is not None:
            self.progress.setValue(int(round(fraction * 100)))

    def set_tornado(self, result: Tornado, note: str = "") -> None:
        """Draw ``result``: the top :data:`TOP_ROWS` inputs, widest swing on top."""
        self.tornado = result
        self.set_running(None)
        self.export_button.setEnabled(True)
        rows = self.rows()
        n = len(rows)
        base = result.baseline
        lows = np.array([r.metric_low for r in rows])
        highs = np.array([r.metric_high for r in rows])
        y = np.arange(n - 1, -1, -1, dtype=float)
        self.low_bars.setOpts(x0=np.minimum(lows, base), width=np.abs(lows - base), y=y)
        self.high_bars.setOpts(x0=np.minimum(highs, base), width=np.abs(highs - base), y=y)
        self.centre.setPos(base)
        for item in self.labels:
            self.plot_item.removeItem(item)
        self.labels = []
        for yi, r in zip(y, rows, strict=True):
            # Each input value at the end of the bar it gives (low: blue, high: orange).
            ends = sorted(((r.metric_low, r.value_low), (r.metric_high, r.value_high)))
            for (x, value), anchor in zip(ends, ((1.0, 0.5), (0.0, 0.5)), strict=True):
                label = pg.TextItem(value_text(value, r.unit), color=(40, 40, 40),
                                    anchor=anchor)
                label.setPos(min(x, base) if anchor[0] == 1.0 else max(x, base), yi)
                self.plot_item.addItem(label)
                self.labels.append(label)
        self.plot_item.getAxis("left").setTicks(
            [[(yi, _short(r.label)) for yi, r in zip(y, rows, strict=True)]])
        self.plot_item.getAxis("left").setWidth(LABEL_WIDTH)
        self.plot_item.setLabel("bottom", result.metric.label)
        self.plot_item.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        lo = float(min(lows.min(initial=base), base))
        hi = float(max(highs.max(initial=base), lows.max(initial=base), base))
        lo = min(lo, float(highs.min(initial=base)))
        pad = (hi - lo) * 0.22 or 1.0
        self.plot_item.setXRange(lo - pad, hi + pad, padding=0)
        self.status.setText(
            f"{result.metric.label}: {value_text(base, result.metric.unit)} at the values "
            f"set. Blue: the input at its low end (5th percentile), orange: its high end (95th). "
            f"Click a bar to go to that assumption. {note}".strip())

    def rows(self) -> list[TornadoRow]:
        """The rows drawn, widest swing first."""
        if self.tornado is None:
            return []
        return [r for r in self.tornado.rows if math.isfinite(r.swing)][:TOP_ROWS]

    def bar_keys(self) -> list[str]:
        return [r.key for r in self.rows()]

    def _on_click(self, event: object) -> None:
        rows = self.rows()
        pos = event.scenePos()  # type: ignore[attr-defined]
        vb = self.plot_item.getViewBox()
        if not rows or not vb.sceneBoundingRect().contains(pos):
            return
        y = vb.mapSceneToView(pos).y()
        i = len(rows) - 1 - int(round(y))
        if 0 <= i < len(rows) and abs(y - round(y)) <= 0.45:
            self.assumption_requested.emit(rows[i].key)

    def click_row(self, i: int) -> None:
        """What a click on bar ``i`` (0: the widest) does."""
        self.assumption_requested.emit(self.rows()[i].key)

    # --- export -----------------------------------------------------------------------------
    def export_csv(self, path: Path | None = None) -> bool:
        """Write the tornado as CSV (asks where when ``path`` is None)."""
        if self.tornado is None:
            return False
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export tornado", "tornado.csv",
                                                  "CSV files (*.csv)")
            if not name:
                return False
            path = Path(name)
        try:
            write_csv(self.tornado.to_frame(), path, "tornado CSV")
        except StorageError as exc:
            self.status.setText(f"Not saved: {exc}")
            return False
        self.status.setText(f"Saved {path.name}.")
        return True
