"""Pass 33 (s8): the adopters chart 600 to 720 px wide kept a plot 0 to 66 px wide: the
legend's fit took the axes for ~60 px, but the left axis carries the adopters' names and
totals (~350 px), and the legend went beside the plot. The fit measures the left axis's tick
labels, and puts the legend under the plot when beside it would leave the plot less than
:data:`~chipscope.ui.charts.fit.MIN_BESIDE`. In the window at 1024 x 600, the legend under the
plot in columns ran ~30 px off the chart's right edge (its names at 8 pt are wider than 8/9 of
their width at 9 pt): the fit measures each size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from chipscope.ui.charts.fit import MIN_BESIDE
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass31_chart_title_fits import inside, laid_out, real_input, visible_parts

__all__ = ["real_input"]  # the fixture, shared

ROUNDING = 2.0  # px


@pytest.mark.parametrize("size", [(600, 400), (640, 480), (720, 480), (800, 480),
                                  (900, 600), (1000, 400)])
def test_the_adopters_plot_keeps_a_usable_width_beside_its_long_names(
        monkeypatch: pytest.MonkeyPatch, real_input: Any, size: tuple[int, int]) -> None:
    dataset, data = real_input
    view, frame = laid_out(monkeypatch, "adopters", dataset, data, *size)
    try:
        left = view.plot.getAxis("left")
        assert abs(view.axes_room() - left.geometry().width() - 16.0) <= ROUNDING, \
            "the fit's left axis is the laid-out one"
        plot = view.plot.vb.sceneBoundingRect()
        assert plot.width() >= MIN_BESIDE - ROUNDING, (size, plot, view.legend_below)
        outside = {part: rect for part, rect in visible_parts(view).items()
                   if not inside(rect, frame)}
        assert not outside, (size, outside)
        legend = view.legend.sceneBoundingRect().intersected(plot)
        assert min(legend.width(), legend.height()) <= 1.0, (size, legend)
    finally:
        view.widget.close()


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("chart", ["adopters", "vendor_share", "vendor_absolute"])
def test_the_legend_stays_inside_the_windows_chart_at_1024_px(
        make_window: Callable[..., MainWindow], real_dataset: Any, chart: str) -> None:
    window = make_window(real_dataset)
    window.resize(1024, 600)
    settle()
    window.set_chart(chart)
    settle()
    view = window.chart_area.current_view()
    shown = view.widget.mapToScene(view.widget.viewport().rect()).boundingRect()
    legend = view.legend.sceneBoundingRect()
    assert inside(legend, shown), (chart, legend, shown)
    assert view.plot.sceneBoundingRect().width() <= shown.width() + 1.0
    assert view.plot.vb.sceneBoundingRect().width() >= MIN_BESIDE
