"""The main window: live what-if through the chart, table follows the chart, menus, settings,
exports, About and provenance."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QKeySequence
from pytestqt.qtbot import QtBot

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.charts.area import CHART_NAMES
from chipscope.ui.export_dialog import ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.session import Session


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                     QSettings.Format.IniFormat)


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(synthetic_dataset())  # a warning is recorded in window.warnings


def slider_to(window: MainWindow, key: str, value: float, qtbot: QtBot) -> None:
    editor = window.assumptions_panel.editor(key)
    assert isinstance(editor, ParamEditor)
    count = window.session.recompute_count
    editor.slider.setValue(editor.scale.to_position(value))
    qtbot.waitUntil(lambda: window.session.recompute_count > count
                    and not window.is_table_stale())


def last_share(window: MainWindow, series: str) -> float:
    _positions, shares = window.chart_area.series_data()[series]
    return float(shares[-1])


def test_status_bar_names_the_dataset_and_the_recompute_time(window: MainWindow) -> None:
    assert window.dataset_label.text() == "Dataset: Synthetic dataset, 2026-01-01"
    assert "ms" in window.timing_label.text()
    assert window.chart_area.plot_widget() is not None  # the real ChartArea


def _responsive(window: MainWindow) -> None:
    """A market that answers prices within the horizon (the fitted defaults are sticky: high
    lock-in, slow switching), so that a drag shows a clear move."""
    for key, value in (("lock_in", 1.5), ("switching_speed", 0.5), ("price_sensitivity", 1.0)):
        window.session.set_value(key, value)
    window.session.recompute_now()


def test_raising_a_vendors_price_change_lowers_its_plotted_share(
        qtbot: QtBot, window: MainWindow) -> None:
    _responsive(window)
    window.set_chart("vendor_share")
    slider_to(window, "vendor.v0.price_change_pct", -20, qtbot)
    cheap = last_share(window, "Vendor 0")
    slider_to(window, "vendor.v0.price_change_pct", 20, qtbot)
    dear = last_share(window, "Vendor 0")
    assert dear < cheap - 5  # percentage points
    # History does not move with a projection assumption.
    hist = window.session.projection.is_history
    _, shares = window.chart_area.series_data()["Vendor 0"]
    assert np.allclose(shares[hist], window.session.projection.vendor_shares()[hist, 0] * 100)


def test_price_sensitivity_favours_the_cheaper_vendor(qtbot: QtBot, window: MainWindow) -> None:
    _responsive(window)
    # Vendor 0 has history (a vendor new to the market sells only its deals).
    slider_to(window, "vendor.v0.price_change_pct", -40, qtbot)  # Vendor 0 gets much cheaper
    slider_to(window, "price_sensitivity", 0.5, qtbot)
    low = last_share(window, "Vendor 0")
    slider_to(window, "price_sensitivity", 4.0, qtbot)
    high = last_share(window, "Vendor 0")
    assert high > low + 10


def test_table_follows_the_chart_and_the_sliders(qtbot: QtBot, window: MainWindow) -> None:
    for name in CHART_NAMES:
        window.chart_actions[name].trigger()
        assert window.chart_area.chart_name() == name
        pd.testing.assert_frame_equal(window.table_model.frame(),
                                      window.chart_area.current_table())
    window.set_chart("vendor_share")
    headers = list(window.table_model.frame().columns)
    assert "Vendor 0 (H100e, dense BF16)" in headers and "Vendor 0 share (%)" in headers
    shown = [c.label for c in window.table_model.shown_columns()]
    assert shown[2] == "Vendor 0 share (%)"  # what the chart shows first; amounts on request
    assert "Vendor 0 (H100e, dense BF16)" not in shown
    assert window.table_model.headerData(2, 1, 1) is not None  # the vendor's swatch
    before = window.table_model.frame()["Vendor 0 share (%)"].iloc[-1]
    slider_to(window, "vendor.v0.price_change_pct", 30, qtbot)
    after = window.table_model.frame()["Vendor 0 share (%)"].iloc[-1]
    assert after < before
    assert after == pytest.approx(last_share(window, "Vendor 0"))
    window.measure_actions["units"].trigger()
    assert any("(chips)" in c for c in window.table_model.frame().columns)


def test_hidden_table_catches_up_when_shown(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.table_dock.visibilityChanged):
        window.details_dock.raise_()  # the table's tab goes behind
    slider_to(window, "lock_in", 2.5, qtbot)
    assert not window.table_model.frame().equals(window.chart_area.current_table())
    window.table_dock.raise_()
    qtbot.waitUntil(lambda: window.table_model.frame().equals(window.chart_area.current_table()))


def test_chart_shortcuts_and_menus(window: MainWindow) -> None:
    shortcuts = [window.chart_actions[n].shortcut() for n in CHART_NAMES]
    assert shortcuts[:4] == [QKeySequence(f"Ctrl+{i}") for i in range(1, 5)]
    assert window.export_chart_action.shortcut() == QKeySequence("Ctrl+E")
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Help"]
    window.chart_area.set_chart("chip_mix")  # the menu follows a change made elsewhere
    assert window.chart_actions["chip_mix"].isChecked()


def test_geometry_and_last_chart_are_remembered(qtbot: QtBot) -> None:
    first = MainWindow(Session(synthetic_dataset()), settings_file())
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 650)  # the offscreen screen is 800 px wide: vary the height
    first.set_chart("adopters")
    first.close()
    second = MainWindow(Session(synthetic_dataset()), settings_file())
    qtbot.addWidget(second)
    assert second.chart_area.chart_name() == "adopters"
    assert second.height() == 650
    assert Path(os.environ["CHIPSCOPE_HOME"], "settings.ini").exists()


def test_exports_png_at_2x_svg_and_csv(window: MainWindow, tmp_path: Path) -> None:
    png = tmp_path / "chart.png"
    assert window.export_chart_to(ExportOptions(png, 800, 450, 2.0)), window.warnings
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1600, 900)
    svg = tmp_path / "chart.svg"
    assert window.export_chart_to(ExportOptions(svg, 800, 450))
    assert "<svg" in svg.read_text(encoding="utf-8")[:2000]
    csv = tmp_path / "table.csv"
    assert window.export_table_to(csv)
    assert list(pd.read_csv(csv, comment="#").columns) == list(
        window.chart_area.current_table().columns)


def test_export_dialog_offers_full_hd_2x_and_svg(window: MainWindow, tmp_path: Path) -> None:
    from chipscope.ui.charts.export import PNG_PRESETS
    from chipscope.ui.export_dialog import ExportDialog

    dialog = ExportDialog(PNG_PRESETS, tmp_path / "chart.png", window)
    assert "1920 x 1080" in dialog.size_combo.currentText()
    dialog.hidpi_box.setChecked(True)
    assert dialog.options() == ExportOptions(tmp_path / "chart.png", 1920, 1080, 2.0)
    dialog.path_edit.setText(str(tmp_path / "chart.svg"))
    assert not dialog.hidpi_box.isEnabled()
    options = dialog.options()
    assert options.is_svg and options.scale == 1.0
    dialog.close()


def test_export_failure_is_shown_not_raised(window: MainWindow, tmp_path: Path) -> None:
    assert not window.export_table_to(tmp_path / "missing" / "dir" / "t.csv")
    assert len(window.warnings) == 1 and "t.csv" in window.warnings[0]


def test_about_lists_epoch_ai_sources_and_version(window: MainWindow) -> None:
    from chipscope import __version__

    dialog = window.show_about()
    text = dialog.text()
    assert "Epoch AI, Data on Machine Learning Hardware (CC BY 4.0)" in text
    assert "Epoch AI ai-chip-counts (MIT)" in text
    assert __version__ in text and "Synthetic data for tests" in text and "MIT" in text
    assert "model.md" in text
    dialog.close()


def test_help_opens_the_user_guide_offline(window: MainWindow) -> None:
    viewer = window.show_doc("user-guide.md")
    assert viewer is not None and "Assumptions" in viewer.browser.toPlainText()
    viewer.close()


def test_details_show_provenance(window: MainWindow) -> None:
    chips = window.details_panel.table("Chips")
    assert {"Vendor", "Dense BF16 (TFLOP/s)", "Memory (GB)", "Price (USD)", "Source",
            "Confidence"} <= set(chips.columns)
    assert chips["Price (USD)"].str.contains("estimate").all()  # synthetic prices are estimates
    adopters = window.details_panel.table("Adopters")
    assert {"Kind", "Derivation", "Source", "Confidence"} <= set(adopters.columns)
    assert "Synthetic data for tests" in adopters["Source"].iloc[0]
    heading_tips = [w.toolTip() for w in window.assumptions_panel.findChildren(object)
                    if hasattr(w, "toolTip") and "Derivation:" in str(w.toolTip())]
    assert heading_tips, "adopter headings carry their derivation and source"


def test_reset_all_from_the_menu(qtbot: QtBot, window: MainWindow) -> None:
    slider_to(window, "lock_in", 2.0, qtbot)
    next(a for a in window.menus["edit"].actions() if "Reset" in a.text()).trigger()
    assert window.session.assumptions == window.session.specs.defaults()


def test_status_bar_notes_minimum_shares_that_cut_deals_while_dragging(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deals add to demand, so they never exceed it; a minimum share dragged up until it
    leaves the deals too little raises a note; dragging back clears it; the link opens the
    whole explanation."""
    from PySide6.QtWidgets import QMessageBox

    session = window.session
    deals = session.dataset.deals
    for deal_id in deals["deal_id"][1:]:
        session.set_value(f"deal.{deal_id}.enabled", 0.0)
    deal = deals.iloc[0]
    adopter = str(deal.adopter_id)
    i = session.dataset.adopter_ids.index(adopter)
    reach = session.dataset.vendor_reach_matrix[i]
    other = next(v for j, v in enumerate(session.dataset.vendor_ids)
                 if reach[j] and v != deal.vendor_id)
    key = f"adopter.{adopter}.min_share.{other}"
    session.recompute_now()
    qtbot.waitUntil(lambda: window.notes == [])
    assert window.notes_label.text() == ""
    window.assumptions_panel.show_adopter(adopter)
    slider_to(window, key, 100.0, qtbot)
    name = session.dataset.adopters.set_index("adopter_id").loc[adopter, "name"]
    assert [n.kind for n in window.notes] == ["deals"]
    assert f"Minimum shares cut deals: {name}" in window.notes_label.text()
    assert "cut in proportion" in window.notes_label.toolTip()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.text()))
    window.notes_label.linkActivated.emit("notes")
    assert shown and name in shown[0] and "minimum shares" in shown[0]
    slider_to(window, key, 0.0, qtbot)
    assert window.notes == [] and window.notes_label.text() == ""


def test_the_readme_question_is_two_sliders(qtbot: QtBot, real_dataset, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"What if Trainium is 30 % cheaper per H100e and OpenAI moves a third of its new compute
    to it?": AWS's price level at -30 % and OpenAI's minimum share from AWS at 33 %, dragged
    in the real window, show on the who-buys-what chart and raise AWS's market share."""
    win = MainWindow(Session(real_dataset), settings_file())
    qtbot.addWidget(win)
    monkeypatch.setattr(win.scenarios.panel, "ask_unsaved", lambda: "discard")
    win.show()
    qtbot.waitExposed(win)
    aws = real_dataset.vendor_ids.index("aws")
    before = float(win.session.projection.vendor_shares()[-1, aws])
    win.set_chart("vendor_share")
    slider_to(win, "vendor.aws.price_level_pct", -30, qtbot)
    cheaper = float(win.session.projection.vendor_shares()[-1, aws])
    assert cheaper > before
    win.assumptions_panel.show_adopter("openai")
    slider_to(win, "adopter.openai.min_share.aws", 33, qtbot)
    win.set_chart("adopters")
    win.chart_area.set_adopter_year(2030)
    qtbot.waitUntil(lambda: not win.is_table_stale())
    _positions, shares = win.chart_area.series_data()["AWS (Trainium / Inferentia)"]
    row = real_dataset.adopter_ids.index("openai")
    # At least a third: a new vendor's capacity limit (OpenAI's own chip, Cerebras) can move
    # a little more of OpenAI's purchases to AWS on top of the minimum share.
    assert 33.0 - 0.01 <= shares[row] < 34.0
    assert float(win.session.projection.vendor_shares()[-1, aws]) > cheaper


def test_deal_firmness_is_shown_in_the_forms_and_the_details(real_dataset) -> None:  # type: ignore[no-untyped-def]
    """Each deal says how firm it is: the Deals table has a Firmness column, the heading of a
    letter of intent says so, and its tooltip explains the weight."""
    from chipscope.model.provenance import deal_provenance, deals_table

    table = deals_table(real_dataset)
    firmness = dict(zip(real_dataset.deals["deal_id"], table["Firmness"], strict=True))
    assert firmness["openai_nvidia_10gw_loi"] == "letter of intent"
    assert firmness["openai_amd_6gw"] == "firm"
    assert firmness["anthropic_azure_nvidia_1gw"] == "up to"
    tip = deal_provenance(real_dataset, "openai_nvidia_10gw_loi")
    assert "Firmness: letter of intent" in tip and "2H 2026-2029" in tip
    assert "Hosted by Amazon" in deal_provenance(real_dataset, "openai_aws_38b")
