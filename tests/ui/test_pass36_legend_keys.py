"""Pass 36 F1: a shortened chart legend hid the drawing styles' keys.

On the 1,024 x 600 screen (the chart 504 x 281, h100e) vendor_share and vendor_absolute
showed "Google (TPU)", "NVIDIA", "+9 more series (see the table)": History, Projection and
the 5-95 % whiskers' key were left out and counted nowhere, while the whiskers and the dashed
projection stayed drawn. The legend now keeps the largest series, then the keys that fit, then
more series; its last entry counts every entry it leaves out; and a chart too low for any
legend names its keys in its tooltip (the table lists series, not keys).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtGui import QColor

from chipscope.ui.charts.chrome import WHISKER_LABEL, ChartBase
from tests.ui.test_pass34_legend_fit import built, real_input, resized

__all__ = ["real_input"]  # the fixture, shared

KEYS = ("History", "Projection", WHISKER_LABEL)


def shown(view: ChartBase) -> list[str]:
    return [label.text for _, label in view.legend.items]


def counted(last: str) -> tuple[int, int]:
    """(series, keys) the "+N more" entry ``last`` says it leaves out."""
    series = re.search(r"\+(\d+) more series", last)
    keys = re.search(r"(\d+) (?:more )?(?:style )?keys?\b", last)
    return (int(series.group(1)) if series else 0), (int(keys.group(1)) if keys else 0)


def assert_all_told(view: ChartBase) -> None:
    """Every entry the legend leaves out is counted in its last entry, series and keys apart."""
    legend, texts = view.legend, shown(view)
    hidden = [key for key, name in zip(legend.keys, legend.names, strict=True)
              if name not in texts[:-1]]
    assert counted(texts[-1]) == (hidden.count(False), hidden.count(True)), texts


@pytest.mark.parametrize("name", ["vendor_share", "vendor_absolute"])
def test_the_window_chart_on_a_small_screen_shows_history_and_projection(
        real_input: Any, name: str) -> None:
    view = built(name, real_input, 504, 281)  # the window's chart on a 1,024 x 600 screen
    try:
        resized(view, 504, 281)
        texts = shown(view)
        assert view.legend.limit, texts  # shortened, not left out, at this size
        assert {"History", "Projection"} <= set(texts), texts
        assert "NVIDIA" in texts, texts  # the largest series stays named
        assert_all_told(view)
    finally:
        view.widget.close()


def test_a_legend_short_of_room_keeps_keys_before_more_series(real_input: Any) -> None:
    view = built("vendor_share", real_input, 800, 600)
    try:
        legend, grey = view.legend, QColor("grey")
        names = [f"s{i}" for i in range(11)] + list(KEYS)
        legend.set_entries([(n, grey, grey, "solid") for n in names], grey,
                           [float(11 - i) for i in range(11)] + [-1.0] * 3,
                           [False] * 11 + [True] * 3)
        for limit, kept in ((3, ["s0", "History"]), (4, ["s0", "History", "Projection"]),
                            (6, ["s0", "s1", *KEYS])):
            texts = legend.shown_names(limit)
            assert texts[:-1] == kept, (limit, texts)
            kept_keys = len([t for t in kept if t in KEYS])
            assert counted(texts[-1]) == (11 - (len(kept) - kept_keys), 3 - kept_keys), texts
            assert "see the table" in texts[-1]
    finally:
        view.widget.close()


def test_a_legend_left_out_names_its_keys_in_the_tooltip(real_input: Any) -> None:
    view = built("vendor_share", real_input, 589, 184)  # a window 1280 x 500
    try:
        resized(view, 589, 184)
        assert not view.legend.isVisible()
        tip = view.widget.toolTip()
        assert "too low for its legend" in tip and "the table names every series" in tip
        for key in KEYS:  # the table does not list them: the tip does
            assert key in tip, tip
        assert "dashed" in tip and "whiskers" in tip, tip
    finally:
        view.widget.close()


def test_the_left_out_legends_tooltip_shows_a_key_named_with_markup_literally(
        real_input: Any) -> None:
    """A reference scenario named "<img ...>" drew its image into the chart's tooltip (the
    table headers' tooltip had the same fault: pass 81, F3)."""
    view = built("vendor_share", real_input, 800, 600)
    try:
        legend, grey = view.legend, QColor("grey")
        name = "Reference: <img src=x width=3000>"  # within the 40 characters a key shows
        legend.set_entries([("s0", grey, grey, "solid"), (name, grey, grey, "dashed")], grey,
                           [1.0, -1.0], [False, True])
        tip = legend.hidden_tip()
        assert "<img" not in tip
        assert "Reference: &lt;img src=x width=3000&gt;" in tip
    finally:
        view.widget.close()
