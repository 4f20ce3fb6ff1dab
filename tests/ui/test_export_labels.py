"""Exported charts name their scenario and its changed assumptions: on the image (subtitle),
in the file (SVG <title>/<desc>, PNG text chunks) and in the default file name (#11)."""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from chipscope.cli import main
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.chart_data import ProjectionInput
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.export_labels import (
    BASELINE,
    CUSTOM,
    ScenarioLabel,
    scenario_label,
    slug,
    value_text,
)
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui import window_menus
from chipscope.ui.charts.labels import elided, window_label
from chipscope.ui.charts.render import render_image, svg_bytes
from chipscope.ui.export_dialog import ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session

SVG = "{http://www.w3.org/2000/svg}"
SHOTS = Path("/work/shots/charts2")


def test_slugs_and_values() -> None:
    assert slug("AWS 30%") == "aws-30pct"
    assert slug("Trainium breakout") == "trainium-breakout"
    assert slug("Énergie / 2030 — «test»") == "energie-2030-test"
    assert slug("////") == "scenario"
    assert len(slug("word " * 30)) <= 40
    assert value_text(-20.0, "%/yr", 1) == "\u221220 %/yr"
    assert value_text(math.nan, "H100e/yr", 0) == "none"
    assert value_text(2031.0, "year", 0) == "2031"
    assert value_text(1.0, "", 0, "bool") == "yes"


def test_scenario_label_names_the_changes(synthetic: Dataset) -> None:
    defaults = AssumptionSpecs.for_dataset(synthetic).defaults()
    assert scenario_label("Untitled", defaults) == ScenarioLabel(BASELINE)
    assert scenario_label("", defaults).file_name("vendor_share", ".png") == \
        "chipscope-vendor_share-baseline.png"
    changed = defaults.replace({"horizon_year": 2032})
    label = scenario_label("Untitled", changed)
    assert label.name == CUSTOM and label.changes == ("Horizon: 2032",)
    assert "1 assumption changed: Horizon: 2032" in label.subtitle()
    assert "- Horizon: 2032" in label.description()
    named = scenario_label("AWS 30%", changed)
    assert named.file_name("vendor_share", ".svg") == "chipscope-vendor_share-aws-30pct.svg"


def test_the_subtitle_is_elided_to_the_width(qapp: object) -> None:
    text = "Scenario: X · 40 assumptions changed: " + "; ".join(f"key {i}: {i} %" for i in
                                                              range(40))
    short = elided(text, 600)
    assert short.endswith("\u2026") and len(short) < len(text)
    assert elided("Scenario: Baseline", 600) == "Scenario: Baseline"


def _label(synthetic: Dataset) -> tuple[ScenarioLabel, ProjectionInput]:
    values = AssumptionSpecs.for_dataset(synthetic).defaults().replace({"horizon_year": 2032})
    projection = project(synthetic, values)
    label = scenario_label("AWS <30%> & co", values)
    return label, ProjectionInput(projection, "h100e", int(projection.years[-1]))


def test_svg_and_png_carry_the_scenario(qapp: object, synthetic: Dataset,
                                        tmp_path: Path) -> None:
    label, data = _label(synthetic)
    root = ET.fromstring(svg_bytes("vendor_share", data, 1280, 720, dataset=synthetic,
                                   label=label))
    title = root.find(f"{SVG}title").text  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert title is not None and title.endswith("\u2014 AWS <30%> & co")
    assert desc is not None and "- Horizon: 2032" in desc and "Data:" in desc
    drawn = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Scenario: AWS <30%> & co" in drawn and "Horizon: 2032" in drawn
    image = render_image("chip_mix", data, 1280, 720, dataset=synthetic, label=label)
    path = tmp_path / "c.png"
    image.save(str(path))
    back = QImage(str(path))
    assert "- Horizon: 2032" in back.text("Description")
    assert back.text("Title").endswith("AWS <30%> & co")
    if SHOTS.is_dir():
        image.save(str(SHOTS / "export_label_synthetic.png"))


def test_baseline_export_says_baseline(qapp: object, synthetic: Dataset) -> None:
    values = AssumptionSpecs.for_dataset(synthetic).defaults()
    projection = project(synthetic, values)
    data = ProjectionInput(projection, "h100e", int(projection.years[-1]))
    root = ET.fromstring(svg_bytes("vendor_share", data, 960, 540, dataset=synthetic,
                                   label=scenario_label("Untitled", values)))
    drawn = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Scenario: Baseline (default assumptions)" in drawn
    no_label = ET.fromstring(svg_bytes("vendor_share", data, 960, 540, dataset=synthetic))
    assert "Scenario:" not in " ".join(t.text or "" for t in no_label.iter(f"{SVG}text"))


def test_window_label_marks_a_modified_named_scenario(synthetic: Dataset) -> None:
    values = AssumptionSpecs.for_dataset(synthetic).defaults().replace({"horizon_year": 2032})
    saved = SimpleNamespace(name="Price war", is_modified=lambda: False)
    edited = SimpleNamespace(name="Price war", is_modified=lambda: True)
    assert window_label(saved, values).name == "Price war"
    assert window_label(edited, values).name == "Price war (modified)"


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(synthetic_dataset()), settings)
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "_warn", lambda title, text: pytest.fail(text))
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_window_export_names_its_scenario(window: MainWindow, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[Path] = []

    class FakeDialog:
        DialogCode = SimpleNamespace(Accepted=1)

        def __init__(self, presets: object, default: Path, parent: object) -> None:
            offered.append(default)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(window_menus, "ExportDialog", FakeDialog)
    window.export_chart()
    assert offered[-1].name == "chipscope-vendor_share-baseline.png"
    window.session.set_value("horizon_year", 2032)
    window.session.recompute_now()
    window.export_chart()
    assert offered[-1].name == "chipscope-vendor_share-custom-scenario.png"
    svg = tmp_path / "w.svg"
    assert window.export_chart_to(ExportOptions(svg, 960, 540))
    root = ET.parse(svg).getroot()
    assert "- Horizon: 2032" in (root.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


@pytest.mark.parametrize("extra, name", [
    ([], BASELINE),
    (["--set", "horizon_year=2032"], CUSTOM),
    (["--scenario", "{scenario}"], "Big horizon"),
    (["--scenario", "{scenario}", "--set", "lock_in=1.5"], "Big horizon + --set"),
])
def test_the_cli_export_names_its_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           extra: list[str], name: str,
                                           synthetic_db: Path) -> None:
    db = synthetic_db
    scenario = tmp_path / "big.toml"
    scenario.write_text('format_version = 1\nname = "Big horizon"\n[assumptions]\n'
                        '"horizon_year" = 2033\n', encoding="utf-8")
    out = tmp_path / "c.svg"
    argv = ["export-chart", "--chart", "vendor_share", "--out", str(out), "--db", str(db),
            "--width", "960", "--height", "540",
            *[a.format(scenario=scenario) for a in extra]]
    assert main(argv) == 0
    assert f"\u201c{name}\u201d" in capsys.readouterr().out
    root = ET.parse(out).getroot()
    assert (root.find(f"{SVG}title").text or "").endswith(f"\u2014 {name}")  # type: ignore[union-attr]
    drawn = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert f"Scenario: {name}" in drawn


def test_the_cli_names_the_file_in_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            synthetic_db: Path) -> None:
    db = synthetic_db
    scenario = tmp_path / "aws.toml"
    scenario.write_text('format_version = 1\nname = "AWS 30%"\n[assumptions]\n'
                        '"horizon_year" = 2033\n', encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    for extra in ([], ["--scenario", str(scenario)]):
        assert main(["export-chart", "--chart", "vendor_share", "--out", str(folder),
                     "--db", str(db), "--width", "480", "--height", "400", *extra]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "chipscope-vendor_share-aws-30pct.png", "chipscope-vendor_share-baseline.png"]
    assert "chipscope-vendor_share-aws-30pct.png" in capsys.readouterr().out
