"""A long name in a chart's legend (a reference scenario may be named with 200 characters, a
vendor with as many in Edit data) is cut short with "…": the legend sits beside the plot, in
its layout, and a 200-character entry squeezed the plot itself to a strip a few pixels wide."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.ui.charts.items import LEGEND_LIMIT, legend_text
from chipscope.ui.main_window import MainWindow

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
