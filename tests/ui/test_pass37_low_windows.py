"""Pass 37: charts in low windows (grade E).

1. The adopters chart drew its 12 names over one another in a chart lower than a line per
   name (the window 1,024 x 500, 900 x 450, 800 x 500; the export floor): it must show the
   largest adopters that fit, one per row, and a last row "+N more adopters (see the table)".
2. vendor_share's left axis title ran into the data credit in a 500 px high window: the
   axis titles and the credit never overlap.
3. The adopters chart's tick labels carry each adopter's total, which a slider drag changes
   on every frame: the legend's fit must not run again for same-size frames.

The chart sizes are those the window gives its chart (measured): 505 x 281 in a 1,024 x 600
window, 505 x 227 or 504 x 184 in 1,024 x 500, 504 x 184 in 900 x 450 and 800 x 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsTextItem

from chipscope.model.chart_data import ProjectionInput
from chipscope.model.export_size import MIN_HEIGHT, MIN_WIDTH
from chipscope.model.projection import Projection
from chipscope.ui.charts import chrome, fit
from chipscope.ui.charts.bars import more_adopters
from chipscope.ui.charts.chrome import ChartBase
from chipscope.ui.charts.registry import CHART_NAMES
from tests.ui.test_pass34_legend_fit import built, closing, real_input, resized

__all__ = ["closing", "real_input"]  # the fixtures, shared

SIZES = [(505, 281), (505, 227), (504, 184), (MIN_WIDTH, MIN_HEIGHT)]


def tick_texts(view: ChartBase, side: str) -> list[tuple[QRectF, str]]:
    """The tick labels axis ``side`` draws: each one's scene rectangle and text, as
    pyqtgraph works them out to paint them."""
    axis = view.plot.getAxis(side)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else [(axis.mapRectToScene(rect), text)
                                     for rect, _, text in specs[2]]


def text_rect(item: QGraphicsTextItem) -> QRectF:
    """The scene rectangle of ``item``'s text, its document's margin left out."""
    m = item.document().documentMargin()
    return item.mapRectToScene(item.boundingRect().adjusted(m, m, -m, -m))


def overlap(a: QRectF, b: QRectF) -> bool:
    cut = a.intersected(b)
    return cut.width() > 0.5 and cut.height() > 0.5


def laid(name: str, real_input: Any, closing: list[ChartBase], size: tuple[int, int]) -> ChartBase:
    view = built(name, real_input, *size)
    closing.append(view)
    resized(view, *size)
    return view


@pytest.mark.parametrize("size", SIZES)
def test_the_adopters_names_never_overlap_and_the_rest_are_counted(
        real_input: Any, closing: list[ChartBase], size: tuple[int, int]) -> None:
    view = laid("adopters", real_input, closing, size)
    frame = view.frame  # type: ignore[attr-defined]
    ticks = tick_texts(view, "left")
    rects = [rect for rect, _ in ticks]
    crowded = [(ticks[i][1], ticks[j][1]) for i in range(len(rects))
               for j in range(i + 1, len(rects)) if overlap(rects[i], rects[j])]
    assert not crowded, f"{size}: names drawn over one another: {crowded[:3]}"
    plot = view.plot.vb.sceneBoundingRect()
    assert all(plot.top() - 1 <= r.center().y() <= plot.bottom() + 1 for r in rects), size
    n = len(frame.labels)
    texts = [text for _, text in ticks]
    if len(texts) < n:  # the largest that fit, then how many are left out
        kept = len(texts) - 1
        assert kept >= 1, size
        assert texts[-1] == more_adopters(n - kept)
        names = [text.split("  (")[0] for text in texts[:-1]]
        totals = dict(zip(frame.labels, frame.totals, strict=True))
        left_out = [label for label in frame.labels if label not in names]
        assert min(totals[name] for name in names) >= max(totals[name] for name in left_out)
        # Their bars on their rows, the others' out of the chart's range.
        rows = view.drawn_positions(frame)  # type: ignore[attr-defined]
        lo, hi = view.plot.vb.viewRange()[1]
        drawn = [frame.labels[i] for i, row in enumerate(rows) if lo <= row <= hi]
        assert drawn == names
    else:
        assert len(texts) == n and size[1] >= 281  # all 12 names fit the 1,024 x 600 window's


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", CHART_NAMES)
def test_the_axis_titles_never_run_into_the_credit_or_the_title(
        real_input: Any, closing: list[ChartBase], name: str, size: tuple[int, int]) -> None:
    view = laid(name, real_input, closing, size)
    credit, title = text_rect(view.credit.item), text_rect(view.title_label.item)
    for side in ("left", "bottom"):
        axis = view.plot.getAxis(side)
        if axis.label is None or not axis.label.isVisible() or not axis.labelText:
            continue
        rect = text_rect(axis.label)
        assert not overlap(rect, credit), (name, size, side, rect, credit)
        assert not overlap(rect, title), (name, size, side, rect, title)


def test_an_adopters_drag_does_not_refit_the_legend(
        monkeypatch: pytest.MonkeyPatch, real_input: Any, closing: list[ChartBase],
        rescale: Callable[[Projection, np.ndarray], Projection]) -> None:
    view = laid("adopters", real_input, closing, (505, 281))
    _, data = real_input
    projection = data.projection
    count = [0]
    real = fit.legend_columns

    def counted(*args: Any, **kwargs: Any) -> tuple[int, float]:
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(chrome, "legend_columns", counted)
    labels = []
    for factor in np.linspace(0.5, 1.5, 30):  # every purchase scaled, as a market slider
        factors = np.full(len(projection.vendor_ids), factor)
        view.draw(ProjectionInput(rescale(projection, factors), data.measure, data.year))
        labels.append([text for _, text in tick_texts(view, "left")])
    assert len({tuple(t) for t in labels}) == 30  # the totals on the axis did change
    assert count[0] == 0, f"the legend was fitted {count[0]} times in 30 same-size frames"
