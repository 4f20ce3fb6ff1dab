"""The main window: assumptions on the left, charts in the centre, their numbers below,
provenance beside them; menus, status bar, and QSettings for geometry, the last chart and the
compute basis only.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QWidget,
)

from chipscope.model import MEASURES, Projection
from chipscope.model.basis import BASES, basis_note
from chipscope.model.notes import Note, projection_notes
from chipscope.ui.charts import export
from chipscope.ui.about import AboutDialog, DocViewer, doc_viewer
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.charts.area import CHART_NAMES, CHART_TITLES, ChartArea
from chipscope.ui.panels.details import DetailsPanel
from chipscope.ui.export_dialog import ExportDialog, ExportOptions
from chipscope.ui.scenarios.actions import ScenarioActions
from chipscope.ui.session import Session
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.worker import Worker

SETTINGS_VERSION = 1
"""Bump when the meaning of a stored setting changes; older values are then ignored."""

BASIS_ACTIONS = {
    "bf16": ("Dense &BF16 (1 H100e = 989 TFLOP/s)",
             "Count compute in H100e of 989 dense BF16 TFLOP/s (ChipScope's default)"),
    "8bit": ("Dense &8-bit (1 H100e = 1,979 FP8/INT8 TOP/s)",
             "Count compute in H100e of 1,979 dense FP8 (or INT8) TOP/s, as Epoch AI does; "
             "chips whose 8-bit rate is not twice their BF16 (TPU v4, MI250X, Gaudi 3, "
             "Trainium3, Groq) count differently"),
}
"""View > Compute basis: menu text and status tip of each basis."""


class MainWindow(QMainWindow):
    """ChipScope's main window over one :class:`Session`.

    Parameters
    ----------
    session : the dataset, assumptions and projection shown.
    settings : where geometry and the last chart are kept (tests pass an INI file).
    db_path : the database the dataset came from (shown in the status bar's tooltip); scenarios
        and the autosave are saved there (none: read-only).
    """

    def __init__(self, session: Session, settings: QSettings | None = None,
                 db_path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.db_path = db_path
        self.last_update_ms = 0.0
        self.last_table_ms = 0.0
        self._table_dirty = True
        self._table_shown = True
        self._table_timer = QTimer(self)
        self._table_timer.setSingleShot(True)
        self._table_timer.setInterval(0)
        self._table_timer.timeout.connect(self.refresh_table)
        dataset = session.dataset
        self.worker = Worker(self)  # long work off the GUI thread (the Checks tab's updates)
        # Scenario list, undo, files, autosave; sets the title "ChipScope — <scenario>".
        self.scenarios = ScenarioActions(self, session, db_path)
        self.chart_area = ChartArea(dataset)
        self.setCentralWidget(self.chart_area)
        self._build_docks()
        self._build_menus()
        self._build_status()
        session.projection_changed.connect(self._on_projection)
        for signal in (self.chart_area.chart_changed, self.chart_area.measure_changed,
                       self.chart_area.year_changed):
            signal.connect(self._on_view_changed)
        self.restore_settings()
        self._on_projection(session.projection)
        self.refresh_table()

    # --- construction -------------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)  # saveState needs it
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.assumptions_panel = AssumptionsPanel(self.session)
        self.assumptions_dock = self._dock("Assumptions", "assumptions", self.assumptions_panel,
                                           Qt.DockWidgetArea.LeftDockWidgetArea)
        self.table_model = FrameTableModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.table_model)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.verticalHeader().hide()
        self.table_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Sized to the contents once per new layout, not on every slider tick (ResizeToContents
        # would measure every cell on each update).
        self.table_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.table_model.modelReset.connect(self.table_view.resizeColumnsToContents)
        self.table_dock = self._dock("Numbers behind the chart", "table", self.table_view,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.table_dock.visibilityChanged.connect(self._on_table_visibility)
        self.details_panel = DetailsPanel(self.session.dataset, worker=self.worker)
        self.details_dock = self._dock("Sources and details", "details", self.details_panel,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.table_dock, self.details_dock)
        self.scenarios_dock = self._dock("Scenarios", "scenarios", self.scenarios.panel,
                                         Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.details_dock, self.scenarios_dock)
        # The panel's own Reset all already ran; record it as one undo step.
        self.assumptions_panel.reset_all_button.clicked.connect(
            lambda: self.scenarios.working.commit("reset of all assumptions"))
        self.table_dock.raise_()
        self.resizeDocks([self.assumptions_dock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [240], Qt.Orientation.Vertical)

    def _action(self, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.menus = {"file": file_menu}
        self.export_chart_action = self._action(
            "&Export chart\u2026", self.export_chart, "Ctrl+E", "Save the chart as PNG or SVG")
        file_menu.addAction(self.export_chart_action)
        file_menu.addAction(self._action("Export &table as CSV\u2026", self.export_table,
                                         tip="Save the numbers behind the chart"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        file_menu.actions()[-1].setShortcuts([QKeySequence("Ctrl+Q")])
        edit_menu = self.menus["edit"] = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("&Reset all assumptions",
                                         self.scenarios.working.reset_all,
                                         tip="Every assumption back to its default"))
        self._build_view_menu()
        help_menu = self.menus["help"] = bar.addMenu("&Help")
        help_menu.addAction(self._action("&User guide", lambda: self.show_doc("user-guide.md"),
                                         QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action("&Model documentation",
                                         lambda: self.show_doc("model.md")))
        help_menu.addAction(self._action("&Data sources", lambda: self.show_doc("data.md")))
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About ChipScope", self.show_about))
        self.scenarios.install(self.menus)

    def _build_view_menu(self) -> None:
        view_menu = self.menus["view"] = self.menuBar().addMenu("&View")
        self.chart_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for i, name in enumerate(CHART_NAMES):
            action = self._action(CHART_TITLES[name], lambda _=False, n=name: self.set_chart(n),
                                  f"Ctrl+{i + 1}" if i < 9 else None)
            action.setCheckable(True)
            group.addAction(action)
            view_menu.addAction(action)
            self.chart_actions[name] = action
        view_menu.addSeparator()
        measure_menu = view_menu.addMenu("&Measure")
        self.measure_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for m in MEASURES:
            action = self._action(self.session.projection.label(m),
                                  lambda _=False, m=m: self.chart_area.set_measure(m))
            action.setCheckable(True)
            group.addAction(action)
            measure_menu.addAction(action)
            self.measure_actions[m] = action
        basis_menu = view_menu.addMenu("Compute &basis")
        self.basis_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for b in BASES:
            text, tip = BASIS_ACTIONS[b]
            action = self._action(text, lambda _=False, b=b: self.set_basis(b), tip=tip)
            action.setCheckable(True)
            action.setChecked(b == self.session.basis)
            group.addAction(action)
            basis_menu.addAction(action)
            self.basis_actions[b] = action
        view_menu.addSeparator()
        for dock in (self.assumptions_dock, self.table_dock, self.details_dock,
                     self.scenarios_dock):
            view_menu.addAction(dock.toggleViewAction())
        self._sync_view_actions()

    def _build_status(self) -> None:
        ds = self.session.dataset
        self.dataset_label = QLabel(f"Dataset: {ds.name}" + (f", {ds.date}" if ds.date else ""))
        if self.db_path is not None:
            self.dataset_label.setToolTip(str(self.db_path))
        self.timing_label = QLabel()
        self.timing_label.setToolTip("Time of the last recompute (the model) and of the update "
                                     "of the chart and table")
        # What the model had to bend (deals larger than demand, unmet demand): one line, the
        # whole story in the tooltip and on a click.
        self.notes: list[Note] = []
        self.notes_label = QLabel()
        self.notes_label.setTextFormat(Qt.TextFormat.RichText)
        self.notes_label.linkActivated.connect(lambda _link: self.show_notes())
        self.statusBar().addWidget(self.dataset_label)
        self.statusBar().addWidget(self.notes_label, 1)
        self.statusBar().addPermanentWidget(self.timing_label)
        self._update_notes(self.session.projection)

    # --- updates --------------------------------------------------------------------------
    def set_chart(self, name: str) -> None:
        self.chart_area.set_chart(name)

    def set_basis(self, basis: str) -> None:
        """Show compute on ``basis`` (``"bf16"`` or ``"8bit"``): re-projects, relabels."""
        self.session.set_basis(basis)
        self.basis_actions[basis].setChecked(True)

    def _on_projection(self, projection: Projection) -> None:
        for m, action in self.measure_actions.items():
            if action.text() != projection.label(m):
                action.setText(projection.label(m))
        start = time.perf_counter()
        self.chart_area.set_projection(projection)
        self.last_update_ms = (time.perf_counter() - start) * 1000.0
        self.details_panel.set_projection(projection)  # the Checks tab: only when on screen
        self._update_notes(projection)
        # The table follows on the next event-loop pass, after the chart has painted: the
        # chart is what the hand on the slider watches.
        if not self._table_timer.isActive():
            self._table_timer.start()
        self._show_timing()

    def _update_notes(self, projection: Projection) -> None:
        notes = projection_notes(projection, self.session.dataset.adopter_names)
        if text := basis_note(self.session.dataset, projection.basis):
            notes.append(Note("basis", "8-bit basis: some chips at 2 x BF16", text, ()))
        if notes == self.notes:
            return
        self.notes = notes
        if not notes:
            self.notes_label.clear()
            self.notes_label.setToolTip("")
            return
        summary = html.escape(" \u00b7 ".join(n.summary for n in notes))
        self.notes_label.setText(f'\u26a0 <a href="notes">{summary}</a>')
        self.notes_label.setToolTip("".join(f"<p>{html.escape(n.detail)}</p>" for n in notes)
                                    + "<p><i>Click for details.</i></p>")

    def show_notes(self) -> None:
        """The notes on the current projection, in full (the status bar's link)."""
        if not self.notes:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Notes on this projection",
                          "\n\n".join(n.detail for n in self.notes),
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self._notes_box = box

    def _show_timing(self) -> None:
        self.timing_label.setText(f"Recomputed in {self.session.last_recompute_ms:.1f} ms; "
                                  f"chart updated in {self.last_update_ms:.1f} ms, "
                                  f"table in {self.last_table_ms:.1f} ms")

    def is_table_stale(self) -> bool:
        """True while the table has not caught up with the latest projection."""
        return self._table_timer.isActive()

    def _on_view_changed(self, *_: object) -> None:
        self._sync_view_actions()
        self.refresh_table()

    def _sync_view_actions(self) -> None:
        self.chart_actions[self.chart_area.chart_name()].setChecked(True)
        self.measure_actions[self.chart_area.measure()].setChecked(True)

    def _on_table_visibility(self, visible: bool) -> None:
        # Also emitted when the table's tab goes behind the details tab, or comes back.
        self._table_shown = visible
        if visible and self._table_dirty:
            self.refresh_table()

    def refresh_table(self) -> None:
        """Show the numbers behind the visible chart (skipped while the table is hidden)."""
        self._table_timer.stop()
        if self.isVisible() and not self._table_shown:
            self._table_dirty = True  # closed, or behind the details tab: catch up when shown
            return
        start = time.perf_counter()
        self.table_model.set_frame(self.chart_area.current_table(), self._column_colours())
        self.last_table_ms = (time.perf_counter() - start) * 1000.0
        self._table_dirty = False
        self._show_timing()

    def _column_colours(self) -> dict[str, QColor]:
        """Each table column of a series gets its series' colour, as in the chart."""
        view = self.chart_area.current_view()
        frame = view.frame
        if frame is None:
            return {}
        out: dict[str, QColor] = {}
        for name, colour in zip(frame.series, view.colours_for(frame), strict=True):
            for suffix in (f" ({frame.unit})", " share (%)"):
                out[name + suffix] = colour
        return out

    # --- File -------------------------------------------------------------------------------
    def export_chart(self) -> None:
        """File > Export chart: ask for file, size and scale, then export."""
        default = Path.home() / f"chipscope-{self.chart_area.chart_name()}.png"
        dialog = ExportDialog(export.PNG_PRESETS, default, self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        self.export_chart_to(dialog.options())

    def export_chart_to(self, options: ExportOptions) -> bool:
        """Export the chart on screen; a failure is shown, not raised. Returns success."""
        try:
            if options.is_svg:
                export.export_svg(self.chart_area, options.path, options.width, options.height)
            else:
                export.export_png(self.chart_area, options.path, options.width, options.height,
                                  options.scale)
        except (OSError, ValueError) as exc:
            self._warn("Export failed", f"Could not export the chart to {options.path}: {exc}")
            return False
        self.statusBar().showMessage(f"Chart saved to {options.path}", 5000)
        return True

    def export_table(self) -> None:
        """File > Export table as CSV."""
        default = str(Path.home() / f"chipscope-{self.chart_area.chart_name()}.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Export table as CSV", default,
                                              "CSV table (*.csv)")
        if path:
            self.export_table_to(Path(path))

    def export_table_to(self, path: Path) -> bool:
        """Save the numbers behind the chart as CSV; a failure is shown, not raised."""
        try:
            export.export_table_csv(self.chart_area.current_table(), path)
        except (OSError, ValueError) as exc:
            self._warn("Export failed", f"Could not save the table to {path}: {exc}")
            return False
        self.statusBar().showMessage(f"Table saved to {path}", 5000)
        return True

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # --- Help -------------------------------------------------------------------------------
    def show_doc(self, name: str) -> DocViewer | None:
        """Open ``docs/<name>`` in a viewer window (works offline)."""
        viewer = doc_viewer(name, self)
        if viewer is None:
            self._warn("Documentation not found",
                       f"docs/{name} is not installed with this copy of ChipScope.")
            return None
        viewer.show()
        return viewer

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.session.dataset, self)
        dialog.show()
        return dialog

    # --- settings ---------------------------------------------------------------------------
    def restore_settings(self) -> None:
        """Geometry, dock layout and the last chart, if stored by this settings version."""
        s = self.settings
        if s is None or s.value("settings_version", 0, type=int) != SETTINGS_VERSION:
            self.resize(1400, 900)
            return
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state, SETTINGS_VERSION)
        chart = s.value("view/chart", CHART_NAMES[0], type=str)
        if chart in CHART_NAMES:
            self.chart_area.set_chart(chart)
        basis = s.value("view/basis", "bf16", type=str)
        if basis in BASES:
            self.set_basis(basis)

    def save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("settings_version", SETTINGS_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(SETTINGS_VERSION))
        s.setValue("view/chart", self.chart_area.chart_name())
        s.setValue("view/basis", self.session.basis)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Qt override: ask about unsaved changes, then remember geometry and the chart."""
        if not self.scenarios.confirm_close():
            event.ignore()
            return
        self.save_settings()
        self.worker.shutdown()  # cancels background work and waits for its thread
        super().closeEvent(event)
