"""Compare scenarios: tick two or more, see their vendor shares overlaid and a difference table.

The working scenario (with unsaved changes, live) and every preset and saved scenario can be
ticked. Each ticked scenario is projected once (cached by its values; the working one is the
session's own projection), :func:`chipscope.model.compare.compare_vendor_shares` lines the
shares up, :class:`~chipscope.ui.charts.compare.CompareChart` draws them and the table below
shows each vendor's share in each scenario and the difference from the first ticked one.
Export like any chart: PNG / SVG of the chart and CSV of the table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chipscope.model import MEASURE_LABELS, MEASURES, Assumptions, Projection
from chipscope.model.basis import project_on_basis
from chipscope.model.chart_data import CompareInput
from chipscope.model.compare import compare_table, compare_vendor_shares
from chipscope.model.projection import Measure
from chipscope.model.scenario_store import reason
from chipscope.model.table_meta import Table
from chipscope.storage import StorageError
from chipscope.storage.stop_request import stop_asked
from chipscope.ui.charts.compare import CompareChart
from chipscope.ui.charts.registry import build_chart
from chipscope.ui.charts.render import render_image
from chipscope.ui.database_gone import COMPARE_LATER, in_window
from chipscope.ui.palette import chart_theme, vendor_colours
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.plain import MessageLabel, literal
from chipscope.ui.scenarios import compare_export
from chipscope.ui.scenarios.working import WorkingScenario

WORKING = "\u0000working"
"""Selection key of the working scenario (no saved scenario can have this name)."""
KEY_ROLE = Qt.ItemDataRole.UserRole
HINT = ("Tick two or more scenarios. The first ticked is the reference of the differences; "
        "the table starts at the base year (history is the same in every scenario).")
NAMED = 3
"""How many scenarios that cannot be compared the hint names (then "and N more")."""


class CompareView(QWidget):
    """The compare window's content; see the module docstring.

    Signals
    -------
    comparison_changed()
        The chart and table were redrawn (selection, measure or values changed).
    """

    comparison_changed = Signal()

    def __init__(self, working: WorkingScenario, parent: QWidget | None = None):
        super().__init__(parent)
        self.working = working
        dataset = working.session.dataset
        self.vendor_names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"],
                                     strict=True))
        self._cache: dict[str, tuple[object, Projection]] = {}
        self._order: list[str] = []  # ticked keys in the order they were ticked
        self._stale = False
        self._list_problem = ""  # why saved scenarios cannot be listed, if they cannot
        self.table = pd.DataFrame()
        self.labels: list[str] = []  # the ticked scenarios as named in chart and table
        self.base_year = working.session.projection.base_year
        self.chart = self.make_chart()
        self.table_model = FrameTableModel(self)
        self._build()
        working.scenarios_changed.connect(self.refresh_list)
        working.state_changed.connect(self._on_working_renamed)
        working.session.projection_changed.connect(self._on_working_projection)
        self.refresh_list()

    def _build(self) -> None:
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.itemChanged.connect(lambda *_: self.update_comparison())
        self.measure_combo = QComboBox()
        for m in MEASURES:
            self.measure_combo.addItem(MEASURE_LABELS[m], m)
        self.measure_combo.currentIndexChanged.connect(lambda *_: self.update_comparison())
        self.hint = MessageLabel()  # it names scenarios and paths: shown as they are, no HTML
        self.hint.setText(HINT)
        self.hint.setWordWrap(True)
        self.export_chart_button = export_chart = QPushButton("Export chart\u2026")
        export_chart.clicked.connect(self.export_chart)
        self.export_table_button = export_table = QPushButton("Export table\u2026")
        export_table.clicked.connect(self.export_table)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Scenarios:"))
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(QLabel("Measure:"))
        left_layout.addWidget(self.measure_combo)
        left_layout.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(export_chart)
        buttons.addWidget(export_table)
        left_layout.addLayout(buttons)
        self.export_note = MessageLabel()  # a refused name, or where the last export was saved
        self.export_note.setWordWrap(True)
        left_layout.addWidget(self.export_note)
        self.table_view = QTableView()
        self.table_view.setModel(self.table_model)
        self.table_view.verticalHeader().hide()
        self.table_view.setAlternatingRowColors(True)
        # Sized to the contents when the columns change, not on every live update.
        self.table_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.table_model.modelReset.connect(self.table_view.resizeColumnsToContents)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart.widget)
        right.addWidget(self.table_view)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([240, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(main)

    def make_chart(self) -> CompareChart:
        """A new, empty compare chart in this widget's theme (the one on screen, or one for
        an export)."""
        chart = build_chart("compare", self.working.session.dataset, chart_theme(self.palette()))
        assert isinstance(chart, CompareChart)
        return chart

    def chart_input(self) -> CompareInput:
        """What the chart draws; ValueError when no scenario is compared."""
        if not self.labels:
            raise ValueError(compare_export.refusal(self))
        return CompareInput(self.table, tuple(self.labels), self.measure(), self.base_year,
                            self.working.session.basis)

    def render_chart(self, width: int, height: int, scale: float = 1.0) -> QImage:
        """The chart as a ``width * scale`` x ``height * scale`` image, drawn afresh (the
        chart on screen is left alone)."""
        return render_image(self.make_chart(), self.chart_input(), width, height, scale)

    # --- the list ---------------------------------------------------------------------------
    def refresh_list(self) -> None:
        """Rebuild the checklist (working scenario first), keeping what was ticked."""
        ticked = self.selected_keys()
        self.list.blockSignals(True)
        self.list.clear()
        try:
            names = self.working.names()
            self._list_problem = ""
        except StorageError as exc:  # the window's words for its database gone (pass 75, F3)
            names = [p.name for p in self.working.presets]
            said = in_window(exc, self.working.db_path, COMPARE_LATER)
            self._list_problem = f"Saved scenarios cannot be listed: {str(said).rstrip('.')}."
        for key, text in [(WORKING, self._working_text())] + [(n, n) for n in names]:
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in ticked
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._order = [k for k in ticked if k == WORKING or k in names]
        self.update_comparison()

    def _working_text(self) -> str:
        w = self.working
        return f"{w.name}{'*' if w.is_modified() else ''} (working)"

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def selected_keys(self) -> list[str]:
        """Ticked scenarios, in the order they were ticked (the first is the reference)."""
        ticked = {str(i.data(KEY_ROLE)) for i in self._items()
                  if i.checkState() == Qt.CheckState.Checked}
        order = [k for k in self._order if k in ticked]
        return order + sorted(ticked - set(order), key=self._list_position)

    def _list_position(self, key: str) -> int:
        keys = [str(i.data(KEY_ROLE)) for i in self._items()]
        return keys.index(key) if key in keys else len(keys)

    def set_selection(self, keys: list[str]) -> None:
        """Tick exactly ``keys`` (``WORKING`` for the working scenario), in this order."""
        self._order = list(keys)
        self.list.blockSignals(True)
        for item in self._items():
            on = str(item.data(KEY_ROLE)) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.update_comparison()

    # --- computing --------------------------------------------------------------------------
    def measure(self) -> Measure:
        value: Measure = self.measure_combo.currentData()
        return value

    def set_measure(self, measure: Measure) -> None:
        self.measure_combo.setCurrentIndex(list(MEASURES).index(measure))

    def label(self, key: str) -> str:
        """The scenario's name in the chart and table."""
        if key != WORKING:
            return key
        return f"{self.working.name} (working)"

    def _projection(self, key: str) -> Projection:
        if key == WORKING:
            return self.working.session.projection
        values = self.working.assumptions_of(key)
        session = self.working.session
        cached = self._cache.get(key)
        if cached is not None and cached[0] == values and cached[1].basis == session.basis:
            return cached[1]
        projection = project_on_basis(session.dataset, values, session.basis)
        self._cache[key] = (values, projection)
        return projection

    def update_comparison(self) -> None:
        """Recompute the table and redraw the chart for the ticked scenarios."""
        keys = self.selected_keys()
        self._order = keys
        self._stale = False
        projections: dict[str, Projection] = {}
        failed: dict[str, list[str]] = {}  # cause -> the scenarios it leaves out
        for key in keys:
            if stop_asked():  # a signal came in a read: the app ends at the next turn of the
                return  # event loop, not after every scenario (4.5 s for 256: pass 92 F3)
            try:
                projections[self.label(key)] = self._projection(key)
            except (StorageError, ValueError) as exc:
                cause = reason(in_window(exc, self.working.db_path, COMPARE_LATER))
                failed.setdefault(cause, []).append(self.label(key))
        self.hint.setText(self._hint_text(failed))
        labels = list(projections)
        base_year = self.working.session.projection.base_year
        if projections:
            self.table = compare_vendor_shares(projections, self.measure())
            base_year = next(iter(projections.values())).base_year
        else:
            self.table = pd.DataFrame(columns=["year", "vendor", "is_history"])
        self.labels, self.base_year = labels, base_year
        self.chart.draw(CompareInput(self.table, tuple(labels), self.measure(), base_year,
                                     self.working.session.basis))
        # The table starts at the base year (history is the same in every scenario) and lists
        # the vendors the chart draws.
        shown_vendors = self.chart.vendors_shown(self.table, labels)
        rows = self.table[(self.table["year"] >= base_year)
                          & self.table["vendor"].isin(shown_vendors)] if labels else self.table
        shown = compare_table(rows, labels, self.vendor_names) if labels else Table.empty()
        colours = vendor_colours(self.working.session.dataset)
        self.table_model.set_table(shown, row_colours=[colours.get(str(v))
                                                       for v in rows["vendor"]])
        refused = compare_export.refusal(self)  # why nothing can be exported, or ""
        for button in (self.export_chart_button, self.export_table_button):
            button.setEnabled(not refused)  # refused anyway: compare_export.nothing_to_export
            button.setToolTip(refused)
        self.comparison_changed.emit()

    def _hint_text(self, failed: dict[str, list[str]]) -> str:
        """The hint: why saved scenarios cannot be listed, and the ticked scenarios that
        cannot be compared, each cause said once with the scenarios it leaves out (the first
        :data:`NAMED` causes), or how to compare."""
        parts = []
        for cause, names in list(failed.items())[:NAMED]:
            listed = ", ".join(names[:NAMED]) + (f" and {len(names) - NAMED:,} more"
                                                 if len(names) > NAMED else "")
            parts.append(f"{'This scenario' if len(names) == 1 else f'{len(names)} scenarios'} "
                         f"cannot be compared and {'is' if len(names) == 1 else 'are'} left "
                         f"out ({listed}): {cause.rstrip('.')}.")
        if len(failed) > NAMED:
            parts.append(f"And {len(failed) - NAMED:,} more causes leave out others.")
        return " ".join(t for t in (self._list_problem, *parts) if t) or HINT

    def _on_working_projection(self, projection: Projection) -> None:
        if WORKING in self.selected_keys():
            self._redraw_if_visible()

    def _redraw_if_visible(self) -> None:
        if self.isVisible():
            self.update_comparison()
        else:
            self._stale = True  # closed: catch up when shown, not on every slider tick

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: redraw if the working scenario changed while the view was hidden."""
        if self._stale:
            self.update_comparison()
        super().showEvent(event)

    def _on_working_renamed(self) -> None:
        for item in self._items():
            if item.data(KEY_ROLE) == WORKING and item.text() != self._working_text():
                self.list.blockSignals(True)
                item.setText(self._working_text())
                self.list.blockSignals(False)
                if item.checkState() == Qt.CheckState.Checked:
                    self._redraw_if_visible()

    # --- export -----------------------------------------------------------------------------
    def export_chart(self) -> None:
        compare_export.export_chart(self)

    def export_chart_to(self, path: Path | str, width: int, height: int) -> bool:
        """PNG or SVG (by the name's type) of the chart: :mod:`compare_export`."""
        return compare_export.export_chart_to(self, path, width, height)

    def export_table(self) -> None:
        compare_export.export_table(self)

    def export_table_to(self, path: Path) -> bool:
        return compare_export.export_table_to(self, path)

    def compared_assumptions(self) -> dict[str, Assumptions]:
        """Each scenario in the comparison (as labelled) and its assumptions."""
        out = {}
        for key in self._order:
            try:
                out[self.label(key)] = (self.working.session.assumptions if key == WORKING
                                        else self.working.assumptions_of(key))
            except (StorageError, ValueError, KeyError):
                continue  # left out of the comparison too (its hint says why)
        return out

    def _warn(self, text: str) -> None:
        """A failed export: a warning naming the file and the cause (tests replace this)."""
        QMessageBox.warning(self, "Export failed", literal(text))

