"""Pass 35: the chart legend's fit in low charts.

- F7: "+N more (see the table)" also hid the drawing styles' keys (History, Projection, the
  5-95 % whiskers), which the table does not list; the keys now stay and the last entry counts
  series only.
- F3: a window 500 px high gave the chart 184 px and kept a legend row under a 24 px plot; a
  chart too low for one row under a readable plot leaves the legend out and says so.
- F4: the adopters' 12 names were drawn over one another in an 83 px plot; the chart's least
  plot height counts a line of the names' font per adopter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QFontMetricsF

from chipscope.model.export_size import MIN_HEIGHT, MIN_WIDTH
from chipscope.ui.charts.chrome import WHISKER_LABEL, ChartBase
from tests.ui.test_pass34_legend_fit import built, real_input, resized

__all__ = ["real_input"]  # the fixture, shared


def shown(view: ChartBase) -> list[str]:
    return [label.text for _, label in view.legend.items]


def test_a_shortened_legend_keeps_the_keys_and_counts_the_series_it_leaves_out(
        real_input: Any) -> None:
    view = built("vendor_share", real_input, 800, 600)
    try:
        legend = view.legend
        grey = QColor("grey")
        names = ["a", "b", "c", "d", "e", "History", "Projection"]
        legend.set_entries([(n, grey, grey, "solid") for n in names], grey,
                           [5, 4, 3, 2, 1, -1, -1], [False] * 5 + [True, True])
        legend.set_limit(5)
        texts = [label.text for _, label in legend.items]
        assert texts == ["a", "b", "History", "Projection", "+3 more series (see the table)"]
    finally:
        view.widget.close()


def test_vendor_share_low_keeps_its_style_keys(real_input: Any) -> None:
    view = built("vendor_share", real_input, 496, 330)
    try:
        resized(view, 496, 330)
        texts = shown(view)
        assert view.legend.limit is not None, texts  # shortened at this size
        assert {"History", "Projection", WHISKER_LABEL} <= set(texts), texts
        series = len(view.frame.series)
        kept = len([t for t in texts if t in view.frame.series])
        assert texts[-1] == f"+{series - kept} more series (see the table)"
    finally:
        view.widget.close()


def test_a_chart_too_low_for_one_legend_row_leaves_the_legend_out(real_input: Any) -> None:
    view = built("vendor_share", real_input, 589, 184)  # a window 1280 x 500
    try:
        resized(view, 589, 184)
        assert not view.legend.isVisible()
        assert "too low for its legend" in view.widget.toolTip()
        assert view.plot.vb.sceneBoundingRect().height() > 30  # all the room there is
        resized(view, 589, 400)  # taller again: the legend is back
        assert view.legend.isVisible() and view.widget.toolTip() == ""
        assert view.plot.vb.sceneBoundingRect().height() >= 79
    finally:
        view.widget.close()


def test_the_adopters_plot_has_a_line_for_each_name(real_input: Any) -> None:
    for width, height in ((496, 281), (MIN_WIDTH, MIN_HEIGHT)):
        view = built("adopters", real_input, width, height)
        try:
            resized(view, width, height)
            axis = view.plot.getAxis("left")
            line = QFontMetricsF(axis.style["tickFont"] or axis.font()).height()
            rows = len(view.frame.positions)
            plot = view.plot.vb.sceneBoundingRect().height()
            room = view.plot_room(width, height)
            # the names' lines, or all the room the chart has when the legend is left out
            assert plot >= rows * line - 2 or (not view.legend.isVisible()
                                               and plot >= room - 2), (width, height, plot)
        finally:
            view.widget.close()
