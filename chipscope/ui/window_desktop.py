"""The main window's desktop integration: File > Open recent, scenario files handed over by
the desktop or a second ``chipscope FILE.toml``, Help > Report a problem, accessible names and
the charts' text alternative. :class:`DesktopActions` is built once by the main window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from chipscope.ui import accessibility
from chipscope.ui.diagnostics import ReportDialog, problem_report
from chipscope.ui.plain import elide
from chipscope.ui.recent import RecentFiles, why_not_openable

if TYPE_CHECKING:
    from chipscope.ui.main_window import MainWindow

CHART_ALTERNATIVE = ("The numbers this chart draws are in the table \u201cNumbers behind the "
                     "chart\u201d below it (View menu), one row per year.")


class DesktopActions(QObject):
    """Recent files, open-file requests, the problem report and accessibility of ``window``."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        file_menu = window.menus["file"]
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.setToolTip("Scenario files you imported or exported lately")
        # Just after "Import scenario…" (whose shortcut is Ctrl+O).
        anchor = window.scenarios.export_action
        file_menu.insertMenu(anchor, self.recent_menu)
        self.recent = RecentFiles(window.settings, self.recent_menu, self.open_file, window)
        window.scenarios.file_used.connect(self.recent.add)
        self.report_action = QAction("&Report a problem\u2026", window)
        self.report_action.setStatusTip("Version, platform and the log's last lines, to copy "
                                        "into a bug report (nothing is sent)")
        self.report_action.triggered.connect(self.show_report)
        help_menu = window.menus["help"]
        help_menu.insertAction(help_menu.actions()[-1], self.report_action)
        window.chart_area.setAccessibleName("Chart")
        window.chart_area.setAccessibleDescription(CHART_ALTERNATIVE)
        window.table_view.setAccessibleName("Numbers behind the chart")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            accessibility.install(app)
        accessibility.name_tree(window)

    def open_file(self, path: Path) -> bool | None:
        """Open a scenario file in this window (imported into the list, then shown); the
        window comes to the front. False if it was not opened (the reason was shown); None if
        the user chose Cancel at the "Unsaved changes" question or in the save it led to."""
        w = self.window
        w.setWindowState((w.windowState() & ~Qt.WindowState.WindowMinimized)
                         | Qt.WindowState.WindowActive)
        w.raise_()
        w.activateWindow()
        if (why := why_not_openable(path, self.recent.holds(path))) is not None:
            w.scenarios.panel.show_error("Cannot open the scenario", f"{elide(str(path))}: {why}.")
            return False
        return w.scenarios.import_scenario(Path(path))

    def show_report(self) -> ReportDialog:
        dialog = ReportDialog(problem_report(self.window.session.dataset), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
