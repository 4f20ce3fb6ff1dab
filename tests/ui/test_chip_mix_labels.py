"""The chip-mix chart shows the history's chips, tells a vendor's chips apart, hatches "Other
chips"; the vendor chart's whiskers are in the legend and the read-out; the base-year label
sits above the plot."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from chipscope.model.chart_data import OTHER_LABEL, chip_frame, history_has_chip_split
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection
from chipscope.ui.charts import chip_mix
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.charts.chrome import WHISKER_LABEL
from chipscope.ui.palette import chip_styles, delta_e, vendor_colours

SHOTS = Path("/work/shots/charts2")


@pytest.fixture
def real_area(make_area, real_dataset: Dataset) -> ChartArea:  # type: ignore[no-untyped-def]
    from chipscope.model.engine import project
    from tests.ui.conftest import defaults

    return make_area(real_dataset, project(real_dataset, defaults(real_dataset)))


def _shot(area: ChartArea, name: str) -> None:
    if SHOTS.is_dir():
        QApplication.processEvents()
        area.grab().save(str(SHOTS / name))


def test_the_history_years_show_their_top_chips(real_area: ChartArea) -> None:
    real_area.set_chart("chip_mix")
    view = real_area.current_view()
    frame = view.frame
    hist = frame.is_history
    projection = real_area.projection()
    per_chip = projection.by_chip("h100e")
    for t in np.nonzero(hist)[0]:
        top = projection.chip_ids[int(np.argmax(per_chip[t]))]
        assert top in frame.keys, f"{projection.years[t]}: its top chip {top} is not drawn"
        # The named chips cover most of each history year; "Other chips" is a remainder.
        assert frame.shares[t, -1] < 0.5
    assert history_has_chip_split(frame)
    assert not view.no_split_note.isVisible()
    _shot(real_area, "chip_mix_window.png")


def test_a_history_without_chips_says_so(make_area, synthetic: Dataset,  # type: ignore[no-untyped-def]
                                         synthetic_projection: Projection,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def per_vendor_history(*args, **kwargs):  # type: ignore[no-untyped-def]
        frame = chip_frame(*args, **kwargs)
        values = frame.values.copy()
        hist = frame.is_history
        values[hist, -1] = values[hist].sum(axis=1)  # all of the history in "Other chips"
        values[hist, :-1] = 0.0
        return dataclasses.replace(frame, values=values, shares=Projection.shares(values))

    monkeypatch.setattr(chip_mix, "chip_frame", per_vendor_history)
    area = make_area(synthetic, synthetic_projection)
    area.set_chart("chip_mix")
    view = area.current_view()
    assert not view.has_chip_split
    assert view.no_split_note.isVisible()
    assert "no chip-level split" in view.no_split_note.textItem.toPlainText()
    labels = [label.text for _, label in view.legend.items]
    assert f"{OTHER_LABEL} (all of the history)" in labels


def test_other_chips_is_hatched_not_the_history_grey(real_area: ChartArea) -> None:
    real_area.set_chart("chip_mix")
    view = real_area.current_view()
    j = view.frame.series.index(OTHER_LABEL)
    for item in (view.history_items[j], view.projection_items[j]):
        assert item.opts["brush"].style() == Qt.BrushStyle.BDiagPattern
    entries = {label.text: sample.entry for sample, label in view.legend.items}
    assert entries[OTHER_LABEL][3] == "hatched"
    assert entries["History"][3] == "solid"  # the style sample stays a solid box


def test_a_vendors_chips_are_told_apart(real_area: ChartArea, real_dataset: Dataset) -> None:
    real_area.set_chart("chip_mix")
    view = real_area.current_view()
    frame = view.frame
    styles = view.chip_styles(frame)
    for vendor in set(frame.vendor_keys) - {""}:
        cols = [j for j, v in enumerate(frame.vendor_keys) if v == vendor]
        for a, b in itertools.combinations(cols, 2):
            (ca, sa), (cb, sb) = styles[a], styles[b]
            if sa == sb:  # both solid or both striped: lightness must tell them apart
                assert delta_e(ca, cb) >= 20, (frame.series[a], frame.series[b])
                washed = [view.theme.projection_fill(c) for c in (ca, cb)]
                assert delta_e(*washed) >= 10
            # Same hue family as the vendor (hue within 20 degrees).
            for c in (ca, cb):
                vendor_hue = vendor_colours(real_dataset)[vendor].hslHueF()
                gap = abs(c.hslHueF() - vendor_hue) % 1.0
                assert min(gap, 1 - gap) * 360 <= 20 or c.hslSaturationF() < 0.1
    nvidia = [j for j, v in enumerate(frame.vendor_keys) if v == "nvidia"]
    assert len(nvidia) >= 4  # the history and the projection both have NVIDIA chips
    assert any(view.stripe_items[j].isVisible() for j in nvidia)


@pytest.mark.parametrize("colour", ["#117733", "#332288", "#882255", "#DDCC77", "#CC6677",
                                    "#44AA99", "#88CCEE", "#999933"])
def test_chip_styles_keep_the_vendor_colour_and_spread_lightness(colour: str) -> None:
    for n in range(1, 7):
        styles = chip_styles(QColor(colour), n)
        assert len(styles) == n and styles[0] == (QColor(colour), False)
        solid = [c for c, striped in styles if not striped]
        assert len(solid) == min(n, 3)
        for a, b in itertools.combinations(solid, 2):
            assert delta_e(a, b) >= 20


def _hover(area: ChartArea, x: float, y: float) -> str:
    QApplication.processEvents()
    widget = area.plot_widget()
    scene_pos = widget.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    QTest.mouseMove(widget.viewport(), widget.mapFromScene(scene_pos))
    return area.readout_text()


def test_whiskers_are_in_the_legend_and_the_readout(real_area: ChartArea) -> None:
    real_area.set_chart("vendor_share")
    view = real_area.current_view()
    labels = [label.text for _, label in view.legend.items]
    assert WHISKER_LABEL in labels
    frame = view.frame
    t = int(np.nonzero(frame.is_history)[0][0])
    j = int(np.nanargmax(frame.shares[t]))  # the largest vendor in the first history year
    mid = float(frame.shares[t, :j].sum() + frame.shares[t, j] / 2) * 100
    text = _hover(real_area, float(frame.positions[t]), mid)
    lo, hi = frame.band_lo[t, j], frame.band_hi[t, j]
    assert f"{WHISKER_LABEL}: {lo * 100:.1f} % – {min(hi, 1.0) * 100:.1f} %" in text, text
    proj = int(np.nonzero(~frame.is_history)[0][-1])
    assert WHISKER_LABEL not in _hover(real_area, float(frame.positions[proj]), 1.0)


@pytest.mark.parametrize("chart", ["vendor_share", "chip_mix", "vendor_absolute"])
def test_the_base_year_label_sits_above_the_plot(real_area: ChartArea, chart: str) -> None:
    real_area.set_chart(chart)
    view = real_area.current_view()
    QApplication.processEvents()
    base = real_area.projection().base_year
    top = view.plot.getAxis("top")
    assert top.isVisible()
    assert any(label == f"base year {base}" for _, label in top._tickLevels[0])
    plot_top = view.plot.getViewBox().sceneBoundingRect().top()
    assert top.sceneBoundingRect().bottom() <= plot_top + 1
    _shot(real_area, f"window_{chart}.png")


def test_the_base_year_label_follows_the_base_year(chart_area: ChartArea,
                                                   synthetic: Dataset) -> None:
    from chipscope.model.engine import project
    from tests.ui.conftest import defaults

    top = chart_area.current_view().plot.getAxis("top")
    base = chart_area.projection().base_year
    assert [label for _, label in top._tickLevels[0]] == [f"base year {base}"]
    chart_area.set_projection(project(synthetic, defaults(synthetic).replace(
        {"base_year": base - 1})))
    assert [label for _, label in top._tickLevels[0]] == [f"base year {base - 1}"]
    assert chart_area.current_view().base_line.value() == base - 1
