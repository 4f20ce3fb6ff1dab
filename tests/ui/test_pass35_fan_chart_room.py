"""Pass 35 F6: the Uncertainty dock's fan chart on a 1,024 x 600 screen (the chart ~228 to 284
px wide, under 320 px high) drew its plot 0 px high (the "100" and "80" ticks over each
other), its title cut ("Vendor share of purchase") and its legend cut at the right
("OpenAI-Broadco") and at the bottom. Now: the title wraps inside the chart, the legend is
under the plot only where the plot keeps MIN_PLOT in height, and where even the plot alone
has not that room the chart says so instead of drawing a strip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.ui.charts.fit import MIN_PLOT
from chipscope.ui.charts.registry import vendor_names
from chipscope.ui.palette import vendor_colours
from chipscope.ui.session import Session
from chipscope.ui.uncertainty.fan_chart import FanChart
from chipscope.ui.uncertainty.fan_panel import central_values
from tests.ui.fan_setup import fan_bands


def chart_at(qtbot: QtBot, dataset: Dataset, width: int, height: int) -> FanChart:
    session = Session(dataset)
    bands = fan_bands(session, 100)
    chart = FanChart(vendor_names(dataset), vendor_colours(dataset))
    qtbot.addWidget(chart)
    chart.set_measure("share")
    projection = session.projection
    chart.set_central(projection.years, central_values(projection, "share"),
                      projection.base_year)
    chart.set_bands(bands)
    chart.resize(width, height)
    chart.show()
    qtbot.waitExposed(chart)
    qtbot.wait(60)
    assert chart.size().toTuple() == (width, height)
    return chart


def view_rect(chart: FanChart, item: object) -> QRectF:
    """Where ``item`` (a graphics item) is drawn, in the chart's pixels."""
    return chart.mapFromScene(item.sceneBoundingRect()).boundingRect().toRectF()  # type: ignore[attr-defined]


def inside(chart: FanChart, rect: QRectF) -> bool:
    """Inside the chart, give or take the pixel the outward rounding of ``rect`` adds."""
    return QRectF(chart.rect()).adjusted(-1, -1, 1, 1).contains(rect)


def note(chart: FanChart) -> QLabel | None:
    """The note shown over the chart instead of it, if any."""
    shown = [label for label in chart.findChildren(QLabel) if label.isVisible()]
    return shown[0] if shown else None


@pytest.mark.parametrize("size", [(228, 313), (284, 287), (276, 157), (420, 600)])
def test_the_fan_chart_keeps_its_title_legend_and_plot_inside(
        qtbot: QtBot, real_dataset: Dataset, size: tuple[int, int]) -> None:
    chart = chart_at(qtbot, real_dataset, *size)
    title = chart.plot_item.titleLabel
    assert title.text == "Vendor share of purchases (H100e)"
    # the whole wrapped text inside its label, the label inside the chart
    assert title.item.boundingRect().height() <= title.size().height() + 0.5
    assert title.item.boundingRect().width() <= title.size().width() + 0.5
    assert inside(chart, view_rect(chart, title))
    if chart.legend.isVisible():
        for sample, label in chart.legend.items:
            assert inside(chart, view_rect(chart, sample)), size
            assert inside(chart, view_rect(chart, label)), (size, label.text)
    plot = chart.plot_item.getViewBox().height()
    shown = note(chart)
    if shown is not None:  # an honest note over all of the chart
        assert shown.geometry() == chart.rect()
        assert "make this panel larger" in shown.text()
    else:
        assert plot >= MIN_PLOT, (size, plot)
        assert inside(chart, view_rect(chart, chart.plot_item.getViewBox()))
    if size == (420, 600):  # room for all: every vendor named under a full plot
        assert chart.legend.isVisible() and note(chart) is None
        assert len(chart.legend.items) == len(chart.items)


def test_a_chart_too_low_for_a_plot_says_so(qtbot: QtBot, real_dataset: Dataset) -> None:
    chart = chart_at(qtbot, real_dataset, 228, 120)
    shown = note(chart)
    assert shown is not None and "make this panel larger" in shown.text()
    chart.resize(300, 420)
    qtbot.wait(60)
    assert note(chart) is None
    assert chart.plot_item.getViewBox().height() >= MIN_PLOT
