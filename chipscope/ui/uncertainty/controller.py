"""View > Uncertainty: the fan chart dock, the Sensitivity (tornado) dock, the ranges next to
the assumptions' fields, and the background ensemble that keeps the bands up to date.

The central line (the normal projection) follows the sliders at most every
:data:`LINE_THROTTLE_MS` during a drag, and exactly on release. The bands are an ensemble of
:attr:`UncertaintyView.draws` draws (1,000 by default, seeded with
:data:`~chipscope.ui.uncertainty.jobs.SEED`) run on the window's worker under the key
``"ensemble"``: while values move the bands show stale (greyed, "bands updating…"); a new
request is sent :data:`DEBOUNCE_MS` after the last tick, or :data:`RELEASE_DEBOUNCE_MS` after
a release, and supersedes the older one (the worker cancels it between chunks of draws).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from chipscope.model.dataset import Dataset
from chipscope.model.metrics import Metric
from chipscope.model.projection import Projection
from chipscope.model.uncertainty import Range, default_ranges
from chipscope.ui.charts.registry import vendor_names
from chipscope.ui.palette import vendor_colours
from chipscope.ui.plain import menu_text
from chipscope.ui.stored_settings import setting
from chipscope.ui.uncertainty.fan_panel import FanPanel
from chipscope.ui.uncertainty.jobs import (
    SEED,
    BandsOutcome,
    BandsRequest,
    TornadoOutcome,
    compute_bands,
    compute_tornado,
)
from chipscope.ui.uncertainty.ranges_ui import DefaultsSource, RangeFields, RangeSet
from chipscope.ui.uncertainty.reveal import reveal_assumption
from chipscope.ui.uncertainty.tornado_dock import TornadoPanel
from chipscope.ui.worker import Worker

DRAW_CHOICES = (200, 1000, 10000)
DEFAULT_DRAWS = 1000
DEBOUNCE_MS = 150
LINE_THROTTLE_MS = 100
RELEASE_DEBOUNCE_MS = 150
BANDS_KEY, TORNADO_KEY = "ensemble", "tornado"
SHORTCUT = "Ctrl+U"
FAN_DOCK_WIDTH = 440

if TYPE_CHECKING:
    from chipscope.ui.main_window import MainWindow


class UncertaintyView(QObject, DefaultsSource):
    """The uncertainty views of ``window`` (a :class:`~chipscope.ui.main_window.MainWindow`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = w = window
        self.session = w.session
        # Its own background thread (the Worker class the Checks tab uses): an ensemble of
        # 10,000 draws must not hold back the Checks tab's update, nor the other way round.
        self.worker = Worker(self)
        self.chart_area = w.chart_area
        self.draws = DEFAULT_DRAWS
        self.outcome: BandsOutcome | None = None
        self.last_latency_ms = float("nan")
        self._released_at: float | None = None
        self._defaults: tuple[object, dict[str, Range]] | None = None
        self.ranges = RangeSet(self)
        self.fields = RangeFields(w.assumptions_panel, self.ranges, self)
        w.scenarios.working.extra_ranges = self.ranges.ranges  # File > Export writes them
        w.scenarios.working.ranges_imported = self.ranges.replace  # File > Import reads them
        self._pending: Projection | None = None
        self.lines_shown = 0
        """How many projections the line has been redrawn for (benchmarks/bench_ui.py)."""
        self._release_pending = False
        self._line_done = 0.0
        self._line_timer = QTimer(self)
        self._line_timer.setSingleShot(True)
        self._line_timer.timeout.connect(self._show_line)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.request_bands)
        self._build_docks()
        self._build_actions()
        self.session.projection_changed.connect(self._on_projection)
        self.session.dataset_changed.connect(self._on_dataset)
        self.session.edit_finished.connect(self._on_released)
        self.ranges.changed.connect(self._on_ranges)
        self.chart_area.chart_changed.connect(lambda _c: self._show_measure())
        self.chart_area.measure_changed.connect(lambda _m: self._show_measure())
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.progress.connect(self._on_progress)

    # --- construction -----------------------------------------------------------------------
    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        return dock

    def _build_docks(self) -> None:
        dataset = self.session.dataset
        self.panel = FanPanel(vendor_names(dataset), vendor_colours(dataset))
        self.panel.focus_chosen.connect(lambda vid: self.set_focus(vid or None))
        self.fan_dock = self._dock("Uncertainty bands", "uncertainty_bands", self.panel)
        self.fan_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                  | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.tornado = TornadoPanel(dataset)
        self.tornado.run_requested.connect(self.run_tornado)
        self.tornado.assumption_requested.connect(self.reveal)
        self.tornado_dock = self._dock("Sensitivity", "sensitivity", self.tornado)
        self.tornado_dock.hide()
        # About a third of a 1400-pixel window: the main chart stays the widest thing on
        # screen, and the fan chart's three-column legend still fits.
        self.window.resizeDocks([self.fan_dock], [FAN_DOCK_WIDTH], Qt.Orientation.Horizontal)
        self._sync_years(self.session.projection)

    def _build_actions(self) -> None:
        parent = self.window
        self.bands_action = QAction("Show &bands", parent)
        self.bands_action.setCheckable(True)
        self.bands_action.setShortcut(QKeySequence(SHORTCUT))
        self.bands_action.setStatusTip("Show the 5-95 % and 25-75 % bands of an ensemble of "
                                       "draws of the uncertain assumptions")
        self.bands_action.toggled.connect(self.set_bands_on)
        self.draw_actions: dict[int, QAction] = {}
        group = QActionGroup(self)
        for n in DRAW_CHOICES:
            action = QAction(f"{n:,} draws", parent)
            action.setCheckable(True)
            action.setChecked(n == self.draws)
            action.triggered.connect(lambda _=False, n=n: self.set_draws(n))
            group.addAction(action)
            self.draw_actions[n] = action
        self.focus_actions: dict[str, QAction] = {}
        self.sensitivity_action = QAction("&Sensitivity (tornado)…", parent)
        self.sensitivity_action.setStatusTip("Which inputs swing one output the most")
        self.sensitivity_action.triggered.connect(self.show_sensitivity)

    def install(self, menus: dict[str, QMenu]) -> None:
        """View > Uncertainty: Show bands, Draws, One vendor, Sensitivity."""
        menu = menus["view"].addMenu("&Uncertainty")
        menus["uncertainty"] = menu
        menu.addAction(self.bands_action)
        draws = menu.addMenu("&Draws")
        for action in self.draw_actions.values():
            draws.addAction(action)
        self.vendor_menu = menu.addMenu("&One vendor")
        self._fill_vendor_menu()
        menu.addAction(self.sensitivity_action)

    def _fill_vendor_menu(self) -> None:
        self.vendor_menu.clear()
        group = QActionGroup(self.vendor_menu)
        names = vendor_names(self.session.dataset)
        self.focus_actions = {}
        for vid, name in [("", "All vendors"), *names.items()]:
            action = self.vendor_menu.addAction(menu_text(name))  # AT&T, not ATT; a tab shown
            action.setCheckable(True)
            action.setChecked(vid == (self.panel.focus() or ""))
            action.triggered.connect(lambda _=False, v=vid: self.set_focus(v or None))
            group.addAction(action)
            self.focus_actions[vid] = action

    # --- settings ---------------------------------------------------------------------------
    def restore(self, s: QSettings | None) -> None:
        """Bands on (the default) or as last left; the draw count."""
        on = True if s is None else bool(setting(s, "uncertainty/show_bands", True, bool))
        stored = DEFAULT_DRAWS if s is None else setting(s, "uncertainty/draws", DEFAULT_DRAWS, int)
        n = stored if isinstance(stored, int) else DEFAULT_DRAWS
        self.draws = n if n in DRAW_CHOICES else DEFAULT_DRAWS
        self.draw_actions[self.draws].setChecked(True)
        if self.bands_action.isChecked() == on:
            self.set_bands_on(on)
        self.bands_action.setChecked(on)

    def save(self, s: QSettings) -> None:
        s.setValue("uncertainty/show_bands", self.bands_action.isChecked())
        s.setValue("uncertainty/draws", self.draws)

    # --- state ------------------------------------------------------------------------------
    def bands_on(self) -> bool:
        return bool(self.bands_action.isChecked())

    def set_bands_on(self, on: bool) -> None:
        if self.bands_action.isChecked() != on:
            self.bands_action.setChecked(on)
            return
        self.fan_dock.setVisible(on)
        if on:
            self._show_measure()
            self.request_bands()
        else:
            self.worker.cancel(BANDS_KEY)

    def set_draws(self, n: int) -> None:
        if n not in DRAW_CHOICES:
            raise ValueError(f"draws: {n} is not one of {', '.join(map(str, DRAW_CHOICES))}")
        self.draws = n
        self.draw_actions[n].setChecked(True)
        self._mark_stale()
        self.request_bands()

    def set_focus(self, vendor_id: str | None) -> None:
        """One vendor's line and bands (View > Uncertainty > One vendor), or all (None)."""
        self.panel.set_focus(vendor_id)
        action = self.focus_actions.get(vendor_id or "")
        if action is not None:
            action.setChecked(True)

    def measure(self) -> str:
        """What the fan shows: the purchases chart's measure, else the share."""
        if self.chart_area.chart_name() == "vendor_absolute":
            return str(self.chart_area.measure())
        return "share"

    def current_request(self) -> BandsRequest:
        return BandsRequest(self.session.assumptions, tuple(sorted(self.ranges.ranges().items())),
                            self.draws, SEED, self.session.basis)

    def is_fresh(self) -> bool:
        """Whether the bands shown are those of the values, ranges and draws set now."""
        return self.outcome is not None and self.outcome.request == self.current_request()

    def default_range(self, key: str) -> Range | None:
        """ChipScope's range for ``key`` at the current values (cached per values)."""
        values = self.session.assumptions
        if self._defaults is None or self._defaults[0] is not values:
            self._defaults = (values, default_ranges(self.session.dataset, values.specs, values))
        return self._defaults[1].get(key)

    # --- the ensemble -----------------------------------------------------------------------
    def request_bands(self) -> None:
        """Ask the worker for the bands of the current values (supersedes an older request)."""
        self._timer.stop()
        if not self.bands_on() or self.worker.is_shut_down() or self.is_fresh():
            return
        self.worker.submit(BANDS_KEY, compute_bands, self.session.dataset,
                           self.current_request())

    def _on_projection(self, projection: Projection) -> None:
        self._sync_years(projection)
        if not self.bands_on():
            return
        # The line follows the sliders at most every LINE_THROTTLE_MS during a drag (a second
        # plot repainted on every tick doubled the cost of a step), and exactly on release.
        self._pending = projection
        if self._release_pending:
            # At once, but on the next event-loop pass: after the main chart has painted (as
            # the table does); the chart is what the hand on the slider watches.
            self._line_timer.start(0)
        elif not self._line_timer.isActive():
            since_ms = (time.perf_counter() - self._line_done) * 1000.0
            self._line_timer.start(max(0, round(LINE_THROTTLE_MS - since_ms)))
        if not self.is_fresh():
            # An ensemble still running is for values just left behind: stop it now (between
            # chunks of draws) rather than let it compete with the window for the cores and
            # the interpreter until the next request supersedes it.
            self.worker.cancel(BANDS_KEY)
            self._mark_stale()
            self._timer.start()

    def _show_line(self) -> None:
        self._line_timer.stop()
        self._release_pending = False
        if self._pending is not None:
            self.panel.set_projection(self._pending)
            self._pending = None
            self.lines_shown += 1
        self._line_done = time.perf_counter()

    def line_pending(self) -> bool:
        """Whether a projection that has come waits for the line (held back by the drag
        throttle, or due on the next event-loop pass)."""
        return self._line_timer.isActive() or self._pending is not None

    def _on_released(self, *_: object) -> None:
        if self._line_timer.isActive():
            self._show_line()  # what a drag's throttle held back
        # This edit's projection may still be to come (a key press, a typed value): shown at
        # once too, not held back by the throttle the line just shown restarted.
        self._release_pending = True
        self._released_at = time.perf_counter()
        if self.bands_on() and not self.is_fresh():
            # Shortly after the release, not at once: keyboard steps and typed values come in
            # quick runs, and an ensemble started for each would compete with the window for
            # the two cores only to be cancelled by the next step.
            self._timer.start(RELEASE_DEBOUNCE_MS)
        self._rerun_tornado()

    def _on_ranges(self) -> None:
        self._mark_stale()
        self.request_bands()
        self._rerun_tornado()

    def _rerun_tornado(self) -> None:
        """A tornado on screen follows a finished edit or a new range (not every tick)."""
        if self.tornado_dock.isVisible() and self.tornado.tornado is not None:
            self.tornado.request()

    def _mark_stale(self) -> None:
        if self.outcome is not None:
            self.panel.set_stale(True, f"Bands updating… ({self.draws:,} draws)")

    def _on_finished(self, key: str, result: object) -> None:
        dataset = self.session.dataset
        if key == BANDS_KEY and isinstance(result, BandsOutcome):
            if tuple(result.result.vendor_ids) != tuple(dataset.vendor_ids):
                return  # computed for the dataset just replaced (it finished before the cancel)
            self.outcome = result
            fresh = self.is_fresh()
            if fresh and self._released_at is not None:
                self.last_latency_ms = (time.perf_counter() - self._released_at) * 1000.0
                self._released_at = None
            r = result.result
            note = (f"{r.n:,} draws (seed {r.seed}, Latin hypercube), {len(r.keys)} uncertain "
                    f"inputs, {result.compute_ms:.0f} ms" if fresh
                    else f"Bands updating… ({self.draws:,} draws)")
            self.panel.set_result(r, not fresh, note)
            if not fresh:
                self.request_bands()
        elif key == TORNADO_KEY and isinstance(result, TornadoOutcome):
            if set(result.assumptions) != set(self.session.assumptions):
                return  # for the dataset just replaced
            stale = result.assumptions != self.session.assumptions
            self.tornado.set_tornado(result.tornado, f"({result.compute_ms:.0f} ms)"
                                     + (" Values changed since: run again." if stale else ""))

    def _on_failed(self, key: str, message: str) -> None:
        first = message.split("\n", 1)[0]
        if key == BANDS_KEY:
            self.panel.set_stale(True, f"Bands not computed: {first}")
        elif key == TORNADO_KEY:
            self.tornado.set_running(None)
            self.tornado.status.setText(f"Tornado not computed: {first}")

    def _on_progress(self, key: str, fraction: float) -> None:
        if key == TORNADO_KEY:
            self.tornado.set_running(fraction)

    def _show_measure(self) -> None:
        if self.bands_on():
            self.panel.set_measure(self.measure(), self.session.projection)

    def _on_dataset(self, dataset: Dataset) -> None:
        self.worker.cancel(BANDS_KEY)
        self.worker.cancel(TORNADO_KEY)
        self.outcome = None
        self._defaults = None
        if dropped := self.ranges.keep_fitting(self.session.specs):  # a data edit keeps them
            self.window.statusBar().showMessage(f"Your ranges of {', '.join(dropped)} no "
                                                "longer fit the data and were dropped", 8000)
        old = self.panel
        self.panel = FanPanel(vendor_names(dataset), vendor_colours(dataset))
        self.panel.focus_chosen.connect(lambda vid: self.set_focus(vid or None))
        self.fan_dock.setWidget(self.panel)
        old.deleteLater()
        self._show_measure()  # the new panel's title and axis (they were blank: pass 18 E1)
        self.tornado.set_dataset(dataset, [])
        if hasattr(self, "vendor_menu"):
            self._fill_vendor_menu()

    def _sync_years(self, projection: Projection) -> None:
        self.tornado.set_years([int(y) for y in projection.years
                                if int(y) > projection.base_year])

    def shutdown(self) -> None:
        """Cancel the background work and wait for its thread (the window's close)."""
        self._timer.stop()
        self.worker.shutdown()

    # --- tornado ----------------------------------------------------------------------------
    def show_sensitivity(self) -> None:
        """Open the Sensitivity dock and run the tornado of the chosen output."""
        self.tornado_dock.show()
        self.tornado_dock.raise_()
        self.tornado.request()

    def run_tornado(self, metric: Metric) -> None:
        self.tornado.set_running(0.0)
        self.worker.submit(TORNADO_KEY, compute_tornado, self.session.dataset,
                           self.session.assumptions, metric, self.ranges.ranges())

    def reveal(self, key: str) -> None:
        """Show and focus ``key``'s control in the assumptions panel (a tornado bar's click)."""
        dock = self.window.assumptions_dock
        dock.show()
        dock.raise_()
        reveal_assumption(self.window.assumptions_panel, key)
        self.fields.attach()  # an adopter's page may have just been built
