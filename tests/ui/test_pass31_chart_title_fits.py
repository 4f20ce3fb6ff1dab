"""Pass 31 (f31e): a chart narrower than its title wrapped nothing: the title was cut at both
edges (in the window and in exports), and at 480 x 400 the legend's column pushed the x-axis
title and the data credit out of the image. Geometry facts about the laid-out chart."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.chart_data import ProjectionInput
from chipscope.model.engine import project
from chipscope.model.export_labels import scenario_label
from chipscope.ui.charts import render
from chipscope.ui.charts.registry import CHART_NAMES, build_chart
from chipscope.ui.palette import chart_theme, light_palette


def defaults(dataset: Any) -> Assumptions:
    return AssumptionSpecs.for_dataset(dataset).defaults()


TOLERANCE = 1.0  # anti-aliasing: a pixel's fraction past the edge is not a cut


@pytest.fixture(scope="module")
def real_input(real_dataset: Any) -> tuple[Any, ProjectionInput]:
    projection = project(real_dataset, defaults(real_dataset))
    return real_dataset, ProjectionInput(projection, "h100e", int(projection.years[-1]))


def laid_out(monkeypatch: pytest.MonkeyPatch, name: str, dataset: Any, data: ProjectionInput,
             width: int, height: int, labelled: bool = True) -> tuple[Any, QRectF]:
    """The chart as an export of ``width`` x ``height`` lays it out (kept open), and the scene
    rectangle the image shows."""
    kept: list[Any] = []
    monkeypatch.setattr(render, "_close", kept.append)
    label = scenario_label("Baseline", defaults(dataset)) if labelled else None
    render.render_image(name, data, width, height, dataset=dataset,
                        theme=chart_theme(light_palette()), label=label)
    view = kept[0]
    widget = view.widget
    return view, widget.mapToScene(widget.viewport().rect()).boundingRect()


def lines(item: Any) -> int:
    """How many lines the text item shows (wrapped lines and line breaks)."""
    document = item.document()
    document.documentLayout()  # laid out
    block, count = document.begin(), 0
    while block.isValid():
        count += block.layout().lineCount()
        block = block.next()
    return count


def inside(rect: QRectF, frame: QRectF) -> bool:
    return (rect.left() >= frame.left() - TOLERANCE and rect.right() <= frame.right() + TOLERANCE
            and rect.top() >= frame.top() - TOLERANCE
            and rect.bottom() <= frame.bottom() + TOLERANCE)


def visible_parts(view: Any) -> dict[str, QRectF]:
    """Scene rectangles of the text around the plot: title, axis titles, legend, credit."""
    parts = {"title": view.title_label.item.sceneBoundingRect(),
             "credit": view.credit.item.sceneBoundingRect(),
             "legend": view.legend.sceneBoundingRect()}
    for side in ("left", "bottom"):
        axis = view.plot.getAxis(side)
        if axis.label is not None and axis.label.isVisible() and axis.labelText:
            parts[f"{side} axis title"] = axis.label.sceneBoundingRect()
    return parts


@pytest.mark.parametrize("name", CHART_NAMES)
def test_everything_lies_within_a_small_export(monkeypatch: pytest.MonkeyPatch,
                                               real_input: Any, name: str) -> None:
    dataset, data = real_input
    view, frame = laid_out(monkeypatch, name, dataset, data, 480, 400)
    try:
        assert view.title in view.title_label.item.toPlainText()  # whole, not elided
        outside = {part: rect for part, rect in visible_parts(view).items()
                   if not inside(rect, frame)}
        assert not outside, f"{name} at 480 x 400: outside {frame}: {outside}"
        assert view.credit.isVisible() and view.credit.item.toPlainText() == view.credit_text
    finally:
        view.widget.close()


@pytest.mark.parametrize("name", CHART_NAMES)
def test_the_title_wraps_in_a_narrow_export_and_stays_one_line_in_a_wide_one(
        monkeypatch: pytest.MonkeyPatch, real_input: Any, name: str) -> None:
    dataset, data = real_input
    view, frame = laid_out(monkeypatch, name, dataset, data, 480, 400)
    try:
        title = view.title_label.item
        assert inside(title.sceneBoundingRect(), frame)
        assert lines(title) >= 3  # the title wrapped, then the scenario
    finally:
        view.widget.close()
    wide, frame = laid_out(monkeypatch, name, dataset, data, 1920, 1080)
    try:
        assert inside(wide.title_label.item.sceneBoundingRect(), frame)
        assert lines(wide.title_label.item) == 2  # as before: title, scenario
        assert not wide.legend_below, "the default export keeps the legend beside the plot"
        assert wide.legend.points == 9.0
    finally:
        wide.widget.close()


def test_the_title_is_whole_in_a_narrow_window_chart(qtbot: Any, real_input: Any) -> None:
    """The window's case: a main chart 496 px wide showed "dor share of AI-chip purcha…"."""
    dataset, data = real_input
    view = build_chart("vendor_share", dataset, chart_theme(QApplication.palette()))
    view.draw(data)
    view.widget.resize(496, 450)
    with qtbot.waitExposed(view.widget):
        view.widget.show()
    try:
        check_narrow_then_wide(view)
    finally:
        view.widget.close()


def check_narrow_then_wide(view: Any) -> None:
    for _ in range(3):
        QApplication.processEvents()
    frame = view.widget.mapToScene(view.widget.viewport().rect()).boundingRect()
    assert view.title.startswith("Vendor share of AI-chip purchases")
    outside = {part: rect for part, rect in visible_parts(view).items()
               if not inside(rect, frame)}
    assert not outside, f"outside {frame}: {outside}"
    assert lines(view.title_label.item) == 2
    # Widened again, the title goes back to one line and the legend beside the plot.
    view.widget.resize(1100, 650)
    for _ in range(3):
        QApplication.processEvents()
    assert lines(view.title_label.item) == 1
    assert not view.legend_below


def test_the_legend_goes_beside_a_wide_plot_and_under_a_narrow_one() -> None:
    from chipscope.ui.charts.fit import legend_columns

    entries = [270.0, 120.0, 110.0, 100.0]
    assert legend_columns(entries, 20.0, 1280.0, 600.0) == (0, 9.0)  # the default export
    columns, points = legend_columns(entries, 20.0, 480.0, 240.0)
    assert columns >= 1 and points == 9.0  # under the plot, in as many columns as fit
    # Too many rows for either place at 9 pt: smaller text, never a plot squeezed away.
    assert legend_columns([260.0] * 14, 20.0, 480.0, 240.0)[1] < 9.0
