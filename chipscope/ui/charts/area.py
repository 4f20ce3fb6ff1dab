"""The chart area: four pyqtgraph charts of a projection, with their own small control row.

``ChartArea.set_projection`` redraws only the visible chart, in place (``setData`` /
``setOpts`` on items created once per chart and dataset); the hidden charts catch up when
they are shown. Run ``python -m chipscope.ui.previews charts`` to open the chart area on its own.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from chipscope.model.chart_data import ProjectionInput
from chipscope.model.difference import Reference
from chipscope.model.projection import MEASURE_LABELS, MEASURES, Measure, Projection
from chipscope.model.table_meta import Table
from chipscope.ui.charts.base import StackChart
from chipscope.ui.charts.reference import ReferenceLines
from chipscope.ui.charts.registry import (
    CHART_NAMES,
    CHART_TIPS,
    CHART_TITLES,
    build_chart,
    dataset_credit,
)
from chipscope.ui.elided import ElidedComboBox
from chipscope.ui.palette import ChartTheme, chart_theme
from chipscope.ui.teardown import release_when_destroyed

__all__ = ["CHART_NAMES", "CHART_TIPS", "CHART_TITLES", "ChartArea", "dataset_credit"]


def _stack_chart(name: str, dataset: Any, theme: ChartTheme) -> StackChart:
    chart = build_chart(name, dataset, theme)
    assert isinstance(chart, StackChart), name  # CHART_NAMES are the projection charts
    return chart


def _combo(name: str, tip: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = ElidedComboBox()  # its text ends in "…" when narrow, and opens its tooltip
    combo.setObjectName(name)
    combo.setToolTip(tip)
    for text, data in items:
        combo.addItem(text, data)
    return combo


COMBO_LEAST_CHARS = 12
"""The least width, in average characters, the chart and measure selectors give up to in a
narrow window (their text then ends in "…", the whole text in their tooltip); at their full
width whenever the row has the room."""
COMBO_CHROME = 30
"""A selector's width besides its text: its frame and drop-down arrow."""


def _fix_least_width(chart: QComboBox, measure: QComboBox, year: QComboBox,
                     year_label: QLabel) -> None:
    """Give the control row a least width that is small and the same for every chart: the
    selectors may shrink to :data:`COMBO_LEAST_CHARS` characters, and the year selector (shown
    for the adopters chart only) keeps its room when hidden. Else showing it widened the
    central widget's least width by ~140 px, and Qt widened a window fitted to a 1,024 px
    screen past the screen's edge."""
    for combo in (chart, measure):
        least = combo.fontMetrics().averageCharWidth() * COMBO_LEAST_CHARS + COMBO_CHROME
        combo.setMinimumWidth(min(combo.minimumSizeHint().width(), least))
    # Its items come with the first projection: its least width is a projected year's, whole.
    year.setMinimumWidth(year.fontMetrics().horizontalAdvance("2030 (proj.)") + COMBO_CHROME)
    for widget in (year, year_label):
        policy = widget.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        widget.setSizePolicy(policy)


class ChartArea(QWidget):
    """The charts of one projection, with a chart, measure and year selector.

    Signals
    -------
    chart_changed(str), measure_changed(str), year_changed(int)
        Emitted when the chart, the measure or the adopters chart's year changes, whether by
        the user or by a setter (not when the value stays the same).
    year_clicked(int)
        The user clicked a year's column or bar in a chart over the years.
    """

    chart_changed = Signal(str)
    measure_changed = Signal(str)
    year_changed = Signal(int)
    year_clicked = Signal(int)

    def __init__(self, dataset: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dataset = dataset
        self._projection: Projection | None = None
        self._chart = CHART_NAMES[0]
        self._measure: Measure = "h100e"
        self._year: int | None = None
        self._chosen_year: int | None = None  # the year asked for; None: follow the horizon
        self._stale: set[str] = set(CHART_NAMES)
        self._views: dict[str, StackChart] = {}
        self._reference: Reference | None = None
        self._reference_lines: dict[str, ReferenceLines] = {}
        self._stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_controls())
        layout.addWidget(self._stack, 1)
        self._build_views()
        # pyqtgraph's plots hold cycles (and their context menus, live widgets): freed with
        # the area, not by Python's collector later (also outside a main window).
        release_when_destroyed(self)

    # --- construction -------------------------------------------------------------------
    def _build_controls(self) -> QHBoxLayout:
        self._chart_combo = _combo("chart_selector", "Which chart to show (Alt+C)",
                                   [(CHART_TITLES[n], n) for n in CHART_NAMES])
        for i, name in enumerate(CHART_NAMES):
            self._chart_combo.setItemData(i, CHART_TIPS[name], Qt.ItemDataRole.ToolTipRole)
        self._measure_combo = _combo(
            "measure_selector",
            "Count purchases as compute (H100-equivalents), chips, or spend in USD (Alt+M)",
            [(MEASURE_LABELS[m], m) for m in MEASURES])
        self._year_combo = _combo("year_selector",
                                  "The year the 'Who buys what' chart shows (Alt+Y)", [])
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 0)
        self._year_label = QLabel("&Year:")
        for text, combo in (("&Chart:", self._chart_combo), ("&Measure:", self._measure_combo),
                            (None, self._year_combo)):
            label = self._year_label if text is None else QLabel(text)
            label.setBuddy(combo)
            row.addWidget(label)
            row.addWidget(combo)
            row.addSpacing(12)
        row.addStretch()  # after the selectors' whole width: they are elided only when need be
        _fix_least_width(self._chart_combo, self._measure_combo, self._year_combo,
                         self._year_label)
        self._chart_combo.activated.connect(self._on_chart_chosen)
        self._measure_combo.activated.connect(self._on_measure_chosen)
        self._year_combo.activated.connect(self._on_year_chosen)
        self._show_year_selector()
        return row

    def _on_chart_chosen(self, index: int) -> None:
        self.set_chart(self._chart_combo.itemData(index))

    def _on_measure_chosen(self, index: int) -> None:
        self.set_measure(self._measure_combo.itemData(index))

    def _on_year_chosen(self, index: int) -> None:
        self.set_adopter_year(int(self._year_combo.itemData(index)))

    def _build_views(self) -> None:
        for view in self._views.values():
            self._stack.removeWidget(view.widget)
            view.widget.deleteLater()
        theme = chart_theme(self.palette())
        self._views = {name: _stack_chart(name, self._dataset, theme) for name in CHART_NAMES}
        for name in CHART_NAMES:
            self._stack.addWidget(self._views[name].widget)
            view = self._views[name]
            view.widget.scene().sigMouseClicked.connect(
                lambda event, v=view: self._on_click(v, event))
        self._stack.setCurrentWidget(self._views[self._chart].widget)
        self._stale = set(CHART_NAMES)
        self._reference_lines = {name: ReferenceLines(view) for name, view in self._views.items()
                                 if view.reference_style}
        for lines in self._reference_lines.values():
            lines.set_reference(self._reference)

    # --- public API ---------------------------------------------------------------------
    def dataset(self) -> Any:
        """The dataset the charts name vendors, chips and adopters from."""
        return self._dataset

    def projection(self) -> Projection | None:
        """The projection on show (None before the first :meth:`set_projection`)."""
        return self._projection

    def set_dataset(self, dataset: Any) -> None:
        """Switch to another dataset: rebuilds the charts' items (the only rebuild)."""
        self._dataset = dataset
        self._projection = None
        self._reference = None  # it was projected on the old dataset
        self._build_views()

    def set_projection(self, projection: Projection) -> None:
        """Show ``projection``: updates the visible chart's items in place."""
        if tuple(projection.vendor_ids) != tuple(self._dataset.vendor_ids):
            raise ValueError("projection: its vendors do not match the chart's dataset "
                             f"({', '.join(projection.vendor_ids)})")
        self._projection = projection
        # The measure list names the basis too ("Compute (H100e, dense 8-bit)").
        h100e = MEASURES.index("h100e")
        if self._measure_combo.itemText(h100e) != projection.label("h100e"):
            self._measure_combo.setItemText(h100e, projection.label("h100e"))
        self._sync_years(projection)
        self._stale = set(CHART_NAMES)
        self._refresh()

    def reference(self) -> Reference | None:
        """The reference whose ghost lines the vendor charts draw (None: no lines)."""
        return self._reference

    def set_reference(self, reference: Reference | None) -> None:
        """Draw ``reference``'s vendor boundaries as ghost lines over the vendor share and
        purchases-by-vendor charts (None: remove them)."""
        self._reference = reference
        for name, lines in self._reference_lines.items():
            lines.set_reference(reference)
            self._stale.add(name)
        self._refresh()

    def reference_lines(self) -> ReferenceLines | None:
        """The visible chart's ghost lines (None if it draws none)."""
        return self._reference_lines.get(self._chart)

    def chart_name(self) -> str:
        """The visible chart, one of :data:`CHART_NAMES`."""
        return self._chart

    def set_chart(self, name: str) -> None:
        """Show chart ``name`` (one of :data:`CHART_NAMES`)."""
        if name not in CHART_NAMES:
            raise ValueError(f"chart: {name!r} is not one of {', '.join(CHART_NAMES)}")
        self._chart_combo.setCurrentIndex(CHART_NAMES.index(name))
        if name == self._chart:
            return
        self._chart = name
        self._stack.setCurrentWidget(self._views[name].widget)
        self._show_year_selector()
        self._refresh()
        self.chart_changed.emit(name)

    def measure(self) -> str:
        """The measure the charts count purchases in."""
        return self._measure

    def set_measure(self, measure: str) -> None:
        """Count purchases as ``"h100e"``, ``"units"`` or ``"spend_usd"``."""
        if measure not in MEASURES:
            raise ValueError(f"measure: {measure!r} is not one of {', '.join(MEASURES)}")
        self._measure_combo.setCurrentIndex(MEASURES.index(measure))
        if measure == self._measure:
            return
        self._measure = measure
        self._stale = set(CHART_NAMES)
        self._refresh()
        self.measure_changed.emit(measure)

    def adopter_year(self) -> int | None:
        """The adopters chart's year: the horizon (last projected year, as the CLI's
        ``export-chart``) until one is chosen, then the chosen year, clamped to the
        projection's years; None before any data."""
        return self._year

    def set_adopter_year(self, year: int) -> None:
        """The year the adopters chart shows; must be within the projection's years.

        The choice is kept when the projection changes (clamped to its years); before it,
        the chart follows the horizon.
        """
        year = int(year)
        p = self._projection
        if p is not None and not int(p.years[0]) <= year <= int(p.years[-1]):
            raise ValueError(f"year: {year} is outside {int(p.years[0])}-{int(p.years[-1])}")
        self._chosen_year = year
        self._select_year(year)
        if year == self._year:
            return
        self._year = year
        self._stale.add("adopters")
        self._refresh()
        self.year_changed.emit(year)

    def plot_widget(self) -> pg.PlotWidget:
        """The visible chart's plot widget (for export and tests)."""
        return self._views[self._chart].widget

    def current_view(self) -> StackChart:
        """The visible chart's view (its ``frame`` holds the numbers drawn)."""
        return self._views[self._chart]

    def table(self) -> Table:
        """The numbers behind the visible chart, with their column metadata."""
        return self._views[self._chart].table()

    def current_table(self) -> pd.DataFrame:
        """The numbers behind the visible chart, units in the column names."""
        return self.table().frame

    def chart_input(self) -> ProjectionInput:
        """What the visible chart draws (for a render of it: see ``charts.render``).

        Raises
        ------
        ValueError
            Before a projection is shown.
        """
        p = self._projection
        if p is None:
            raise ValueError("chart: there is nothing to export before a projection is shown")
        return ProjectionInput(p, self._measure, self._year or p.base_year, self._reference)

    def series_data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """What the visible chart plots, per series: (positions, values or shares in %)."""
        return self._views[self._chart].series_data()

    def series_colours(self) -> dict[str, QColor]:
        """Each series of the visible chart and its colour (for the table's columns)."""
        view = self._views[self._chart]
        if view.frame is None:
            return {}
        return dict(zip(view.frame.series, view.colours_for(view.frame), strict=True))

    def readout_text(self) -> str:
        """The hover read-out's text, "" when it is hidden."""
        readout = self._views[self._chart].readout
        return str(readout.textItem.toPlainText()) if readout.isVisible() else ""

    # --- internals ----------------------------------------------------------------------
    def _refresh(self) -> None:
        if self._projection is None or self._chart not in self._stale:
            return
        self._views[self._chart].draw(
            ProjectionInput(self._projection, self._measure, self._year or 0))
        self._stale.discard(self._chart)

    def _on_click(self, view: StackChart, event: Any) -> None:
        if view.category != "year" or view.frame is None \
                or event.button() != Qt.MouseButton.LeftButton:
            return
        vb = view.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        x = vb.mapSceneToView(event.scenePos()).x()
        years = view.frame.positions
        i = int(np.argmin(np.abs(years - x)))
        if abs(years[i] - x) <= 0.5:
            self.year_clicked.emit(int(years[i]))

    def _sync_years(self, projection: Projection) -> None:
        years = [int(y) for y in projection.years]
        if [self._year_combo.itemData(i) for i in range(self._year_combo.count())] != years:
            self._year_combo.clear()
            for y in years:
                self._year_combo.addItem(f"{y}{'' if y <= projection.base_year else ' (proj.)'}", y)
        # The horizon until the user picks a year; then their year, within this projection's.
        year = self._chosen_year if self._chosen_year is not None else years[-1]
        year = min(max(year, years[0]), years[-1])
        self._select_year(year)
        if year != self._year:
            self._year = year
            self.year_changed.emit(year)

    def _select_year(self, year: int) -> None:
        index = self._year_combo.findData(year)
        if index >= 0:
            self._year_combo.setCurrentIndex(index)

    def _show_year_selector(self) -> None:
        visible = self._chart == "adopters"
        self._year_label.setVisible(visible)
        self._year_combo.setVisible(visible)

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: follow palette changes (light / dark theme)."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            theme = chart_theme(self.palette())
            for view in self._views.values():
                view.apply_theme(theme)
        super().changeEvent(event)
