"""Pass 34: the chart legend's fit.

- F2: with the legend under the plot, the last year label ("2030") was centred on the plot's
  right end with a 10 px margin, and drawn "203" (vendor_share and chip_mix, 480 to 1400 px).
- F6: every part of every chart must lie inside the image at every width from the export floor
  to 1400 px (a 3-column legend ran off the right edge at 574 px), not at two sizes only.
- F8: the fit measured the legend's names at its present text size and scaled them, so the
  same size gave a different legend after a resize (8 pt / 59 px plot) than a fresh fit
  (7 pt / 69 px); it must be a function of what it fits to.
- F4: on a 1,024 x 600 screen (chart 496 x 281) the legend under the plot left chip_mix a 5 px
  plot; it now shows only the largest entries and "+N more", and keeps the plot readable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from chipscope.model.export_size import MIN_HEIGHT, MIN_WIDTH
from chipscope.ui.charts import render
from chipscope.ui.charts.chrome import ChartBase
from chipscope.ui.charts.items import more_text
from chipscope.ui.charts.registry import CHART_NAMES
from chipscope.ui.palette import chart_theme, light_palette
from tests.ui.test_pass31_chart_title_fits import inside, laid_out, real_input, visible_parts

__all__ = ["real_input"]  # the fixture, shared

USABLE = 79.0  # px: the plot's least height (80), less a pixel's rounding


def built(name: str, real_input: Any, width: int, height: int) -> ChartBase:
    """The chart as an export lays it out at ``width`` x ``height``, kept open."""
    dataset, data = real_input
    return render._prepare(name, data, QSize(width, height), 1.0, dataset,
                           chart_theme(light_palette()))


def resized(view: ChartBase, width: int, height: int) -> QRectF:
    """Resize the chart and let it settle; the scene rectangle it shows."""
    widget = view.widget
    widget.resize(width, height)
    for _ in range(2):
        QApplication.sendPostedEvents()
        widget.grab()
    QApplication.sendPostedEvents()
    return widget.mapToScene(widget.viewport().rect()).boundingRect()


def last_year_label(view: ChartBase) -> QRectF | None:
    """Where the bottom axis's last labelled year is drawn (centred on its tick)."""
    axis = view.plot.getAxis("bottom")
    ticks = getattr(axis, "_year_ticks", None)
    if not ticks or not ticks[0]:
        return None
    x, text = ticks[0][-1]
    centre = view.plot.vb.mapViewToScene(QPointF(x, 0)).x()
    width = QFontMetricsF(axis.style["tickFont"] or axis.font()).horizontalAdvance(text)
    return QRectF(centre - width / 2, axis.sceneBoundingRect().top(), width, 1.0)


def faults(view: ChartBase, frame: QRectF) -> dict[str, Any]:
    """Each part outside ``frame``, a plot too small to read, a legend over the plot."""
    parts = visible_parts(view)
    plot = view.plot.vb.sceneBoundingRect()
    parts["plot"] = plot
    label = last_year_label(view)
    if label is not None:
        parts["last year label"] = label
    found: dict[str, Any] = {part: rect.getRect() for part, rect in parts.items()
                             if not inside(rect, frame)}
    if plot.height() < USABLE or plot.width() < USABLE:
        found["plot size"] = (plot.width(), plot.height())
    over = view.legend.sceneBoundingRect().intersected(plot)
    if min(over.width(), over.height()) > 1.0:
        found["legend over the plot"] = over.getRect()
    return found


def fit_state(view: ChartBase) -> tuple[Any, ...]:
    legend = view.legend
    return (view.legend_below, legend.columnCount, legend.points,
            [label.text for _, label in legend.items])


@pytest.fixture
def closing() -> Iterator[list[ChartBase]]:
    views: list[ChartBase] = []
    yield views
    for view in views:
        view.widget.close()


@pytest.mark.parametrize("height", [MIN_HEIGHT, 720])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_every_width_from_the_floor_to_1400_keeps_every_part_inside(
        real_input: Any, closing: list[ChartBase], name: str, height: int) -> None:
    view = built(name, real_input, MIN_WIDTH, height)
    closing.append(view)
    bad = {}
    for width in range(MIN_WIDTH, 1401, 6):
        found = faults(view, resized(view, width, height))
        if found:
            bad[width] = found
    assert not bad, f"{name} x {height}: {bad}"


@pytest.mark.parametrize("width", [MIN_WIDTH, 560, 574, 600, 640])
@pytest.mark.parametrize("name", CHART_NAMES)
def test_a_fresh_export_keeps_the_last_year_and_the_credit_inside(
        monkeypatch: pytest.MonkeyPatch, real_input: Any, name: str, width: int) -> None:
    dataset, data = real_input
    view, frame = laid_out(monkeypatch, name, dataset, data, width, MIN_HEIGHT)
    try:
        assert not faults(view, frame), (name, width)
        assert view.credit.item.toPlainText() == view.credit_text
        # The floor's exports keep every entry: only a chart too low for them shortens it
        # (the adopters' names need a line each, pass 35 F4: its legend may be shortened).
        if name != "adopters":
            assert len(view.legend.items) == len(view.legend_entries(view.frame))
    finally:
        view.widget.close()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_the_fit_does_not_depend_on_the_previous_size(
        real_input: Any, closing: list[ChartBase], name: str) -> None:
    travelled = built(name, real_input, 574, 581)
    closing.append(travelled)
    resized(travelled, 1400, 900)
    resized(travelled, 574, 581)
    resized(travelled, 574, 321)
    fresh = built(name, real_input, 574, 321)
    closing.append(fresh)
    assert fit_state(travelled) == fit_state(fresh)
    travelled._legend_fit = None  # fitted again from where it stands: the same
    travelled.fit_legend()
    assert fit_state(travelled) == fit_state(fresh)


@pytest.mark.parametrize("name", CHART_NAMES)
def test_a_small_screen_chart_keeps_a_readable_plot_with_a_shorter_legend(
        real_input: Any, closing: list[ChartBase], name: str) -> None:
    view = built(name, real_input, 496, 281)  # the chart on a 1,024 x 600 screen
    closing.append(view)
    frame = resized(view, 496, 281)
    legend = view.legend
    shown = [label.text for _, label in legend.items]
    assert not faults(view, frame), name
    if legend.limit == 0:  # too low for one row (pass 35 F3): left out, and said so
        assert not legend.isVisible() and view.widget.toolTip()
    elif legend.limit is not None:  # shortened: the keys and largest series, then how many
        assert len(shown) <= legend.limit < len(legend.names)  # series are left out
        hidden = [key for key, name in zip(legend.keys, legend.names, strict=True)
                  if name not in shown[:-1]]
        assert shown[-1] == more_text(hidden.count(False), hidden.count(True))
        assert set(shown[:-1]) <= set(legend.names)
    else:
        assert shown == legend.names
    if name in ("vendor_share", "chip_mix"):  # too many entries for 281 px
        assert legend.limit is not None
    if name == "vendor_share":
        assert "NVIDIA" in shown  # the largest series stays named
    if name == "adopters":  # a line of the names' font per adopter (pass 35 F4), or the
        plot = view.plot.vb.sceneBoundingRect().height()  # legend left out for all the room
        assert plot >= view.least_plot() - 2 or legend.limit == 0
