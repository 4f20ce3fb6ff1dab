"""Pass 36 F2: where the fan chart (Uncertainty dock) had no room for its whole legend it
dropped all of it without a word: a 400 x 400 floating dock drew 11 coloured vendor lines
over a 168 px plot and nothing named them. Now, as the main charts: the largest vendors' rows
that leave the plot MIN_PLOT in height, "+N more series (see the table)" last, and where not
even one row fits, the legend left out and the tooltip says so."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.ui.charts.fit import MIN_PLOT
from chipscope.ui.uncertainty.fan_chart import FanChart
from tests.ui.test_pass35_fan_chart_room import chart_at, inside, view_rect


def legend_inside(chart: FanChart) -> bool:
    """Every shown sample and name within the chart (a legend wider than the chart pushed
    the plot's right part and the "+N more" entry out of sight)."""
    return all(inside(chart, view_rect(chart, part))
               for row in chart.legend.items for part in row)


def shown_names(chart: FanChart) -> list[str]:
    return [label.text for _, label in chart.legend.items] if chart.legend.isVisible() else []


def last_year_order(chart: FanChart) -> list[str]:
    """The legend's vendor names, largest last-year share first."""
    lasts = {}
    for vid, items in chart.items.items():
        _x, y = items.projected.getData()
        lasts[vid] = float(y[-1])
    ranked = sorted(chart.items, key=lambda v: (-lasts[v], list(chart.items).index(v)))
    return [chart.names.get(v, v).split(" (")[0] for v in ranked]


def test_the_400_by_400_dock_keeps_its_legend(qtbot: QtBot, real_dataset: Dataset) -> None:
    # the chart in the 400 x 400 floating dock of the report (it dropped the whole legend)
    chart = chart_at(qtbot, real_dataset, 392, 216)
    names = shown_names(chart)
    assert names, "the legend was left out although the plot had room for its rows"
    assert legend_inside(chart)
    assert inside(chart, view_rect(chart, chart.plot_item.getViewBox()))
    assert chart.plot_item.getViewBox().height() >= MIN_PLOT - 0.5
    assert chart.toolTip() == ""


@pytest.mark.parametrize("size", [(230, 207), (392, 190), (300, 240), (392, 216)])
def test_a_short_legend_keeps_the_largest_vendors_and_counts_the_rest(
        qtbot: QtBot, real_dataset: Dataset, size: tuple[int, int]) -> None:
    chart = chart_at(qtbot, real_dataset, *size)
    names = shown_names(chart)
    assert len(names) >= 2, (size, names)
    hidden = len(chart.items) - (len(names) - 1)
    assert names[-1] == f"+{hidden} more series (see the table)"
    # the vendors kept are the largest in the last year (the table names the others)
    assert set(names[:-1]) == set(last_year_order(chart)[:len(names) - 1])
    assert chart.plot_item.getViewBox().height() >= MIN_PLOT - 0.5, size
    assert legend_inside(chart), size
    assert inside(chart, view_rect(chart, chart.plot_item.getViewBox())), size
    assert chart.toolTip() == ""


def test_a_legend_left_out_is_said_in_the_tooltip(qtbot: QtBot, real_dataset: Dataset) -> None:
    chart = chart_at(qtbot, real_dataset, 392, 150)  # a plot, but no room for a row
    assert chart.small_note.isHidden()
    assert shown_names(chart) == []
    tip = chart.toolTip()
    assert "too low for its legend" in tip and "table" in tip
    chart.resize(392, 420)  # room again: the legend back, the tooltip cleared
    qtbot.wait(60)
    assert len(shown_names(chart)) == len(chart.items)
    assert chart.toolTip() == ""


def test_one_vendor_keeps_its_own_tooltip(qtbot: QtBot, real_dataset: Dataset) -> None:
    chart = chart_at(qtbot, real_dataset, 392, 150)
    chart.set_focus("nvidia")
    assert "Solid: history" in chart.toolTip()
    chart.set_focus(None)
    assert "too low for its legend" in chart.toolTip()
