"""Chart names on one line (pass 79 F6, pass 80 F1).

A legend showed a name's tab or line break as its escape ("a\\tb") while the tables and the
CLI show a space; the adopters chart's left axis showed an adopter's name whole: a
100-character name took the chart's whole width, and an export drew a chart with no bars and
reported it written. Both now go through :func:`chipscope.ui.plain.name_line`."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from chipscope.ui.charts.items import legend_text
from chipscope.ui.plain import NAME_LIMIT, name_line
from tests.ui.test_pass31_chart_title_fits import laid_out, real_input

__all__ = ["real_input"]  # the fixture, shared


def test_a_legend_shows_tabs_and_line_breaks_as_spaces() -> None:
    assert legend_text("Big\tVendor\r\nCo") == "Big Vendor Co"
    assert legend_text("a\u202eb\u2028c") == "a\\u202eb c"
    assert name_line("  x  ") == "x"


def test_a_long_adopter_name_is_cut_on_the_axis_and_the_bars_keep_their_room(
        monkeypatch: pytest.MonkeyPatch, real_input: Any) -> None:
    dataset, data = real_input
    adopters = dataset.adopters.copy()
    adopters.loc[adopters.index[0], "name"] = "W" * 100
    adopters.loc[adopters.index[1], "name"] = "Two\nlines"
    long_named = dataclasses.replace(dataset, frames={**dataset.frames, "adopters": adopters})
    view, _frame = laid_out(monkeypatch, "adopters", long_named, data, 1200, 675)
    try:
        labels = [text for _value, text in view.plot.getAxis("left")._tickLevels[0]]
        assert any(t.startswith("W" * (NAME_LIMIT - 1) + "\u2026  (") for t in labels), labels
        assert any(t.startswith("Two lines  (") for t in labels), labels
        # the bars keep room: 0.5 px before; 238 px with 40 "W"s, 546 with the bundled names
        assert view.plot.vb.sceneBoundingRect().width() > 200
    finally:
        view.widget.close()
