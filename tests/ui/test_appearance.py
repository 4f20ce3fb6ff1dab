"""View > Appearance: System / Light / Dark, live for the window and the charts, kept in the
settings (#11)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.main_window import MainWindow
from chipscope.ui.palette import relative_luminance
from chipscope.ui.session import Session
from chipscope.ui.theme import SETTINGS_KEY, AppearanceController, full_palette, stored_appearance

SHOTS = Path("/work/shots/charts2")
WINDOW = QPalette.ColorRole.Window


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                     QSettings.Format.IniFormat)


@pytest.fixture
def system_after(qapp: QApplication) -> Iterator[None]:
    """Whatever a test switches to, the next test starts from the system appearance."""
    yield
    AppearanceController(None).apply("system", save=False)


def make_window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(Session(synthetic_dataset()), settings_file())
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    return win


def window_luminance(widget: object) -> float:
    return relative_luminance(widget.palette().color(WINDOW))  # type: ignore[attr-defined]


def test_dark_is_live_for_window_and_charts_and_kept(qtbot: QtBot, system_after: None) -> None:
    win = make_window(qtbot)
    system_window = QApplication.palette().color(WINDOW)
    assert win.appearance.appearance == "system"
    assert win.appearance_actions["system"].isChecked()
    view = win.chart_area.current_view()
    assert not view.theme.is_dark
    win.appearance_actions["dark"].trigger()
    QApplication.processEvents()
    assert window_luminance(QApplication.instance()) < 0.05
    assert window_luminance(win) < 0.05 and window_luminance(win.assumptions_panel) < 0.05
    assert QApplication.style().name().lower() == "fusion"
    assert view.theme.is_dark  # the chart on screen followed, without a restart
    assert view.widget.backgroundBrush().color() == view.theme.background
    assert relative_luminance(view.theme.background) < 0.05
    assert win.appearance_actions["dark"].isChecked()
    assert settings_file().value(SETTINGS_KEY) == "dark"
    if SHOTS.is_dir():
        win.grab().save(str(SHOTS / "window_dark.png"))
    win.close()

    again = make_window(qtbot)  # the choice is kept
    assert again.appearance.appearance == "dark"
    assert again.appearance_actions["dark"].isChecked()
    assert again.chart_area.current_view().theme.is_dark
    again.appearance_actions["system"].trigger()
    QApplication.processEvents()
    assert QApplication.palette().color(WINDOW) == system_window
    assert not again.chart_area.current_view().theme.is_dark
    assert settings_file().value(SETTINGS_KEY) == "system"


def test_light_uses_the_full_light_palette(qtbot: QtBot, system_after: None) -> None:
    win = make_window(qtbot)
    win.appearance_actions["light"].trigger()
    QApplication.processEvents()
    assert QApplication.palette().color(WINDOW) == full_palette("light").color(WINDOW)
    assert not win.chart_area.current_view().theme.is_dark
    assert relative_luminance(win.chart_area.current_view().theme.background) > 0.9
    if SHOTS.is_dir():
        win.grab().save(str(SHOTS / "window_light.png"))


def test_the_dark_palette_is_readable_and_complete() -> None:
    from chipscope.ui.palette import contrast_ratio

    dark = full_palette("dark")
    for fg, bg in ((QPalette.ColorRole.WindowText, WINDOW),
                   (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
                   (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
                   (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight)):
        assert contrast_ratio(dark.color(fg), dark.color(bg)) >= 4.5, fg
    disabled = dark.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert disabled != dark.color(QPalette.ColorRole.Text)
    with pytest.raises(ValueError, match="system"):
        full_palette("system")


def test_a_bad_stored_value_means_system(qapp: QApplication, system_after: None) -> None:
    settings = settings_file()
    settings.setValue(SETTINGS_KEY, "purple")
    assert stored_appearance(settings) == "system"
    assert stored_appearance(None) == "system"
    with pytest.raises(ValueError, match="purple"):
        AppearanceController(settings).apply("purple")


def test_the_export_dialog_offers_a_dark_background(qapp: QApplication, tmp_path: Path) -> None:
    from chipscope.ui.charts.export import PNG_PRESETS
    from chipscope.ui.export_dialog import ExportDialog

    dialog = ExportDialog(PNG_PRESETS, tmp_path / "c.png")
    assert not dialog.options().dark  # light by default, whatever the appearance
    dialog.dark_box.setChecked(True)
    assert dialog.options().dark
    assert "light" in dialog.dark_box.toolTip()
