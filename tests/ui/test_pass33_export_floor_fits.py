"""Pass 32 F3: the export floor (:mod:`chipscope.model.export_size`) is the least size at which
every chart ``export-chart`` draws holds its title, a usable plot, its legend and the data
credit; at 480 x 300 the plot was ~35 px high (now refused, tests/test_pass33_export_floor.py)."""

from __future__ import annotations

from typing import Any

import pytest

from chipscope.model.export_size import MIN_HEIGHT, MIN_WIDTH
from chipscope.ui.charts.registry import CHART_NAMES
from tests.ui.test_pass31_chart_title_fits import inside, laid_out, real_input, visible_parts

__all__ = ["real_input"]  # the fixture, shared

USABLE = 79.0  # px: the legend's fit leaves the plot 80 logical px, less a pixel's rounding


SIZES = [(MIN_WIDTH, MIN_HEIGHT), (540, MIN_HEIGHT), (720, MIN_HEIGHT), (1280, MIN_HEIGHT),
         (1740, MIN_HEIGHT), (540, 720)]
"""The floor, and sizes above it where the legend under the plot (its columns' spacing left
out of the estimate) ran off the right edge with the credit."""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", CHART_NAMES)
def test_at_the_least_size_everything_fits_and_the_plot_is_usable(
        monkeypatch: pytest.MonkeyPatch, real_input: Any, name: str,
        size: tuple[int, int]) -> None:
    dataset, data = real_input
    view, frame = laid_out(monkeypatch, name, dataset, data, *size)
    try:
        plot = view.plot.vb.sceneBoundingRect()
        assert plot.height() >= USABLE and plot.width() >= USABLE, (name, plot)
        outside = {part: rect for part, rect in visible_parts(view).items()
                   if not inside(rect, frame)}
        assert not outside, (name, outside)
        legend = view.legend.sceneBoundingRect().intersected(plot)
        assert min(legend.width(), legend.height()) <= 1.0, (name, legend)  # not over the plot
        assert view.credit.isVisible() and view.credit.item.toPlainText() == view.credit_text
    finally:
        view.widget.close()
