"""Exported SVG renders in librsvg (rsvg-convert) as Qt renders the PNG: no black blobs from
non-scaling strokes under data transforms, a pixel size, no millimetre page."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from chipscope.model.chart_data import ProjectionInput
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection
from chipscope.ui.charts.registry import CHART_NAMES
from chipscope.ui.charts.render import render_image, render_svg
from chipscope.ui.charts.svg_fix import portable_svg
from chipscope.ui.palette import chart_theme, light_palette

SHOTS = Path("/work/shots/charts2")
RSVG = shutil.which("rsvg-convert")


@pytest.fixture(scope="module")
def real_or_synthetic() -> Dataset:
    """The real dataset (whiskers, many vendors) when its CSVs are there, else synthetic."""
    from chipscope.model.synthetic import synthetic_dataset
    from tests.ui.conftest import load_real_dataset, real_data_available

    return load_real_dataset() if real_data_available() else synthetic_dataset()


@pytest.fixture(scope="module")
def real_or_synthetic_projection(real_or_synthetic: Dataset) -> Projection:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.engine import project

    return project(real_or_synthetic, AssumptionSpecs.for_dataset(real_or_synthetic).defaults())


def test_transforms_are_applied_to_the_geometry() -> None:
    raw = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="5mm" '
           b'viewBox="0 0 100 50"><g fill="none" stroke="#000" stroke-width="1.5" '
           b'transform="matrix(100,0,0,-5,-200000,500)">'
           b'<path vector-effect="non-scaling-stroke" d="M2022,10 L2023,20 Z"/>'
           b'<polyline vector-effect="non-scaling-stroke" points="2022,0 2023,0"/></g>'
           b'<g transform="matrix(1,0,0,1,5,5)"><text>kept</text></g></svg>')
    root = ET.fromstring(portable_svg(raw, 300, 150))
    ns = "{http://www.w3.org/2000/svg}"
    assert (root.get("width"), root.get("height")) == ("300px", "150px")
    groups = root.findall(f"{ns}g")
    assert groups[0].get("transform") is None  # flattened: stroke widths are output pixels
    assert groups[0].find(f"{ns}path").get("d") == "M 2200,450 L 2300,400 Z"  # type: ignore[union-attr]
    assert groups[0].find(f"{ns}polyline").get("points") == "2200,500 2300,500"  # type: ignore[union-attr]
    assert groups[1].get("transform") == "matrix(1,0,0,1,5,5)"  # text keeps its transform


def _read_png(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return raw.reshape(h, stride)[:, : w * 3].reshape(h, w, 3).astype(np.int16)


def _dark_fraction(a: np.ndarray) -> float:
    return float((a.max(axis=2) < 40).mean())


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed (apt-get install "
                    "librsvg2-bin); the SVG is not checked against a second renderer")
@pytest.mark.parametrize("name", [*CHART_NAMES])
def test_rsvg_render_matches_the_qt_png(qapp: QApplication, real_or_synthetic: Dataset,
                                        real_or_synthetic_projection: Projection,
                                        tmp_path: Path, name: str) -> None:
    projection = real_or_synthetic_projection
    data = ProjectionInput(projection, "h100e", int(projection.years[-1]))
    theme = chart_theme(light_palette())
    svg = render_svg(name, data, tmp_path / "c.svg", 1280, 720, dataset=real_or_synthetic,
                     theme=theme)
    root = ET.parse(svg).getroot()
    assert (root.get("width"), root.get("height")) == ("1280px", "720px")
    assert "mm" not in (root.get("width") or "")
    png = tmp_path / "qt.png"
    render_image(name, data, 1280, 720, dataset=real_or_synthetic, theme=theme).save(str(png))
    out = tmp_path / "rsvg.png"
    subprocess.run([str(RSVG), "-b", "white", str(svg), "-o", str(out)], check=True, timeout=60)
    qt, rsvg = _read_png(png), _read_png(out)
    assert qt.shape == rsvg.shape
    diff = float(np.abs(qt - rsvg).mean())
    if SHOTS.is_dir():
        shutil.copy(out, SHOTS / f"rsvg_{name}.png")
        shutil.copy(png, SHOTS / f"qt_{name}.png")
    # Text is rasterised by different engines, so allow a small difference; before the fix
    # the black blobs gave a mean difference of ~40 and a fifth of the image dark.
    assert diff < 6.0, f"{name}: mean |rsvg - qt| = {diff:.1f} per channel"
    assert _dark_fraction(rsvg) < _dark_fraction(qt) + 0.01


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed (apt-get install "
                    "librsvg2-bin); the SVG is not checked against a second renderer")
def test_rsvg_renders_the_compare_chart(qapp: QApplication, real_or_synthetic: Dataset,
                                        real_or_synthetic_projection: Projection,
                                        tmp_path: Path) -> None:
    from chipscope.model.chart_data import CompareInput
    from chipscope.model.compare import compare_vendor_shares

    p = real_or_synthetic_projection
    data = CompareInput(compare_vendor_shares({"A": p, "B": p}), ("A", "B"), "h100e",
                        p.base_year)
    theme = chart_theme(light_palette())
    svg = render_svg("compare", data, tmp_path / "c.svg", 1280, 720,
                     dataset=real_or_synthetic, theme=theme)
    png = tmp_path / "qt.png"
    render_image("compare", data, 1280, 720, dataset=real_or_synthetic, theme=theme).save(
        str(png))
    out = tmp_path / "rsvg.png"
    subprocess.run([str(RSVG), "-b", "white", str(svg), "-o", str(out)], check=True, timeout=60)
    qt, rsvg = _read_png(png), _read_png(out)
    assert float(np.abs(qt - rsvg).mean()) < 6.0
    assert _dark_fraction(rsvg) < _dark_fraction(qt) + 0.01
