"""Pass 31 D and E: a window restored smaller than its first 1400 x 900 (a second start on a
smaller screen; offscreen the screen is 800 x 800) shows every assumption row whole (number box
with its unit, reset and "±" buttons) and a readable fan chart; File > Export chart proposes
the folder and type of the last export."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDialog, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from chipscope.ui.export_dialog import ExportDialog, ExportOptions
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.param_widgets import ParamEditor


def second_start(make_window: Callable[..., MainWindow]) -> MainWindow:
    first = make_window()
    first.close()  # saves geometry and dock layout in CHIPSCOPE_HOME's settings.ini
    window = make_window()
    for _ in range(5):
        QApplication.processEvents()
    return window


def cut_off(window: MainWindow) -> list[str]:
    """Every shown assumption row's part that lies outside the dock's viewport (none when
    the rows can be scrolled sideways to them)."""
    area = window.assumptions_panel.scroll_area
    if area.horizontalScrollBar().isVisible():
        return []
    viewport = area.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())
    missing = []
    for key, editor in window.assumptions_panel.editors.items():
        if not isinstance(editor, ParamEditor) or not editor.isVisibleTo(window):
            continue
        parts: list[QWidget] = [editor.spin, editor.reset_button,
                                *editor.findChildren(QToolButton)]
        for part in parts:
            if not part.isVisibleTo(editor):
                continue
            left = part.mapTo(viewport, QPoint(0, 0)).x()
            if left < 0 or left + part.width() > shown.width():
                text = part.text() if isinstance(part, QToolButton) else ""
                missing.append(f"{key}: {type(part).__name__} {text}")
    return missing


def test_a_second_start_on_a_small_screen_shows_every_row_whole(
        make_window: Callable[..., MainWindow]) -> None:
    window = second_start(make_window)
    assert window.width() < 1400  # restored smaller than the first start
    assert cut_off(window) == []  # were: every number box, unit, ↺ and ± cut off
    spin = window.assumptions_panel.editors["base_year"]
    assert isinstance(spin, ParamEditor)
    assert spin.spin.width() >= spin.spin.minimumSizeHint().width()


def test_rows_stay_whole_when_the_window_is_made_as_small_as_it_goes(
        make_window: Callable[..., MainWindow]) -> None:
    window = second_start(make_window)
    window.resize(1135, 774)  # the tester's restored size
    for _ in range(5):
        QApplication.processEvents()
    assert cut_off(window) == []
    assert window.centralWidget().width() >= 400  # the main chart keeps a usable width


def test_the_fan_chart_keeps_its_plot_after_a_small_restore(
        make_window: Callable[..., MainWindow]) -> None:
    window = second_start(make_window)
    chart = window.uncertainty.panel.chart
    assert window.uncertainty.fan_dock.isVisible()
    # Eleven legend rows in one column once squashed the plot to a strip; the chart then kept
    # two columns' width, wider than a narrow dock (pass 36 F6). Now the legend keeps only
    # the rows that leave the plot its room, "+N more" last (pass 36 F2).
    assert chart.width() <= window.uncertainty.fan_dock.width()
    names = [label.text for _, label in chart.legend.items]
    if chart.legend.isVisible() and len(names) < len(chart.items):
        assert names[-1].endswith("more series (see the table)"), names
    assert chart.plot_item.getViewBox().height() > 60


def test_the_window_is_fitted_to_the_screen(make_window: Callable[..., MainWindow]) -> None:
    window = second_start(make_window)
    area = window.screen().availableGeometry()
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert window.width() <= max(area.width(), least.width())
    assert window.height() <= max(area.height(), least.height())


def proposed(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Path:
    seen: list[str] = []

    def exec_(dialog: ExportDialog) -> int:
        seen.append(dialog.path_edit.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.export_chart()
    [text] = seen
    return Path(text)


def test_export_proposes_the_folder_and_type_of_the_last_export(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, qtbot: QtBot) -> None:
    window = make_window()
    first = proposed(window, monkeypatch)
    assert first.parent == Path.home() and first.suffix == ".png"
    folder = tmp_path / "charts"
    folder.mkdir()
    assert window.export_chart_to(ExportOptions(folder / "mine.svg", 800, 600))
    again = proposed(window, monkeypatch)
    assert again.parent == folder and again.suffix == ".svg"  # was ~/chipscope-….png
    assert again.stem == first.stem
    window.close()
    later = proposed(make_window(), monkeypatch)  # kept in the settings: the next start too
    assert later.parent == folder and later.suffix == ".svg"


def test_export_falls_back_to_home_when_the_folder_is_gone_or_read_only(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "charts"
    folder.mkdir()
    assert window.export_chart_to(ExportOptions(folder / "mine.png", 800, 600))
    assert proposed(window, monkeypatch).parent == folder
    folder.chmod(0o555)
    try:
        if not os.access(folder, os.W_OK):  # root may write anyway
            assert proposed(window, monkeypatch).parent == Path.home()
    finally:
        folder.chmod(0o755)
    (folder / "mine.png").unlink()
    folder.rmdir()
    assert proposed(window, monkeypatch).parent == Path.home()  # the folder is gone


def test_fit_to_screen_brings_a_window_too_large_and_off_screen_back(
        make_window: Callable[..., MainWindow]) -> None:
    from chipscope.ui.window_fit import fit_to_screen

    window = make_window()
    window.resize(3000, 2500)  # as saved on a large monitor
    window.move(4000, 3000)
    assert fit_to_screen(window, [window.assumptions_dock, window.uncertainty.fan_dock])
    area = window.screen().availableGeometry()
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    assert window.width() == max(least.width(), area.width() - extra_w)
    assert window.height() == max(least.height(), area.height() - extra_h)
    assert window.x() <= max(area.left(), area.right() + 1 - window.width())
    assert window.y() <= max(area.top(), area.bottom() + 1 - window.height())
    assert not fit_to_screen(window, [])  # already fitted: left alone
