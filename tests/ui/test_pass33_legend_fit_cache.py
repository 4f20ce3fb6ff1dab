"""Pass 33 (s6): the chart's legend was fitted (its text measured, its place and columns
worked out) on every frame of a slider drag, though nothing it depends on had changed: the
chart update's median rose from 1.02 to 1.86 ms. It must fit only when the legend's names,
the title or the chart's size change, and still be placed right when they do (under the plot
in a narrow chart, beside it in a wide one, in exports at their own size)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from chipscope.model.chart_data import CompareInput, ProjectionInput
from chipscope.model.compare import compare_vendor_shares
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection
from chipscope.ui.charts import chrome, fit, render
from chipscope.ui.charts.chrome import ChartBase
from chipscope.ui.charts.registry import build_chart
from chipscope.ui.palette import chart_theme, light_palette

WIDE = (1100, 650)
NARROW = (480, 400)


class Calls:
    """Counts the legend's fittings (each one works out its columns once)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = fit.legend_columns

        def counted(*args: Any, **kwargs: Any) -> tuple[int, float]:
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(chrome, "legend_columns", counted)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def shown(qtbot: Any, view: ChartBase, size: tuple[int, int]) -> ChartBase:
    view.widget.resize(*size)
    with qtbot.waitExposed(view.widget):
        view.widget.show()
    settle()
    return view


@pytest.fixture
def stack_chart(qtbot: Any, synthetic: Dataset,
                synthetic_projection: Projection) -> Iterator[ChartBase]:
    view = build_chart("vendor_share", synthetic, chart_theme(light_palette()))
    view.draw(ProjectionInput(synthetic_projection, "h100e", int(synthetic_projection.years[-1])))
    yield shown(qtbot, view, WIDE)
    view.widget.close()


def drag(view: ChartBase, projection: Projection,
         rescale: Callable[[Projection, np.ndarray], Projection], steps: int = 8) -> None:
    """Slider-like redraws: the numbers change, the legend's names and the title do not."""
    count = _vendor_count(projection)
    for step in range(steps):
        factors = np.linspace(1.0, 1.0 + 0.1 * (step + 1), count)
        view.draw(ProjectionInput(rescale(projection, factors), "h100e",
                                  int(projection.years[-1])))
        settle()


def _vendor_count(projection: Projection) -> int:
    return len(projection.vendor_ids)


def names(view: ChartBase) -> list[str]:
    return [label.text for _, label in view.legend.items]


def test_a_slider_drag_does_not_refit_the_legend(
        monkeypatch: pytest.MonkeyPatch, stack_chart: ChartBase,
        synthetic_projection: Projection,
        rescale: Callable[[Projection, np.ndarray], Projection]) -> None:
    view = stack_chart
    before = (names(view), view.title, view.legend_below, view.legend.columnCount,
              view.legend.points)
    calls = Calls(monkeypatch)
    drag(view, synthetic_projection, rescale)
    assert (names(view), view.title) == before[:2]  # nothing the fit depends on changed
    assert calls.count == 0, f"the legend was fitted {calls.count} times in 8 unchanged steps"
    assert (view.legend_below, view.legend.columnCount, view.legend.points) == before[2:]


def test_resizing_refits_the_legend_under_then_beside_the_plot(
        monkeypatch: pytest.MonkeyPatch, stack_chart: ChartBase,
        synthetic_projection: Projection,
        rescale: Callable[[Projection, np.ndarray], Projection]) -> None:
    view = stack_chart
    assert not view.legend_below
    calls = Calls(monkeypatch)
    view.widget.resize(*NARROW)
    settle()
    assert calls.count >= 1 and view.legend_below, "a narrow chart puts the legend under the plot"
    assert view.legend.columnCount > 1
    legend = view.legend.sceneBoundingRect()
    plot = view.plot.getViewBox().sceneBoundingRect()
    assert legend.top() >= plot.bottom(), (legend, plot)
    calls.count = 0
    drag(view, synthetic_projection, rescale, steps=3)  # dragging in the narrow chart
    assert calls.count == 0 and view.legend_below
    view.widget.resize(*WIDE)
    settle()
    assert calls.count >= 1 and not view.legend_below
    assert view.legend.columnCount == 1


def test_new_legend_entries_refit_the_legend(monkeypatch: pytest.MonkeyPatch,
                                             stack_chart: ChartBase,
                                             synthetic_projection: Projection) -> None:
    """New names, and more of them (a dataset with many vendors): the legend no longer fits
    beside the plot and goes under it, at the chart's unchanged size."""
    view = stack_chart
    view.widget.resize(800, 500)
    settle()
    assert not view.legend_below
    entries = getattr(type(view), "legend_entries")  # noqa: B009 (a StackChart's)

    def many(self: Any, frame: Any) -> list[Any]:
        shown = entries(self, frame)
        return [(f"Maker {i}", *shown[i % len(shown)][1:]) for i in range(40)]

    calls = Calls(monkeypatch)
    monkeypatch.setattr(type(view), "legend_entries", many)
    view.draw(ProjectionInput(synthetic_projection, "h100e", int(synthetic_projection.years[-1])))
    settle()
    assert calls.count >= 1
    assert names(view)[:2] == ["Maker 0", "Maker 1"]
    assert view.legend_below, "40 entries do not fit beside a 500 px high chart's plot"
    legend = view.legend.sceneBoundingRect()
    assert legend.top() >= view.plot.getViewBox().sceneBoundingRect().bottom()


def test_a_new_title_refits_the_legend(monkeypatch: pytest.MonkeyPatch,
                                       stack_chart: ChartBase) -> None:
    """A title that wraps to several lines takes height from the plot: the fit must see it."""
    view = stack_chart
    view.widget.resize(*NARROW)
    settle()
    calls = Calls(monkeypatch)
    view.set_title("A title long enough to wrap to several lines in a narrow chart " * 3)
    view.fit_legend()
    assert calls.count == 1
    view.fit_legend()  # nothing changed since
    assert calls.count == 1


def test_an_export_of_a_shown_chart_fits_the_legend_to_its_own_size(
        monkeypatch: pytest.MonkeyPatch, stack_chart: ChartBase,
        synthetic_projection: Projection) -> None:
    view = stack_chart
    assert not view.legend_below
    kept: list[Any] = []
    monkeypatch.setattr(render, "_close", kept.append)
    calls = Calls(monkeypatch)
    data = ProjectionInput(synthetic_projection, "h100e", int(synthetic_projection.years[-1]))
    image = render.render_image(view, data, *NARROW)
    assert (image.width(), image.height()) == NARROW
    assert calls.count >= 1 and view.legend_below


def test_the_compare_chart_refits_only_when_its_scenarios_change(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch, synthetic: Dataset,
        synthetic_projection: Projection,
        rescale: Callable[[Projection, np.ndarray], Projection]) -> None:
    view = build_chart("compare", synthetic, chart_theme(light_palette()))
    base = int(synthetic_projection.years[0])

    def draw(names: tuple[str, ...], factor: float) -> None:
        runs = {name: rescale(synthetic_projection,
                              np.full(_vendor_count(synthetic_projection), factor + i))
                for i, name in enumerate(names)}
        view.draw(CompareInput(compare_vendor_shares(runs), names, "h100e", base))
        settle()

    draw(("Baseline", "Cheap AMD"), 1.0)
    shown(qtbot, view, WIDE)
    try:
        calls = Calls(monkeypatch)
        for step in range(5):
            draw(("Baseline", "Cheap AMD"), 1.0 + 0.1 * step)
        assert calls.count == 0
        draw(("Baseline", "Cheap AMD", "Sticky"), 1.0)
        assert calls.count >= 1
        assert any(text.startswith("Sticky") for text in names(view))
    finally:
        view.widget.close()
