"""charts.render without a chart area or any widget on screen, and the chart registry."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from chipscope.model.chart_data import CompareInput, ProjectionInput
from chipscope.model.compare import compare_vendor_shares
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection
from chipscope.ui.charts import area
from chipscope.ui.charts.base import StackChart
from chipscope.ui.charts.compare import CompareChart
from chipscope.ui.charts.registry import CHART_NAMES, CHART_TITLES, CHARTS, build_chart, chart_spec
from chipscope.ui.charts.render import render_image, render_svg
from chipscope.ui.palette import chart_theme, light_palette, vendor_colours


def shown_windows() -> set[int]:
    """The top-level widgets on screen. A test compares them before and after rendering:
    windows an earlier test closed may wait for an event loop to be deleted, still shown."""
    return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}


@pytest.mark.parametrize("name", CHART_NAMES)
def test_render_image_needs_no_chart_area(qapp: QApplication, synthetic: Dataset,
                                          synthetic_projection: Projection, pixels: type,
                                          name: str) -> None:
    data = ProjectionInput(synthetic_projection, "h100e", int(synthetic_projection.years[-1]))
    shown = shown_windows()
    image = render_image(name, data, 960, 540, dataset=synthetic)
    assert (image.width(), image.height()) == (960, 540)
    array = pixels.array(image)
    assert array.std() > 10  # not one flat colour
    colours = vendor_colours(synthetic)
    drawn = sum(pixels.count_near(array, colours[v].name()) > 50 for v in synthetic.vendor_ids)
    assert drawn >= 2
    assert shown_windows() == shown  # rendering opened no window


def test_render_scale_and_large_sizes(qapp: QApplication, synthetic: Dataset,
                                      synthetic_projection: Projection) -> None:
    data = ProjectionInput(synthetic_projection, "units", int(synthetic_projection.years[0]))
    two = render_image("adopters", data, 640, 360, 2.0, dataset=synthetic)
    assert (two.width(), two.height()) == (1280, 720)
    big = render_image("vendor_share", data, 2560, 1440, dataset=synthetic)
    assert (big.width(), big.height()) == (2560, 1440)
    with pytest.raises(ValueError, match="scale"):
        render_image("vendor_share", data, 640, 360, 0.0, dataset=synthetic)


def test_render_a_chart_instance_and_the_compare_chart(qapp: QApplication, synthetic: Dataset,
                                                       synthetic_projection: Projection,
                                                       tmp_path: Path, pixels: type) -> None:
    table = compare_vendor_shares({"A": synthetic_projection, "B": synthetic_projection})
    data = CompareInput(table, ("A", "B"), "h100e", synthetic_projection.base_year)
    shown = shown_windows()
    chart = build_chart("compare", synthetic, chart_theme(light_palette()))
    image = render_image(chart, data, 800, 450)
    assert (image.width(), image.height()) == (800, 450) and pixels.array(image).std() > 10
    out = tmp_path / "compare.svg"
    render_svg("compare", data, out, 1600, 900, dataset=synthetic)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 1280 720"
    assert "A vs B" in out.read_text(encoding="utf-8")
    assert shown_windows() == shown  # rendering opened no window


def test_render_svg_parses_and_names_the_chart(qapp: QApplication, synthetic: Dataset,
                                               synthetic_projection: Projection,
                                               tmp_path: Path) -> None:
    data = ProjectionInput(synthetic_projection, "spend_usd", synthetic_projection.base_year)
    out = tmp_path / "chart.svg"
    render_svg("vendor_absolute", data, out, 1280, 720, dataset=synthetic)
    root = ET.parse(out).getroot()
    paths = [e for e in root.iter() if e.tag.endswith(("path", "polyline", "rect"))]
    assert len(paths) > 20
    assert "AI-chip purchases by vendor" in out.read_text(encoding="utf-8")


def test_render_refuses_the_wrong_input(qapp: QApplication, synthetic: Dataset,
                                        synthetic_projection: Projection) -> None:
    table = compare_vendor_shares({"A": synthetic_projection})
    with pytest.raises(TypeError, match="draws"):
        render_image("vendor_share", CompareInput(table, ("A",), "h100e", 2025), 320, 200,
                     dataset=synthetic)
    with pytest.raises(ValueError, match="not one of"):
        render_image("pie", ProjectionInput(synthetic_projection, "h100e", 2025), 320, 200,
                     dataset=synthetic)


def test_registry_lists_every_chart_once(qapp: QApplication, synthetic: Dataset) -> None:
    assert CHART_NAMES == ("vendor_share", "chip_mix", "vendor_absolute", "adopters")
    assert area.CHART_NAMES is CHART_NAMES and area.CHART_TITLES is CHART_TITLES
    assert set(CHARTS) == {*CHART_NAMES, "compare"}
    theme = chart_theme(light_palette())
    for name, spec in CHARTS.items():
        chart = build_chart(name, synthetic, theme)
        assert chart.name == name and chart.draws is spec.draws
        assert isinstance(chart, StackChart if spec.draws is ProjectionInput else CompareChart)
        chart.widget.close()
    assert chart_spec("adopters").title == "Who buys what (by adopter)"
    with pytest.raises(ValueError, match="not one of"):
        chart_spec("pie")
