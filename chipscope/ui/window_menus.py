"""The main window's menus and what they run: File (export the chart or its table), Edit
(reset all; the scenario actions add theirs), View (chart, measure, compute basis, docks) and
Help. :class:`MenuWindow` is the base of :class:`~chipscope.ui.main_window.MainWindow`, which
builds the docks these menus toggle.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox

from chipscope.model import MEASURES
from chipscope.model.basis import BASES
from chipscope.storage import StorageError
from chipscope.ui import data_edit
from chipscope.ui.about import AboutDialog, DocViewer, doc_viewer
from chipscope.ui.charts import export
from chipscope.ui.charts.area import CHART_NAMES, CHART_TITLES, ChartArea
from chipscope.ui.charts.labels import window_label
from chipscope.ui.export_dialog import ChartPathError, ExportDialog, ExportOptions
from chipscope.ui.export_place import proposed_path, remember
from chipscope.ui.panels.details import DetailsPanel
from chipscope.ui.panels.search_box import SHORTCUT as SEARCH_SHORTCUT
from chipscope.ui.panels.search_box import focus_search
from chipscope.ui.plain import literal
from chipscope.ui.report import window as report_window
from chipscope.ui.scenarios.actions import ScenarioActions
from chipscope.ui.session import Session
from chipscope.ui.table_export import window_table_metadata
from chipscope.ui.theme import AppearanceController, add_appearance_menu

BASIS_ACTIONS = {
    "bf16": ("Dense &BF16 (1 H100e = 989 TFLOP/s)",
             "Count compute in H100e of 989 dense BF16 TFLOP/s (ChipScope's default)"),
    "8bit": ("Dense &8-bit (1 H100e = 1,979 FP8/INT8 TOP/s)",
             ("Count compute in H100e of 1,979 dense FP8 (or INT8) TOP/s, as Epoch AI does; "
              "chips whose 8-bit rate is not twice their BF16 (TPU v4, MI250X, Gaudi 3, "
              "Trainium3, Groq) count differently")),
}
"""View > Compute basis: menu text and status tip of each basis."""



class MenuWindow(QMainWindow):
    """Menus, their actions and the File / Help commands of the main window.

    The subclass sets ``session``, ``chart_area``, ``scenarios`` and the docks before
    :meth:`_build_menus` runs.
    """

    session: Session
    settings: QSettings | None
    chart_area: ChartArea
    scenarios: ScenarioActions
    assumptions_dock: QDockWidget
    table_dock: QDockWidget
    details_dock: QDockWidget
    details_panel: DetailsPanel
    scenarios_dock: QDockWidget

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
        file_menu.addAction(self._action(
            "Export &report (PDF)\u2026", lambda: report_window.export_report(self),
            QKeySequence.StandardKey.Print, "One PDF: the scenario, its charts, the share table, "
            "changed assumptions, notes and sources"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        file_menu.actions()[-1].setShortcuts([QKeySequence("Ctrl+Q")])
        edit_menu = self.menus["edit"] = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("&Reset all assumptions",
                                         self.session.reset_all,
                                         tip="Every assumption back to its default"))
        edit_menu.addAction(self._action(
            "Edit &data\u2026", lambda: data_edit.open_data_dialog(self), "Ctrl+Shift+D",
            "Add, edit or retire deals, chips, adopters, vendors and sources, with a source"))
        edit_menu.addAction(self._action(
            "&Search data\u2026", lambda: focus_search(self.details_dock,
                                                        self.details_panel.search_box),
            SEARCH_SHORTCUT, "Search chips, deals, adopters, vendors and sources"))
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
        view_menu.addSeparator()
        self.appearance = AppearanceController(self.settings, self)  # View > Appearance
        self.appearance.restore()
        self.appearance_actions = add_appearance_menu(view_menu, self.appearance)
        self._sync_view_actions()

    def _sync_view_actions(self) -> None:
        self.chart_actions[self.chart_area.chart_name()].setChecked(True)
        self.measure_actions[self.chart_area.measure()].setChecked(True)

    def set_chart(self, name: str) -> None:
        self.chart_area.set_chart(name)

    def set_basis(self, basis: str) -> None:
        """Show compute on ``basis`` (``"bf16"`` or ``"8bit"``): re-projects, relabels."""
        self.session.set_basis(basis)
        self.basis_actions[basis].setChecked(True)

    # --- File -------------------------------------------------------------------------------
    def export_chart(self) -> None:
        """File > Export chart: ask for file, size and scale, then export."""
        label = window_label(self.scenarios.working, self.session.assumptions)
        # The folder and type of the last export (the home folder and PNG the first time).
        default = proposed_path(self.settings, label.file_name(self.chart_area.chart_name(),
                                                               ".png"))
        dialog = ExportDialog(export.PNG_PRESETS, default, self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return
        try:  # the dialog's Save refuses such a name already; this is the window's own check
            options = dialog.options()
        except ChartPathError as exc:
            self._warn("Export failed", str(exc))
            return
        self.export_chart_to(options)

    def export_chart_to(self, options: ExportOptions) -> bool:
        """Export the chart on screen; a failure is shown, not raised. Returns success."""
        label = window_label(self.scenarios.working, self.session.assumptions)
        try:
            if options.is_svg:
                export.export_svg(self.chart_area, options.path, options.width, options.height,
                                  label, options.dark)
            else:
                export.export_png(self.chart_area, options.path, options.width, options.height,
                                  options.scale, label, options.dark)
        except StorageError as exc:  # names the file and the cause; the old file is unchanged
            self._warn("Export failed", str(exc))
            return False
        except (OSError, ValueError) as exc:
            self._warn("Export failed", f"Could not export the chart to {options.path}: {exc}")
            return False
        self.statusBar().showMessage(f"Chart saved to {options.path}", 5000)
        remember(self.settings, options.path)  # proposed at the next export
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
            metadata = window_table_metadata(self.session, self.scenarios.working.name,
                                             self.chart_area)
            export.export_table_csv(self.chart_area.table(), path, metadata)
        except StorageError as exc:
            self._warn("Export failed", str(exc))
            return False
        except (OSError, ValueError) as exc:
            self._warn("Export failed", f"Could not save the table to {path}: {exc}")
            return False
        self.statusBar().showMessage(f"Table saved to {path}", 5000)
        return True

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, literal(text))

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
