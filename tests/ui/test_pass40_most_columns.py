"""One column rule for every legend under a plot: ``most_columns`` (ui/charts/fit.py), used by
``legend_columns`` and by the fan chart's legend (capped at its MAX_COLUMNS)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from chipscope.ui.charts.fit import legend_width, most_columns


@pytest.mark.parametrize("across", [60.0, 150.0, 230.0, 400.0, 2000.0])
@pytest.mark.parametrize("most", [None, 1, 3])
def test_most_columns_is_the_widest_layout_that_fits(across: float, most: int | None) -> None:
    entries = [70.0, 40.0, 90.0, 55.0, 30.0]
    columns = most_columns(entries, across, most)
    cap = min(len(entries), most or len(entries))
    assert 1 <= columns <= cap
    assert columns == 1 or legend_width(entries, columns) <= across
    assert columns == cap or legend_width(entries, columns + 1) > across


def test_the_fan_legend_uses_the_shared_rule(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui.uncertainty import fan_legend

    asked: list[int | None] = []

    def counted(entries: list[float], across: float, most: int | None = None) -> int:
        asked.append(most)
        return most_columns(entries, across, most)

    monkeypatch.setattr(fan_legend, "most_columns", counted)
    legend = fan_legend.FanLegend()
    legend.set_vendors(["A", "B", "C", "D"], [fan_legend.QColor("red")] * 4)
    legend.fit(600.0, 400.0, 4.0)
    assert asked and set(asked) == {fan_legend.MAX_COLUMNS}
