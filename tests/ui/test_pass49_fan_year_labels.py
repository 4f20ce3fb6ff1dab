"""Pass 49 m40 W1: the Uncertainty dock's fan chart, ~150 px wide at the window's default
size, labelled its years with pyqtgraph's own ticks (every half year) and drew them over each
other: "20242026 2028". Its left axis drew a comb of sub-ticks every 2 %. Now the bottom axis
labels whole years every 1, 2, 4, 5, 10... years, as many as keep a digit's gap between the
labels at the plot's present width (chosen again as it is resized), and the left axis ticks
only its labelled values."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.ui.uncertainty.fan_chart import FanChart
from tests.ui.test_pass35_fan_chart_room import chart_at


def drawn(chart: FanChart, side: str) -> tuple[list[float], list[tuple[QRectF, str]]]:
    """Axis ``side``'s tick marks (their position along the axis) and labels (rectangle,
    text) as pyqtgraph works them out to paint them."""
    axis = chart.plot_item.getAxis(side)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert specs is not None
    along = 0 if side == "bottom" else 1
    ticks = sorted(p1.toTuple()[along] for _pen, p1, _p2 in specs[1])
    return ticks, [(rect, text) for rect, _flags, text in specs[2]]


def digit(chart: FanChart) -> float:
    axis = chart.plot_item.getAxis("bottom")
    return QFontMetricsF(axis.style["tickFont"] or axis.font()).horizontalAdvance("0")


def chart_years(chart: FanChart) -> list[int]:
    """The years the chart draws (history and projection)."""
    return sorted({int(y) for item in chart.items.values()
                   for y in (*item.history.xData, *item.projected.xData)})


def assert_readable(chart: FanChart, years: list[int]) -> None:
    """Whole years, apart by at least a digit, on the bottom axis; on the left one, labels
    apart and no tick marks closer than 8 px."""
    _ticks, labels = drawn(chart, "bottom")
    texts = [text for _rect, text in labels]
    assert texts, f"{chart.size().toTuple()}: no year labelled"
    assert all(text.isdigit() and int(text) in years for text in texts), texts
    rects = sorted((rect for rect, _ in labels), key=QRectF.left)
    gaps = [b.left() - a.right() for a, b in pairwise(rects)]
    assert all(gap >= 0.9 * digit(chart) for gap in gaps), (chart.size().toTuple(), texts,
                                                           gaps)
    ticks, values = drawn(chart, "left")
    assert all(b - a >= 8.0 for a, b in pairwise(ticks)), ticks
    rects = sorted((rect for rect, _ in values), key=QRectF.top)
    assert all(a.bottom() <= b.top() for a, b in pairwise(rects)), \
        [text for _, text in values]


@pytest.mark.parametrize("size", [(150, 260), (152, 259), (200, 300), (228, 313),
                                  (284, 287), (300, 300), (420, 600)])
def test_the_fan_chart_labels_whole_years_that_never_touch(
        qtbot: QtBot, real_dataset: Dataset, size: tuple[int, int]) -> None:
    chart = chart_at(qtbot, real_dataset, *size)
    years = chart_years(chart)
    assert_readable(chart, years)
    if size[0] >= 420:  # room for every year: each one labelled
        _ticks, labels = drawn(chart, "bottom")
        assert len(labels) >= len(years) - 2  # the ends may overhang the axis: left out


def test_the_years_labelled_follow_the_width_and_the_horizon(
        qtbot: QtBot, real_dataset: Dataset) -> None:
    chart = chart_at(qtbot, real_dataset, 420, 400)
    years = chart_years(chart)
    wide = len(drawn(chart, "bottom")[1])
    for width in (150, 200, 300):  # the dock narrowed: chosen again for the new width
        chart.resize(width, 400)
        qtbot.waitUntil(lambda w=width: chart.plot_item.getAxis("bottom").width()  # type: ignore[misc]
                        < w)
        assert_readable(chart, years)
        assert len(drawn(chart, "bottom")[1]) <= wide
    long = np.arange(2022, 2051)  # a horizon of 2050 in the 200 px dock
    chart.set_central(long, np.full((len(long), len(chart.items)), 0.1), 2025)
    chart.resize(200, 400)
    qtbot.wait(20)
    assert_readable(chart, [int(y) for y in long])
