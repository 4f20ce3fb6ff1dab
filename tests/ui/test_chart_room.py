"""Room for the plot and its labels in a narrow chart (a laptop's window, docks open).

A long name in a chart's legend (a reference scenario may be named with 200 characters, a
vendor with as many in Edit data) is cut short with "…": the legend sits beside the plot, in
its layout, and a 200-character entry squeezed the plot itself to a strip a few pixels wide.
The year axis labels every year only where they fit side by side (2022-2030 ran together
into one smudge in a 175-pixel plot), else every 2nd, 4th, 5th..."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetricsF, QScreen
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.ui.charts.items import SIAxisItem, legend_text
from chipscope.ui.main_window import MainWindow
from chipscope.ui.plain import NAME_LIMIT as LEGEND_LIMIT

NAME = "Plan " + "with a very long name " * 9  # 203 characters, under the name limit (200)


def test_a_long_reference_name_leaves_the_plot_its_room(
        make_window: Callable[..., MainWindow], qtbot: QtBot) -> None:
    window = make_window(show=False)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    view = window.chart_area.current_view()
    plot_before = view.plot.getViewBox().width()
    name = NAME[:200].strip()
    window.scenarios.working.save_as(name)
    window.difference.set_on(True)
    window.difference.choose("saved:" + name)
    qtbot.waitUntil(lambda: not window.difference.is_stale(), timeout=10_000)
    for _ in range(3):
        QApplication.processEvents()
    [entry] = [label.text for _sample, label in view.legend.items
               if label.text.startswith("Reference: ")]
    assert len(entry) <= LEGEND_LIMIT and entry.endswith("\u2026")
    assert entry.startswith("Reference: Plan with a very long name")
    assert view.plot.getViewBox().width() > 0.6 * plot_before  # was 20 px of 430


def test_legend_text_is_shown_as_typed_and_cut_only_when_long() -> None:
    assert legend_text("AWS (Trainium / Inferentia)") == "AWS (Trainium / Inferentia)"
    assert legend_text("<b>AT&T</b>") == "&lt;b&gt;AT&amp;T&lt;/b&gt;"
    assert legend_text("a\u202eb") == "a\\u202eb"  # a bidi control read the legend backwards
    long = legend_text("x" * 100)
    assert long == "x" * (LEGEND_LIMIT - 1) + "\u2026"


def labelled_years(axis: SIAxisItem) -> list[str]:
    return [text for _value, text in axis._tickLevels[0]]  # pyqtgraph's ticks as drawn


def test_the_year_axis_labels_only_the_years_that_fit(
        make_window: Callable[..., MainWindow], qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A large screen: on offscreen's 800 x 800 one the side docks give up width to fit it
    # (chipscope/ui/window_fit.py), and a 900-wide window would leave the plot wide.
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1920, 1080))
    window = make_window(show=False)
    window.resize(1800, 900)
    window.show()
    qtbot.waitExposed(window)
    axis = window.chart_area.current_view().plot.getAxis("bottom")
    assert isinstance(axis, SIAxisItem)
    years = [str(y) for y in range(2022, 2031)]
    wide = axis.width()
    label = QFontMetricsF(axis.style["tickFont"] or axis.font()).horizontalAdvance("2030")
    if wide >= len(years) * label * 1.3:
        assert labelled_years(axis) == years
    # The plot narrows below the room of every year's label: the axis chooses again. (The
    # window itself may not get narrower than its docks and controls need, ~1,200 px here,
    # where the plot still holds all nine years: the chart area is narrowed instead.)
    window.chart_area.setMaximumWidth(int(len(years) * label))
    qtbot.waitUntil(lambda: axis.width() < len(years) * label)
    QApplication.processEvents()
    shown = labelled_years(axis)
    assert 2 <= len(shown) < len(years) and set(shown) <= set(years)
    assert len(shown) * label <= axis.width()  # side by side, with room between them
