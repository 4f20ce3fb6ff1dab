"""The main window: assumptions on the left, charts in the centre, their numbers below,
provenance beside them; status bar, and QSettings for geometry, the last chart and the compute
basis only. The menus and the File / Help commands are in :mod:`chipscope.ui.window_menus`.

The dataset can be replaced under the running window (:meth:`MainWindow.replace_dataset`):
the values are carried over where they still fit, the undo history is cleared, and every
panel follows (assumptions rebuilt, charts, details and checks, compare window, status bar).
"""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from chipscope.model import AssumptionSpecs, Dataset, Projection
from chipscope.model.basis import BASES, basis_note
from chipscope.model.document_state import notifiers
from chipscope.model.notes import Note, projection_notes
from chipscope.storage.presets import usable_presets
from chipscope.ui.charts.area import CHART_NAMES, ChartArea
from chipscope.ui.difference.view import DifferenceView
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.chart_table import ChartTable
from chipscope.ui.panels.details import DetailsPanel
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.plain import MAX_SHOWN, PlainStatusBar, elide, literal, plain_label
from chipscope.ui.scenarios.actions import ScenarioActions
from chipscope.ui.session import Session
from chipscope.ui.stored_settings import save_blocker, setting, sync_failure
from chipscope.ui.teardown import release_when_destroyed
from chipscope.ui.uncertainty.controller import UncertaintyView
from chipscope.ui.window_desktop import DesktopActions
from chipscope.ui.window_fit import fit_to_screen, side_docks
from chipscope.ui.window_menus import BASIS_ACTIONS, MenuWindow
from chipscope.ui.worker import Worker

__all__ = ["BASIS_ACTIONS", "SETTINGS_VERSION", "MainWindow"]
log = logging.getLogger("chipscope")

SETTINGS_VERSION = 1
"""Bump when the meaning of a stored setting changes; older values are then ignored."""


class MainWindow(MenuWindow):
    """ChipScope's main window over one :class:`Session`.

    Parameters
    ----------
    session : the dataset, assumptions and projection shown.
    settings : where geometry and the last chart are kept (tests pass an INI file).
    db_path : the database the dataset came from (shown in the status bar's tooltip); scenarios
        and the autosave are saved there (none: read-only).

    Signals
    -------
    closing()
        The user's close went ahead (unsaved changes answered): the window is going away.
    """

    closing = Signal()

    def __init__(self, session: Session, settings: QSettings | None = None,
                 db_path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStatusBar(PlainStatusBar(self))  # messages show paths and names as they are
        self.session = session
        session.setParent(self)  # destroyed with the window, its connections with it
        self.settings = settings
        self.db_path = db_path
        self.last_update_ms = 0.0
        self._table_shown = True
        dataset = session.dataset
        self.worker = Worker(self)  # long work off the GUI thread (the Checks tab's updates)
        # Scenario list, undo, files, autosave; sets the title "<scenario> — ChipScope".
        self.scenarios = ScenarioActions(self, session, db_path)
        self.chart_area = ChartArea(dataset)
        self.setCentralWidget(self.chart_area)
        self._build_docks()
        self._build_menus()
        self.menus["view"].addMenu(self.chart_table.menu)
        self.desktop = DesktopActions(self)  # open recent, report a problem, accessibility
        self._build_status()
        session.edit_finished.connect(self.chart_table.edit_finished)
        session.dataset_changed.connect(self._on_dataset)
        session.projection_changed.connect(self._on_projection)
        for signal in (self.chart_area.chart_changed, self.chart_area.measure_changed,
                       self.chart_area.year_changed):
            signal.connect(self._on_view_changed)
        # After the window's own projection slot: the chart is drawn before the read-out.
        self.difference = DifferenceView(self, self.scenarios.working, self.chart_area)
        self.difference.install(self.menus)
        self.uncertainty = UncertaintyView(self)  # View > Uncertainty: bands, tornado, ranges
        self.uncertainty.install(self.menus)
        self.restore_settings()
        self.uncertainty.restore(self.settings)
        self._on_projection(session.projection)
        self.refresh_table()
        # Once Qt destroys the window (deleteLater), its Python side is freed at once, not by
        # the cyclic collector at some later, unrelated moment (chipscope/ui/teardown.py).
        release_when_destroyed(self, [n.clear for n in notifiers(session.document)])

    def open_scenario_file(self, path: Path) -> bool | None:
        """Open a scenario file handed over by the desktop or ``chipscope FILE.toml``: True,
        or False (a message said why), or None (the user chose Cancel)."""
        return self.desktop.open_file(Path(path))

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
        # Which columns, and when the table follows the chart (throttled during a drag).
        self.chart_table = ChartTable(self.chart_area, self.table_view, self.table_model,
                                      self.settings, lambda: self._table_shown
                                      or not self.isVisible())
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
        self.table_dock.raise_()
        self.resizeDocks([self.assumptions_dock], [400], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [240], Qt.Orientation.Vertical)

    def _build_status(self) -> None:
        self.dataset_label = plain_label(QLabel())  # the dataset's name is text, never HTML
        self._show_dataset_name()
        if self.db_path is not None:
            self.dataset_label.setToolTip(literal(str(self.db_path)))
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
        bar = self.statusBar()  # a message too long to show whole is read whole in its tooltip
        bar.messageChanged.connect(bar.setToolTip)
        # The timings give way to a passing message: it then has the bar's width.
        bar.messageChanged.connect(lambda text: self.timing_label.setHidden(bool(text)))
        self._update_notes(self.session.projection)

    def _show_dataset_name(self) -> None:
        ds = self.session.dataset
        text = f"Dataset: {ds.name}" + (f", {ds.date}" if ds.date else "")
        self.dataset_label.setText(elide(text, MAX_SHOWN // 3))

    # --- the dataset ------------------------------------------------------------------------
    def replace_dataset(self, dataset: Dataset) -> list[str]:
        """Show ``dataset`` in this window: values carried over where they still fit (the
        others back to their defaults, returned and logged), presets reloaded for it, undo
        history cleared, every panel following. Says so in the status bar."""
        presets, left_out = usable_presets(AssumptionSpecs.for_dataset(dataset))
        if left_out:  # one line, not one per key: a preset for another dataset is expected
            log.info("%d preset(s) left out on %s: %s", len(left_out), dataset.name,
                     "; ".join(left_out[:3]) + ("; ..." if len(left_out) > 3 else ""))
        problems = self.session.replace_dataset(dataset, presets)
        for problem in problems:
            log.warning("Not carried over to %s: %s", dataset.name, problem)
        fell_back = (f"; {len(problems):,} value{'s' if len(problems) != 1 else ''} back to "
                     "the default" if problems else "")
        self.statusBar().showMessage(
            f"Dataset {dataset.name} loaded; undo history cleared{fell_back}", 8000)
        return problems

    def _on_dataset(self, dataset: Dataset) -> None:
        # Sent before the projection on the new dataset: the views switch first.
        self.chart_area.set_dataset(dataset)
        old = self.details_panel
        self.worker.cancel(old.checks.job_key)  # its update is for the old dataset
        self.details_panel = DetailsPanel(dataset, worker=self.worker)
        self.details_panel.setCurrentIndex(old.currentIndex())  # the user stays on their tab
        self.details_panel.search_box.setText(old.search_box.text())  # ... and their search
        self.details_dock.setWidget(self.details_panel)
        old.deleteLater()
        self._show_dataset_name()
        self.notes = []

    # --- updates --------------------------------------------------------------------------
    def _on_projection(self, projection: Projection) -> None:
        for m, action in self.measure_actions.items():
            if action.text() != projection.label(m):
                action.setText(projection.label(m))
        start = time.perf_counter()
        self.chart_area.set_projection(projection)
        self.last_update_ms = (time.perf_counter() - start) * 1000.0
        self.details_panel.set_projection(projection)  # the Checks tab: only when on screen
        self._update_notes(projection)
        # The table follows on the next event-loop pass, after the chart has painted (the
        # chart is what the hand on the slider watches); during a drag, every 100 ms.
        self.chart_table.projection_changed()
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
                          literal("\n\n".join(n.detail for n in self.notes)),
                          QMessageBox.StandardButton.Ok, self)
        box.open()
        self._notes_box = box

    def _show_timing(self) -> None:
        self.timing_label.setText(f"Recomputed in {self.session.last_recompute_ms:.1f} ms; "
                                  f"chart updated in {self.last_update_ms:.1f} ms, "
                                  f"table in {self.last_table_ms:.1f} ms")

    @property
    def last_table_ms(self) -> float:
        """How long the last table update took (milliseconds)."""
        return self.chart_table.last_ms

    def is_table_stale(self) -> bool:
        """True while the table has not caught up with the latest projection."""
        return self.chart_table.is_stale()

    def is_table_deferred(self) -> bool:
        """True while a table update is held back by the drag throttle (for the benchmark)."""
        return self.chart_table.is_deferred()

    def _on_view_changed(self, *_: object) -> None:
        self._sync_view_actions()
        self.refresh_table()

    def _on_table_visibility(self, visible: bool) -> None:
        # Also emitted when the table's tab goes behind the details tab, or comes back.
        self._table_shown = visible
        if visible and self.chart_table.dirty:
            self.refresh_table()

    def refresh_table(self) -> None:
        """Show the numbers behind the visible chart (skipped while the table is hidden:
        closed, or behind the details tab; it catches up when shown)."""
        self.chart_table.refresh()
        self._show_timing()

    def restore_settings(self) -> None:
        """Geometry, dock layout and the last chart, if stored by this settings version."""
        s = self.settings
        if s is None or setting(s, "settings_version", 0, int) != SETTINGS_VERSION:
            self.resize(1400, 900)  # the first size (README screenshot), on a smaller screen
            self._fit_first_size()  # within its available area
            return
        geometry = setting(s, "window/geometry", None)
        if isinstance(geometry, QByteArray) and not self.restoreGeometry(geometry):
            self.resize(1400, 900)
        state = setting(s, "window/state", None)
        if isinstance(state, QByteArray):
            self.restoreState(state, SETTINGS_VERSION)
        # Saved on a larger screen: within this one's available area, the side docks' room kept.
        self._fit_first_size()
        chart = setting(s, "view/chart", CHART_NAMES[0], str)
        if chart in CHART_NAMES:
            self.chart_area.set_chart(chart)
        basis = setting(s, "view/basis", "bf16", str)
        if basis in BASES:
            self.set_basis(basis)
        self.difference.restore(s)

    def _fit_first_size(self) -> None:
        fit_to_screen(self, side_docks(self))
        self._fitted_size: QSize | None = self.size()  # fitted again when shown, frame known

    def save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        blocked = save_blocker(s)  # Qt's sync() would wait for its lock file for ever
        if blocked is None:
            self._store_settings(s)
            blocked = sync_failure(s)  # Qt's sync() fails silently (a full disk)
        if blocked is not None:
            log.warning("The window's size, layout and chart were not saved in %s: %s.",
                        s.fileName(), blocked)

    def _store_settings(self, s: QSettings) -> None:
        s.setValue("settings_version", SETTINGS_VERSION)
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(SETTINGS_VERSION))
        s.setValue("view/chart", self.chart_area.chart_name())
        s.setValue("view/basis", self.session.basis)
        self.difference.save(s)
        self.uncertainty.save(s)
        s.sync()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: fitted once more when first shown, its frame now known (the window
        and its title bar within the screen, not only the window), unless resized since."""
        super().showEvent(event)
        if getattr(self, "_fitted_size", None) == self.size():  # not resized since
            fit_to_screen(self, side_docks(self))
        self._fitted_size = None

    def closeEvent(self, event: QCloseEvent) -> None:
        """Qt override: ask about unsaved changes (a row typed in Edit data first, then the
        scenario), then remember geometry and the chart."""
        data_dialog = getattr(self, "_data_dialog", None)
        if data_dialog is not None and not data_dialog.confirm_leave():
            event.ignore()
            return
        if not self.scenarios.confirm_close():
            event.ignore()
            return
        self.closing.emit()  # the hand-over server stops: nothing opens into a closed window
        self.save_settings()
        self.worker.shutdown()  # cancels background work and waits for its thread
        self.uncertainty.shutdown()
        super().closeEvent(event)
