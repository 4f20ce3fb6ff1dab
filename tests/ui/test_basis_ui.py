"""View > Compute basis: re-projects on the 8-bit basis, relabels chart, table and menus,
is remembered; exports say the basis."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from chipscope.model import AssumptionSpecs, Dataset
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.charts.export import export_chart_to_file
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "basis-settings.ini"),
                     QSettings.Format.IniFormat)


def make_window(qtbot: QtBot, dataset: Dataset | None = None) -> MainWindow:
    win = MainWindow(Session(dataset or synthetic_dataset()), settings_file())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _texts(window: MainWindow) -> tuple[str, str, list[str]]:
    view = window.chart_area.current_view()
    left = view.plot.getAxis("left").labelText
    return view.title, left, list(window.table_model.frame().columns)


def test_toggle_reprojects_and_relabels(qtbot: QtBot) -> None:
    win = make_window(qtbot)
    win.set_chart("vendor_absolute")
    title, axis, columns = _texts(win)
    assert title.endswith("Compute (H100e, dense BF16)")
    assert axis == "Purchases (H100e, dense BF16)"
    assert "Total (H100e, dense BF16)" in columns
    assert win.basis_actions["bf16"].isChecked()
    before = win.session.projection
    count = win.session.recompute_count
    win.basis_actions["8bit"].trigger()
    assert win.session.recompute_count == count + 1
    qtbot.waitUntil(lambda: not win.is_table_stale())
    proj = win.session.projection
    assert proj.basis == "8bit" and win.basis_actions["8bit"].isChecked()
    title, axis, columns = _texts(win)
    assert title.endswith("Compute (H100e, dense 8-bit)")
    assert axis == "Purchases (H100e, dense 8-bit)"
    assert "Total (H100e, dense 8-bit)" in columns
    assert win.measure_actions["h100e"].text() == "Compute (H100e, dense 8-bit)"
    # The synthetic chips have no 8-bit figure: 2 x BF16, and the status bar says so.
    assert "2 x dense BF16" in win.notes_label.toolTip()
    np.testing.assert_allclose(proj.h100e[proj.is_history].sum(),
                               before.h100e[before.is_history].sum() * 989 * 2 / 1979)
    # Units do not change in history; the chart follows the projection on the new basis.
    np.testing.assert_array_equal(proj.units[proj.is_history], before.units[before.is_history])
    # A slider tick after the switch stays on the basis (the converted dataset is kept).
    eight = win.session.dataset.with_basis("8bit")
    win.session.set_value("demand_growth_pct", 40)
    win.session.recompute_now()
    assert win.session.projection.basis == "8bit"
    assert win.session.dataset.with_basis("8bit") is eight
    win.set_basis("bf16")
    assert _texts(win)[0].endswith("Compute (H100e, dense BF16)")
    assert win.notes_label.toolTip() == "" or "8-bit" not in win.notes_label.toolTip()


def test_basis_is_remembered(qtbot: QtBot) -> None:
    win = make_window(qtbot)
    win.set_basis("8bit")
    win.save_settings()
    win.close()
    again = make_window(qtbot)
    assert again.session.basis == "8bit" and again.basis_actions["8bit"].isChecked()
    assert again.chart_area.current_view().title.endswith("(H100e, dense 8-bit)")
    again.set_basis("bf16")
    again.save_settings()


def test_export_chart_to_file_names_the_basis(qapp: object, synthetic: Dataset,
                                              tmp_path: Path) -> None:
    a = AssumptionSpecs.for_dataset(synthetic).defaults()
    out = tmp_path / "c.svg"
    export_chart_to_file(synthetic, a, "vendor_absolute", out, width=960, height=540,
                         basis="8bit")
    text = out.read_text(encoding="utf-8")
    title = ET.parse(out).getroot().find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text is not None and "dense 8-bit" in title.text
    assert "dense 8-bit" in text
    with pytest.raises(ValueError, match="basis: 'fp4'"):
        export_chart_to_file(synthetic, a, "vendor_absolute", out, basis="fp4")


def test_screenshot_on_the_8bit_basis(qtbot: QtBot, real_dataset: Dataset) -> None:
    win = make_window(qtbot, real_dataset)
    win.resize(1400, 900)
    win.set_chart("vendor_absolute")
    win.set_basis("8bit")
    qtbot.waitUntil(lambda: not win.is_table_stale())
    image = win.grab()
    assert image.width() > 0
    if os.environ.get("CHIPSCOPE_SCREENSHOT"):
        image.save(os.environ["CHIPSCOPE_SCREENSHOT"])
    win.set_basis("bf16")
    win.save_settings()
