"""Exports read back: PNG size, content, colours and scaling; SVG text and colours; CSV; the
headless export the CLI uses."""

from __future__ import annotations

import csv
import errno
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.storage import files
from chipscope.ui.charts.area import CHART_NAMES, ChartArea
from chipscope.ui.charts.export import (
    PNG_PRESETS,
    export_chart_to_file,
    export_layout,
    export_png,
    export_svg,
    export_table_csv,
    render_chart_image,
)
from chipscope.ui.palette import chart_theme, dark_palette, light_palette, vendor_colours


def shown_vendor_colours(area: ChartArea) -> dict[str, str]:
    """Vendor id -> #rrggbb of the vendors whose own colour the visible chart uses."""
    colours = vendor_colours(area.dataset())
    view = area.current_view()
    used = {c.name() for c in view.colours_for(view.frame)}
    return {vid: c.name() for vid, c in colours.items() if c.name() in used}


def dark_pixels(image: np.ndarray) -> int:
    """Pixels of black text and lines (the synthetic vendors' colours are all lighter)."""
    return int((image.max(axis=2) < 90).sum())


def title_rows(image: np.ndarray) -> int:
    """Height, in pixel rows, of the dark text in the top 7 % of the image (the title)."""
    top = image[: int(image.shape[0] * 0.07)]
    return int((top.max(axis=2) < 90).any(axis=1).sum())


@pytest.fixture
def light_area(chart_area: ChartArea) -> ChartArea:
    chart_area.setPalette(light_palette())
    return chart_area


def test_presets_include_the_common_sizes():
    for name, size in {"1280x720": (1280, 720), "1920x1080": (1920, 1080),
                       "3840x2160": (3840, 2160)}.items():
        assert PNG_PRESETS[name] == size
    assert export_layout(3840, 2160) == (export_layout(1280, 720)[0], 3.0)
    logical, ratio = export_layout(640, 480)
    assert (logical.width(), logical.height(), ratio) == (640, 480, 1.0)
    with pytest.raises(ValueError, match="size"):
        export_layout(0, 100)


@pytest.mark.parametrize("chart", CHART_NAMES)
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_png_export_has_the_size_the_content_and_the_vendor_colours(light_area, tmp_path,
                                                                    pixels, chart, size):
    light_area.set_chart(chart)
    path = tmp_path / f"{chart}.png"
    export_png(light_area, path, *size)
    image = QImage(str(path))
    assert (image.width(), image.height()) == size
    array = pixels.array(image)
    assert array.std() > 20, "blank export"
    colours = shown_vendor_colours(light_area)
    assert colours, "no vendor colour on this chart"
    for vid, colour in colours.items():
        assert pixels.count_near(array, colour, 6) >= 100, (chart, vid, colour)


def test_a_4k_export_is_the_same_picture_scaled(light_area, pixels):
    small = pixels.array(render_chart_image(light_area, 1280, 720))
    large = pixels.array(render_chart_image(light_area, 3840, 2160))
    assert large.shape == (2160, 3840, 3)
    # Scaled pens and text keep the dark share of the picture (ratio near 1; unscaled ones
    # would give about 1/3). Antialiased edges weigh less at 4K, more so next to the whiskers'
    # light halo, so the ratio sits a little above 1.
    assert 0.8 < dark_pixels(large) / 9 / dark_pixels(small) < 1.4
    assert 2.6 < title_rows(large) / title_rows(small) < 3.4


def test_2x_export_has_thicker_lines_and_larger_text(light_area, pixels):
    one = pixels.array(render_chart_image(light_area, 1280, 720, 1.0))
    two = pixels.array(render_chart_image(light_area, 1280, 720, 2.0))
    assert two.shape == (1440, 2560, 3)
    # Pens and text scaled: dark pixels grow with the area (x4). Unscaled 1-px pens and
    # same-size text would grow only with the length (about x2, a ratio near 0.5).
    assert 0.8 < dark_pixels(two) / 4 / dark_pixels(one) < 1.25
    assert 1.7 < title_rows(two) / title_rows(one) < 2.3


def test_export_leaves_the_chart_on_screen_alone(light_area, tmp_path):
    widget = light_area.plot_widget()
    size, visible = widget.size(), [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    export_png(light_area, tmp_path / "a.png", 3840, 2160)
    export_svg(light_area, tmp_path / "a.svg", 1920, 1080)
    assert widget.size() == size and light_area.plot_widget() is widget
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == visible


def test_export_is_light_on_a_dark_window_unless_asked(chart_area, pixels):
    # Exports go into documents: light whatever the window's appearance (#11), dark on request.
    chart_area.setPalette(dark_palette())
    light = pixels.array(render_chart_image(chart_area, 1280, 720))
    assert pixels.count_near(light[:8, :8], "#ffffff", 2) == 64
    background = chart_theme(dark_palette()).background.name()
    image = pixels.array(render_chart_image(chart_area, 1280, 720, dark=True))
    assert pixels.count_near(image, background, 2) > image.shape[0] * image.shape[1] * 0.1
    assert pixels.count_near(image[:8, :8], background, 2) == 64


def svg_parts(path) -> tuple[ET.Element, str, set[str]]:  # type: ignore[no-untyped-def]
    """The root, all the text drawn, and every colour used (lower case)."""
    root = ET.parse(path).getroot()
    texts = " ".join((el.text or "").strip() for el in root.iter() if el.tag.endswith("}text"))
    colours = {v.lower() for el in root.iter() for k, v in el.attrib.items()
               if k in ("fill", "stroke") and v.startswith("#")}
    return root, texts, colours


@pytest.mark.parametrize("chart", CHART_NAMES)
def test_svg_export_has_the_title_legend_credit_and_vendor_colours(light_area, tmp_path,
                                                                   chart):
    light_area.set_chart(chart)
    path = tmp_path / f"{chart}.svg"
    export_svg(light_area, path, 1280, 720)
    root, texts, colours = svg_parts(path)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.attrib["viewBox"] == "0 0 1280 720"
    view = light_area.current_view()
    assert view.title in texts
    for _, label in view.legend.items:
        assert label.text in texts
    assert "Epoch AI" in texts
    for vid, colour in shown_vendor_colours(light_area).items():
        assert colour in colours, (chart, vid)


def test_csv_export_round_trips_the_table(chart_area, tmp_path):
    for chart in CHART_NAMES:
        chart_area.set_chart(chart)
        table = chart_area.current_table()
        path = tmp_path / f"{chart}.csv"
        export_table_csv(table, path)
        back = pd.read_csv(path, comment="#")
        assert list(back.columns) == list(table.columns)
        numeric = table.select_dtypes("number").columns
        np.testing.assert_allclose(back[numeric].to_numpy(float), table[numeric].to_numpy(float))


def test_nothing_to_export_before_a_projection(qtbot, synthetic, tmp_path):
    area = ChartArea(synthetic)
    qtbot.addWidget(area)
    with pytest.raises(ValueError, match="projection"):
        export_png(area, tmp_path / "x.png", 640, 360)


@pytest.mark.parametrize("chart", CHART_NAMES)
def test_export_chart_to_file_writes_png_and_svg(qapp, synthetic, tmp_path, chart, pixels):
    assumptions = AssumptionSpecs.for_dataset(synthetic).defaults()
    png, svg = tmp_path / f"{chart}.png", tmp_path / f"{chart}.SVG"
    export_chart_to_file(synthetic, assumptions, chart, png, width=960, height=540,
                         measure="spend_usd")
    image = QImage(str(png))
    assert (image.width(), image.height()) == (960, 540)
    assert pixels.array(image).std() > 20
    export_chart_to_file(synthetic, assumptions, chart, svg, width=960, height=540)
    _, texts, _ = svg_parts(svg)
    assert "Compute (H100e, dense BF16)" in texts


def test_export_chart_to_file_names_bad_input(qapp, synthetic, tmp_path):
    assumptions = AssumptionSpecs.for_dataset(synthetic).defaults()
    with pytest.raises(ValueError, match="'pie'"):
        export_chart_to_file(synthetic, assumptions, "pie", tmp_path / "x.png")
    with pytest.raises(ValueError, match=r"\.jpg"):
        export_chart_to_file(synthetic, assumptions, "vendor_share", tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="watts"):
        export_chart_to_file(synthetic, assumptions, "vendor_share", tmp_path / "x.png",
                             measure="watts")
    assert not list(tmp_path.iterdir())


def test_headless_export_creates_its_own_application(tmp_path):
    out = tmp_path / "headless.png"
    code = (
        "from chipscope.model.synthetic import synthetic_dataset\n"
        "from chipscope.model.assumptions import AssumptionSpecs\n"
        "from chipscope.ui.charts.export import export_chart_to_file\n"
        "ds = synthetic_dataset()\n"
        "a = AssumptionSpecs.for_dataset(ds).defaults()\n"
        f"export_chart_to_file(ds, a, 'adopters', {str(out)!r}, 800, 450)\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 450)




# --- failed writes: the old file stays, a warning names the file and the cause ---------------
OLD = b"the user's old file\n" * 50


def disk_full(monkeypatch):
    """From now on every fsync in chipscope.storage.files fails as on a full disk."""
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", fsync)


@pytest.fixture
def window(qtbot, monkeypatch):
    from chipscope.model.synthetic import synthetic_dataset
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    win = MainWindow(Session(synthetic_dataset()),
                     QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                               QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.warnings = []
    monkeypatch.setattr(win, "_warn", lambda title, text: win.warnings.append(text))
    return win


@pytest.fixture
def compare(user_working, make_compare, monkeypatch):
    working = user_working
    working.new()
    working.session.set_value("lock_in", 1.5)
    working.save_as("=HYPERLINK(\"http://x\")", "a name a spreadsheet would run")
    view = make_compare(working)
    view.set_selection(["=HYPERLINK(\"http://x\")"])
    view.warnings = []
    monkeypatch.setattr(view, "_warn", lambda text: view.warnings.append(text))
    return view


def window_exports(win, path):
    from chipscope.ui.export_dialog import ExportOptions

    if path.suffix == ".csv":
        return win.export_table_to(path)
    return win.export_chart_to(ExportOptions(path, 320, 200))


def compare_exports(view, path):
    if path.suffix == ".csv":
        return view.export_table_to(path)
    return view.export_chart_to(path, 320, 200)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".csv"])
@pytest.mark.parametrize("where", ["window", "compare"])
def test_a_failed_export_keeps_the_old_file_and_says_why(request, where, suffix, tmp_path,
                                                         monkeypatch):
    owner = request.getfixturevalue(where)
    disk_full(monkeypatch)
    export = window_exports if where == "window" else compare_exports
    path = tmp_path / f"old{suffix}"
    path.write_bytes(OLD)
    assert not export(owner, path)
    assert len(owner.warnings) == 1
    warning = owner.warnings[0]
    assert str(path) in warning and "its disk is full; free some space" in warning
    assert path.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".csv"])
@pytest.mark.parametrize("where", ["window", "compare"])
def test_an_export_onto_a_fifo_is_refused(request, where, suffix, mkfifo, tmp_path):
    owner = request.getfixturevalue(where)
    export = window_exports if where == "window" else compare_exports
    fifo = tmp_path / f"pipe{suffix}"
    mkfifo(fifo)
    assert not export(owner, fifo)
    assert len(owner.warnings) == 1 and str(fifo) in owner.warnings[0]
    assert "FIFO" in owner.warnings[0]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_csv_exports_escape_formulas(window, compare, tmp_path):
    table = pd.DataFrame({"chip": ["=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1)", "a100"],
                          "h100e": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    export_table_csv(table, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", comment="#")
    assert list(back["chip"]) == ["'=cmd|' /C calc'!A0", "'+1", "'-x", "'@SUM(A1)", "a100"]
    assert list(back["h100e"]) == [-1.5, 2.0, 3.0, 4.0, 5.0]  # numbers stay numbers
    assert compare.export_table_to(tmp_path / "c.csv"), compare.warnings
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@"):
            float(cell)  # only a number may start so


def test_exports_are_the_bytes_qt_and_pandas_write(chart_area, tmp_path):
    """Going through memory and storage.files changes no byte of a normal export."""
    from chipscope.ui.charts.render import png_bytes

    image = render_chart_image(chart_area, 320, 200)
    direct = tmp_path / "direct.png"
    assert image.save(str(direct), "PNG")
    assert png_bytes(image) == direct.read_bytes()
    table = chart_area.current_table()
    export_table_csv(table, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == table.to_csv(
        index=False, lineterminator="\n")


def test_new_exports_follow_the_umask(window, tmp_path):
    old = os.umask(0o077)
    try:
        for suffix in (".png", ".svg", ".csv"):
            path = tmp_path / f"new{suffix}"
            assert window_exports(window, path), window.warnings
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)
