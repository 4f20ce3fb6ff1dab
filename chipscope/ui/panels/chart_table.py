"""The window's table of the numbers behind the visible chart: which columns, and when.

Columns: the chart's own numbers always show (shares for a 100 % chart, amounts for an amounts
chart); the other groups (:data:`~chipscope.model.table_display.GROUPS`) show on request, from
the "Table columns" menu (View menu, and a right click on the table's header). The choice is
kept in QSettings (``table/extra_columns``) and applies to every chart's table.

When: the table is built from the chart's arrays (no DataFrame). While a slider is dragged it
updates at most every :data:`THROTTLE_MS`; when an edit finishes (release, a keyboard step, a
typed value) it updates on the next event-loop pass, after the chart has painted. A hidden
table (closed, or behind another tab) is not updated; it catches up when shown.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from chipscope.model.table_display import GROUPS
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.stored_settings import setting

THROTTLE_MS = 100
"""During a drag, the table updates at most this often (milliseconds)."""

SETTINGS_KEY = "table/extra_columns"


class ChartTable(QObject):
    """Keeps ``model`` (shown by ``view``) on the numbers of ``chart_area``'s visible chart.

    Parameters
    ----------
    chart_area : the charts; :meth:`ChartArea.current_view` gives the arrays.
    view, model : the table on screen.
    settings : where the column choice is kept (None: not kept).
    is_shown : whether the table is on screen now (else :meth:`refresh` only marks it dirty).
    """

    def __init__(self, chart_area: ChartArea, view: QTableView, model: FrameTableModel,
                 settings: QSettings | None, is_shown: Callable[[], bool]) -> None:
        super().__init__(view)
        self.chart_area, self.view, self.model = chart_area, view, model
        self.settings = settings
        self.is_shown = is_shown
        self.last_ms = 0.0  # how long the last update took
        self.dirty = True
        self._last_done = -1e9  # perf_counter() seconds of the last update
        self._pending_release = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)
        self.extra: set[str] = self._load_choice()
        self.menu = QMenu("Table &columns", view)
        self.menu.setToolTipsVisible(True)
        self.group_actions: dict[str, QAction] = {}
        self._build_menu()
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setToolTip("Right-click for more columns (amounts, share ranges)")

    # --- the column choice ------------------------------------------------------------------
    def _load_choice(self) -> set[str]:
        if self.settings is None:
            return set()
        stored = setting(self.settings, SETTINGS_KEY, [], list)
        return {str(g) for g in stored if str(g) in GROUPS} if isinstance(stored, list) \
            else set()

    def _build_menu(self) -> None:
        self.show_all_action = QAction("Show &all columns", self.menu)
        self.show_all_action.setCheckable(True)
        self.show_all_action.setToolTip("Every column: shares, amounts and share ranges")
        self.show_all_action.toggled.connect(self._on_show_all)
        self.menu.addAction(self.show_all_action)
        self.menu.addSeparator()
        for group, text in GROUPS.items():
            action = QAction(text, self.menu)
            action.setCheckable(True)
            action.toggled.connect(lambda on, g=group: self.set_group_shown(g, on))
            self.menu.addAction(action)
            self.group_actions[group] = action
        self._sync_actions()

    def main_group(self) -> str:
        """The group the visible chart plots: "shares" or "amounts"."""
        return "shares" if self.chart_area.current_view().plots_shares else "amounts"

    def set_group_shown(self, group: str, shown: bool) -> None:
        """Show or hide a group of columns (the chart's own group always shows)."""
        if group not in GROUPS:
            raise ValueError(f"group: {group!r} is not one of {', '.join(GROUPS)}")
        if (group in self.extra) == shown:
            return
        if shown:
            self.extra.add(group)
        else:
            self.extra.discard(group)
        self._store_choice()
        self.apply_groups()

    def _on_show_all(self, on: bool) -> None:
        if on != (self.extra == set(GROUPS)):
            self.extra = set(GROUPS) if on else set()
            self._store_choice()
            self.apply_groups()

    def _store_choice(self) -> None:
        if self.settings is not None:
            self.settings.setValue(SETTINGS_KEY, sorted(self.extra))

    def _sync_actions(self) -> None:
        main = self.main_group()
        for group, action in self.group_actions.items():
            action.blockSignals(True)
            action.setChecked(group == main or group in self.extra)
            action.setEnabled(group != main)  # the chart's own numbers always show
            action.setToolTip("What the chart shows: always on" if group == main else "")
            action.blockSignals(False)
        self.show_all_action.blockSignals(True)
        self.show_all_action.setChecked(self.extra == set(GROUPS))
        self.show_all_action.blockSignals(False)

    def apply_groups(self) -> None:
        """Show the chart's group and the chosen ones (after a chart or choice change)."""
        self._sync_actions()
        before = self.model.columnCount()
        self.model.set_groups(self.main_group(), self.extra)
        if self.model.columnCount() != before:
            self.view.resizeColumnsToContents()

    def _header_menu(self, pos: QPoint) -> None:
        self.menu.popup(self.view.horizontalHeader().mapToGlobal(pos))

    # --- when to update ---------------------------------------------------------------------
    def projection_changed(self) -> None:
        """A new projection is on the chart: update the table on the next pass if its edit has
        finished (:meth:`edit_finished` came first: a keyboard step, a typed value), else (a
        drag) once :data:`THROTTLE_MS` have passed since the last update."""
        if self._pending_release:
            delay = 0
        else:
            since_ms = (time.perf_counter() - self._last_done) * 1000.0
            delay = max(0, round(THROTTLE_MS - since_ms))
        self._pending_release = False
        if delay == 0:
            # An edit ended: update now, so the chart and the table repaint in one pass (the
            # table costs about a millisecond; a second pass costs a whole window flush).
            self.refresh()
        elif not self.timer.isActive() or delay < self.timer.remainingTime():
            self.timer.start(delay)

    def edit_finished(self) -> None:
        """An edit ended (slider released): a held-back update runs on the next pass."""
        if self.timer.isActive():
            self.timer.start(0)
        else:
            self._pending_release = True  # the projection of this edit is still to come

    def is_stale(self) -> bool:
        """True while the table has not caught up with the chart."""
        return self.timer.isActive()

    def is_deferred(self) -> bool:
        """True while an update is held back by the drag throttle."""
        return self.timer.isActive() and self.timer.interval() > 0

    def refresh(self) -> None:
        """Show the numbers behind the visible chart now (or mark them due, when hidden)."""
        self.timer.stop()
        self._pending_release = False
        if not self.is_shown():
            self.dirty = True
            return
        start = time.perf_counter()
        self._sync_actions()
        self.model.set_groups(self.main_group(), self.extra)
        self.model.set_columns(self.chart_area.current_view().table_columns(),
                               self.chart_area.series_colours())
        self._last_done = time.perf_counter()
        self.last_ms = (self._last_done - start) * 1000.0
        self.dirty = False
