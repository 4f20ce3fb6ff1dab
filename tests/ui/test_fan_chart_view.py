"""The fan chart's own view: its y range holds everything drawn and stays put for small moves
(so a slider step repaints lines, not rescaled axes and re-rendered bands), its grid is at the
axis's major ticks, and the plot fits the dock's width (the legend once pushed its right part
out of sight)."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.model.projection import Projection
from chipscope.ui.session import Session
from chipscope.ui.uncertainty.fan_chart import Y_KEEP, FanChart
from chipscope.ui.uncertainty.fan_panel import FanPanel
from chipscope.ui.uncertainty.jobs import BandsRequest
from tests.ui.fan_setup import fan_panel


@pytest.fixture
def session(real_dataset: Dataset) -> Session:
    return Session(real_dataset)


@pytest.fixture
def panel(qtbot: QtBot, session: Session) -> FanPanel:
    return fan_panel(qtbot, session, 419, 600, draws=200, note="test")


def y_range(chart: FanChart) -> tuple[float, float]:
    (_x0, _x1), (y0, y1) = chart.plot_item.getViewBox().viewRange()
    return float(y0), float(y1)


def drawn_max(chart: FanChart, focus: str | None) -> float:
    top = 0.0
    for vid, items in chart.items.items():
        if focus is not None and vid != focus:
            continue
        for curve in (items.history, items.projected, *items.edges.values()):
            _x, y = curve.getData()
            if y is not None and len(y):
                top = max(top, float(np.nanmax(y)))
    return top


@pytest.mark.parametrize("measure", ["share", "h100e", "spend_usd"])
@pytest.mark.parametrize("focus", [None, "aws", "nvidia"])
def test_the_y_range_holds_everything_drawn(panel: FanPanel, session: Session, measure: str,
                                            focus: str | None) -> None:
    panel.set_measure(measure, session.projection)
    panel.set_focus(focus)
    y0, y1 = y_range(panel.chart)
    top = drawn_max(panel.chart, focus)
    assert top > 0
    assert y0 <= 0.0 and y1 >= top
    assert y1 <= top / Y_KEEP * 1.1  # not a range far above the data either


def test_small_moves_keep_the_range_and_large_ones_change_it(panel: FanPanel,
                                                             session: Session) -> None:
    chart = panel.chart
    projection: Projection = session.projection
    before = y_range(chart)
    values = np.asarray(projection.vendor_shares("h100e"))
    chart.set_central(projection.years, values * 1.02, projection.base_year)
    assert y_range(chart) == before  # a slider step: same axes
    chart.set_central(projection.years, values * 3.0, projection.base_year)
    assert y_range(chart)[1] >= 3.0 * 100.0 * float(values.max()) > before[1]


def test_the_grid_sits_on_the_major_ticks(panel: FanPanel) -> None:
    chart = panel.chart
    vb = chart.plot_item.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    levels = chart.plot_item.getAxis("left").tickValues(y0, y1, vb.height())
    ticks = sorted(v for v in levels[0][1] if y0 <= v <= y1)
    xs, ys = chart.grid.getData()
    assert ticks and sorted(set(np.round(ys, 9))) == pytest.approx(ticks)
    assert set(np.round(xs, 9)) == {round(x0, 9), round(x1, 9)}
    # The axis draws no translucent grid over the plot (that made every change repaint it).
    assert chart.plot_item.getAxis("left").grid is False


@pytest.mark.parametrize("width", [419, 330, 260])
@pytest.mark.parametrize("measure", ["share", "h100e"])
def test_the_plot_fits_the_width(panel: FanPanel, session: Session, qtbot: QtBot, width: int,
                                 measure: str) -> None:
    panel.set_measure(measure, session.projection)
    panel.resize(width, 600)
    qtbot.wait(50)
    chart = panel.chart
    shown = chart.plot_item.sceneBoundingRect().width()
    assert shown <= chart.viewport().width() + 1
    # The bands' fills are still drawn from the edge curves (which are not in the scene).
    items = chart.items["nvidia"]
    assert not items.outer.path().isEmpty() and not items.inner.path().isEmpty()
    # Every year is in view (2022 to the horizon), not cut at the right.
    (x0, x1), _y = chart.plot_item.getViewBox().viewRange()
    years = session.projection.years
    assert x0 <= years[0] and x1 >= years[-1]


def test_focus_title_uses_the_short_name(panel: FanPanel) -> None:
    panel.set_focus("aws")
    assert panel.chart.plot_item.titleLabel.text.startswith("AWS: ")


def test_a_move_stops_the_ensemble_of_the_values_left_behind(qtbot: QtBot, session: Session,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """While bands are computed, the next slider move cancels that (now stale) ensemble at
    once, instead of letting it run on beside the window until a new request supersedes it."""
    import threading
    import time

    from chipscope.model.tasks import NO_CONTEXT, TaskContext
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.uncertainty import controller

    started = threading.Event()
    stopped: list[float] = []

    def slow_bands(dataset: Dataset, request: BandsRequest, *,
                   context: TaskContext = NO_CONTEXT) -> object:
        started.set()
        deadline = time.monotonic() + 30.0
        while time.monotonic() < deadline:
            if context.cancelled():
                stopped.append(time.monotonic())
                context.check()
            time.sleep(0.005)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(controller, "compute_bands", slow_bands)
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    u = win.uncertainty
    u.request_bands()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.wait(400)  # past any request the window's start-up still had pending
    assert u.worker.is_busy(controller.BANDS_KEY)
    generation = u.worker.generation(controller.BANDS_KEY)
    moved_at = time.monotonic()
    with qtbot.waitSignal(u.worker.cancelled, timeout=10_000):
        win.session.set_value("lock_in", float(win.session.assumptions["lock_in"]) * 0.9)
    assert stopped and stopped[-1] >= moved_at
    # ... and no new request has been sent yet: that waits for the debounce after the move.
    assert u.worker.generation(controller.BANDS_KEY) == generation
    u.shutdown()


def test_the_line_follows_a_drag_at_most_every_throttle_and_a_release_at_once(
        qtbot: QtBot, session: Session) -> None:
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.panels.param_widgets import ParamEditor
    from chipscope.ui.uncertainty.controller import LINE_THROTTLE_MS

    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    u = win.uncertainty
    editor = win.assumptions_panel.editor("lock_in")
    assert isinstance(editor, ParamEditor)
    editor.slider.setSliderDown(True)
    qtbot.wait(LINE_THROTTLE_MS + 50)
    shown = u.lines_shown
    editor.slider.setValue(editor.slider.value() - 3)
    qtbot.waitUntil(lambda: u.line_pending()
                    or u.lines_shown > shown, timeout=5_000)
    editor.slider.setValue(editor.slider.value() - 3)  # a second tick within the throttle
    qtbot.waitUntil(lambda: not u.line_pending(), timeout=5_000)
    assert u.lines_shown - shown <= 2
    drawn = u.panel.chart.items["nvidia"].projected.getData()[1]
    expected = 100.0 * win.session.projection.vendor_shares("h100e")[
        win.session.projection.years >= win.session.projection.base_year,
        list(session.dataset.vendor_ids).index("nvidia")]
    assert np.allclose(drawn, expected)  # the line ends on the last value
    editor.slider.setSliderDown(False)  # the release: the line at once
    shown = u.lines_shown
    editor.slider.setValue(editor.slider.value() + 5)
    qtbot.waitUntil(lambda: u.lines_shown > shown, timeout=5_000)
    assert not u.line_pending()
    u.shutdown()


def test_a_key_press_right_after_a_held_back_line_is_drawn_at_once(qtbot: QtBot,
                                                                      session: Session) -> None:
    """An edit that finishes while the throttle holds a line back (values set without a
    release, e.g. Reset all, then a key press) shows the held-back line and then its own
    projection at once, not 100 ms later."""
    from PySide6.QtWidgets import QApplication

    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.panels.param_widgets import ParamEditor

    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    u = win.uncertainty
    for factor in (0.9, 0.8):  # two projections within the throttle: the second is held back
        count = win.session.recompute_count
        win.session.set_value("switching_speed",
                              float(win.session.assumptions["switching_speed"]) * factor)
        qtbot.waitUntil(lambda c=count: win.session.recompute_count > c, timeout=5_000)
    assert u._line_timer.isActive()
    editor = win.assumptions_panel.editor("lock_in")
    assert isinstance(editor, ParamEditor)
    count = win.session.recompute_count
    editor.slider.setValue(editor.slider.value() - 7)  # a key press: its edit finishes at once
    qtbot.waitUntil(lambda: win.session.recompute_count > count, timeout=5_000)
    for _ in range(3):  # a few event-loop passes: far less than the 100 ms throttle
        QApplication.processEvents()
    assert not u.line_pending()
    p = win.session.projection
    drawn = u.panel.chart.items["nvidia"].projected.getData()[1]
    j = list(session.dataset.vendor_ids).index("nvidia")
    assert np.allclose(drawn, 100.0 * p.vendor_shares("h100e")[p.years >= p.base_year, j])
    u.shutdown()
