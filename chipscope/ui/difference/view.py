"""View > Difference from reference: a pinned reference scenario drawn as ghost lines over the
vendor charts, and a per-vendor read-out of the difference in one year.

:class:`DifferenceView` owns the choice of reference (the Baseline defaults, a preset or saved
scenario, or a pinned copy of the working values), projects it once (about 2 ms: on the GUI
thread, when the reference, the dataset or the compute basis changes, never on a slider tick),
hands it to the chart area and fills the :class:`~chipscope.ui.difference.panel.DifferencePanel`
dock from :func:`~chipscope.model.difference.vendor_deltas` after each projection (once the
chart has painted, at most every 100 ms during a drag, and always after the last tick). The toggle,
the reference (unless pinned) and the year are kept in QSettings.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from chipscope.model import Assumptions, Dataset, Projection
from chipscope.model.basis import project_on_basis
from chipscope.model.difference import Reference, common_years, default_year, vendor_deltas
from chipscope.model.document_state import map_assumptions
from chipscope.model.projection import BASIS_LABELS
from chipscope.model.scenario_store import reason
from chipscope.storage import StorageError
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.charts.registry import vendor_names
from chipscope.ui.difference.panel import DifferencePanel
from chipscope.ui.plain import elide
from chipscope.ui.scenarios.working import WorkingScenario
from chipscope.ui.stored_settings import setting

BASELINE = "baseline"
PINNED = "pinned"
SAVED = "saved:"
SHORTCUT = "Ctrl+D"
REFRESH_MS = 100.0
"""During a drag the read-out is refreshed at most this often (ms); the chart every tick."""
DOCK_WIDTH = 470  # logical pixels: the read-out's six columns without scrolling


class DifferenceView(QObject):
    """The difference-from-reference view of ``window``; see the module docstring.

    Attributes
    ----------
    toggle_action : the checkable View menu entry (Ctrl+D).
    dock : the read-out's dock (right of the chart). panel : the read-out.

    Signals
    -------
    reference_changed(object) : the reference (a :class:`Reference`, or None when off) was
        recomputed or replaced.
    """

    reference_changed = Signal(object)

    def __init__(self, window: QMainWindow, working: WorkingScenario,
                 chart_area: ChartArea) -> None:
        super().__init__(window)
        self.window = window
        self.working = working
        self.session = working.session
        self.chart_area = chart_area
        self._key = BASELINE
        self._pinned: tuple[str, Assumptions] | None = None
        self._reference: Reference | None = None
        self._projected_values: Assumptions | None = None  # what the reference projects
        self._chosen_year: int | None = None
        self.year: int | None = None
        self.last_reference_ms = 0.0
        self._sized = False
        # The read-out follows after the chart has painted (the chart is what the hand on the
        # slider watches), at most every REFRESH_MS during a drag; the last tick always shows.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self._refreshed_at = 0.0
        self.panel = DifferencePanel()
        self.dock = QDockWidget("Difference from reference", window)
        self.dock.setObjectName("difference")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.dock.setWidget(self.panel)
        # Under the chart, beside the table: the chart keeps its width.
        # Under the chart, beside the table's tabs (not one more tab): the chart keeps its width.
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock,
                             Qt.Orientation.Horizontal)
        self.dock.hide()
        self.toggle_action = QAction("&Difference from reference", window)
        self.toggle_action.setCheckable(True)
        self.toggle_action.setShortcut(QKeySequence(SHORTCUT))
        self.toggle_action.setStatusTip("Draw a reference scenario's vendor boundaries over the "
                                        "chart and list each vendor's difference from it")
        self.toggle_action.toggled.connect(self.set_on)
        self.panel.reference_chosen.connect(self.choose)
        self.panel.pin_requested.connect(self.pin_current)
        self.panel.year_chosen.connect(self.set_year)
        self.panel.close_requested.connect(lambda: self.set_on(False))
        self.panel.palette_changed.connect(self.refresh)
        self.session.projection_changed.connect(self._on_projection)
        self.session.dataset_changed.connect(self._on_dataset)
        chart_area.measure_changed.connect(lambda _m: self.refresh())
        chart_area.year_clicked.connect(self._on_year_clicked)
        working.scenarios_changed.connect(self._on_scenarios)
        working.state_changed.connect(self._on_state)  # a save of the reference scenario

    def install(self, menus: dict[str, QMenu]) -> None:
        """Put the toggle in the View menu, after the chart choices."""
        view = menus["view"]
        actions = view.actions()
        separators = [a for a in actions if a.isSeparator()]
        if separators:
            view.insertAction(separators[0], self.toggle_action)
        else:
            view.addAction(self.toggle_action)

    # --- state ------------------------------------------------------------------------------
    def is_on(self) -> bool:
        return self.toggle_action.isChecked()

    def reference(self) -> Reference | None:
        """The reference drawn and compared with (None while the view is off)."""
        return self._reference if self.is_on() else None

    def reference_key(self) -> str:
        """``"baseline"``, ``"pinned"`` or ``"saved:<name>"``."""
        return self._key

    def set_on(self, on: bool) -> None:
        """Show or hide the ghost lines and the read-out together."""
        if self.toggle_action.isChecked() != on:
            self.toggle_action.setChecked(on)  # comes back here through toggled
            return
        self.dock.setVisible(on)
        if on and not self._sized:
            self._sized = True  # once: afterwards the user's place and width stand
            self.window.resizeDocks([self.dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        if on:
            self._refresh_choices()
            self._recompute()
        else:
            self.chart_area.set_reference(None)
            self.reference_changed.emit(None)

    def choose(self, key: str) -> None:
        """Compare with reference ``key`` (``"baseline"``, ``"pinned"``, ``"saved:<name>"``)."""
        if key == PINNED and self._pinned is None:
            raise ValueError("reference: nothing is pinned yet")
        self._key = key
        self._refresh_choices()
        if self.is_on():
            self._recompute()

    def pin_current(self) -> None:
        """Pin the current assumptions as the reference (kept until another is chosen)."""
        name = f"{self.working.name} as of {time.strftime('%H:%M:%S')}"
        self._pinned = (name, self.session.assumptions)
        self.choose(PINNED)
        self.window.statusBar().showMessage(f"Reference pinned: {name}", 5000)

    def set_year(self, year: int) -> None:
        """Show the differences in ``year`` (clamped to the years both projections cover)."""
        self._chosen_year = int(year)
        self.refresh()

    def _on_year_clicked(self, year: int) -> None:
        if self.is_on():
            self.set_year(year)

    # --- computing --------------------------------------------------------------------------
    def _reference_values(self) -> tuple[str, Assumptions]:
        specs = self.session.specs
        if self._key == PINNED and self._pinned is not None:
            return self._pinned
        if self._key.startswith(SAVED):
            name = self._key[len(SAVED):]
            try:
                return name, self.working.assumptions_of(name)
            except (StorageError, ValueError) as exc:
                self.panel.show_message(f"\u201c{elide(name)}\u201d cannot be the reference "
                                        f"({reason(exc)}); "
                                        "showing the Baseline.")
                self._key = BASELINE
                self._refresh_choices()
        return "Baseline", specs.defaults()

    def _recompute(self) -> None:
        self.panel.show_message("")
        name, values = self._reference_values()
        start = time.perf_counter()
        projection = project_on_basis(self.session.dataset, values, self.session.basis)
        self.last_reference_ms = (time.perf_counter() - start) * 1000.0
        self._reference = Reference(name, projection)
        self._projected_values = values
        self.chart_area.set_reference(self._reference)
        self.reference_changed.emit(self._reference)
        self.refresh()

    def _on_dataset(self, dataset: Dataset) -> None:
        if self._pinned is not None:  # carried over where its keys still fit
            name, values = self._pinned
            self._pinned = (name, map_assumptions(values, self.session.specs)[0])
        self._reference = None
        self._refresh_choices()

    def _on_scenarios(self) -> None:
        self._refresh_choices()
        self._on_state()

    def _on_state(self) -> None:
        # Rare (a save, a rename, the modified flag flipping): worth a look at the store.
        if not self.is_on() or not self._key.startswith(SAVED) or self._reference is None:
            return
        try:
            values = self.working.assumptions_of(self._key[len(SAVED):])
        except (StorageError, ValueError):
            values = None
        if values != self._projected_values:
            self._recompute()  # saved again with other values, or gone

    def _on_projection(self, projection: Projection) -> None:
        if not self.is_on():
            return
        if self._reference is None or not self._reference.fits(projection):
            self._recompute()  # a new dataset or compute basis: once, not per tick
        elif not self._timer.isActive():
            since_ms = (time.monotonic() - self._refreshed_at) * 1000.0
            self._timer.start(int(max(0.0, REFRESH_MS - since_ms)))

    def is_stale(self) -> bool:
        """True while the read-out has not caught up with the latest projection."""
        return self._timer.isActive()

    def refresh(self) -> None:
        """Fill the read-out from the current projection (cheap: runs on every tick)."""
        self._timer.stop()
        self._refreshed_at = time.monotonic()
        ref = self._reference
        if not self.is_on() or ref is None:
            return
        current = self.session.projection
        if not ref.fits(current):
            return
        years = common_years(current, ref.projection)
        year = self._chosen_year if self._chosen_year is not None else default_year(
            current, ref.projection)
        year = min(max(year, years[0]), years[-1])
        self.year = year
        self.panel.set_years(years, current.base_year, year)
        measure = self.chart_area.measure()
        deltas = vendor_deltas(current, ref.projection, year, measure,  # type: ignore[arg-type]
                              vendor_names(self.session.dataset))
        period = "history" if year <= current.base_year else "projection"
        caption = (f"{year} ({period}) \u00b7 shares of {current.label(measure)} \u00b7 "
                   f"against \u201c{elide(ref.name)}\u201d \u00b7 \u0394 H100e "
                   f"{BASIS_LABELS[current.basis]}")
        self.panel.show_deltas(deltas, caption, "H100e")

    def _refresh_choices(self) -> None:
        choices = [("Baseline (every default)", BASELINE)]
        if self._pinned is not None:
            choices.append((f"Pinned: {self._pinned[0]}", PINNED))
        try:
            names = self.working.names()
        except StorageError:
            names = [p.name for p in self.working.presets]
        choices += [(n, SAVED + n) for n in names]
        if self._key not in {k for _t, k in choices}:
            self._key = BASELINE  # deleted or renamed: back to the Baseline
        self.panel.set_choices(choices, self._key)

    # --- settings ---------------------------------------------------------------------------
    def restore(self, settings: QSettings) -> None:
        """The toggle, the reference (unless pinned: the values are not kept) and the year."""
        key = str(setting(settings, "view/difference_reference", BASELINE, str))
        self._key = key if key == BASELINE or key.startswith(SAVED) else BASELINE
        year = setting(settings, "view/difference_year", 0, int)
        self._chosen_year = year if isinstance(year, int) and year > 0 else None
        self._refresh_choices()
        self.set_on(bool(setting(settings, "view/difference", False, bool)))

    def save(self, settings: QSettings) -> None:
        settings.setValue("view/difference", self.is_on())
        settings.setValue("view/difference_reference",
                          BASELINE if self._key == PINNED else self._key)
        settings.setValue("view/difference_year", self._chosen_year or 0)
