"""Pass 31 F2 and F3: the first start (no stored settings, as with a read-only settings file on
every start) is fitted to the screen like a restored window, and on a screen narrower than the
docks' ideal width (1024 px) the window still fits; File > Export chart never proposes the file
just written, asks before replacing a file that exists, and judges the remembered folder by the
app's permission-bit rule (root included)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from chipscope.ui import export_dialog
from chipscope.ui.charts.export import PNG_PRESETS
from chipscope.ui.export_dialog import ExportDialog, ExportOptions
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass31_window_fit import cut_off


def fake_screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> QRect:
    area = QRect(0, 0, width, height)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(area))
    return area


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def inside(window: MainWindow, area: QRect) -> bool:
    return area.contains(window.frameGeometry())


def test_the_first_start_fits_a_1366_x_768_screen(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    area = fake_screen(monkeypatch, 1366, 768)
    window = make_window()  # no settings stored yet: the first start
    settle()
    assert inside(window, area), window.frameGeometry()  # was 1400 x 900, 132 px below
    status = window.statusBar()
    bottom = status.mapTo(window, status.rect().bottomLeft()).y()
    assert window.y() + bottom < area.bottom() + 1  # the status bar (settings note) shown


def test_the_first_start_on_a_large_screen_stays_1400_x_900(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    fake_screen(monkeypatch, 1920, 1080)
    window = make_window()
    settle()
    assert (window.width(), window.height()) == (1400, 900)  # the README screenshot's size


@pytest.mark.parametrize("start", ["first", "second"])
def test_a_1024_wide_screen_holds_the_whole_window(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        start: str) -> None:
    area = fake_screen(monkeypatch, 1024, 600)
    window = make_window()
    if start == "second":
        window.close()  # stores a geometry of (at least) the minimum width
        window = make_window()
    settle()
    assert inside(window, area), window.frameGeometry()  # was 1187-1265 px wide
    assert cut_off(window) == []  # the rows scroll sideways rather than lie off the screen
    assert window.centralWidget().width() >= 400  # the main chart keeps a usable width
    assert window.assumptions_dock.width() >= 160


def proposed(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Path:
    seen: list[str] = []

    def exec_(dialog: ExportDialog) -> int:
        seen.append(dialog.path_edit.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    window.export_chart()
    [text] = seen
    return Path(text)


def test_the_next_export_proposes_a_name_not_taken(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    window = make_window()
    first = proposed(window, monkeypatch)
    written = tmp_path / first.with_suffix(".svg").name
    assert window.export_chart_to(ExportOptions(written, 800, 600))
    again = proposed(window, monkeypatch)
    assert again != written and not again.exists()  # was the file just written
    assert again == tmp_path / f"{first.stem}-2.svg"
    assert window.export_chart_to(ExportOptions(again, 800, 600))
    assert proposed(window, monkeypatch) == tmp_path / f"{first.stem}-3.svg"


def asked_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path,
                 answer: QMessageBox.StandardButton) -> tuple[ExportDialog, list[str]]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(export_dialog.QMessageBox, "question", question)
    dialog = ExportDialog(PNG_PRESETS, path)
    qtbot.addWidget(dialog)
    return dialog, asked


def test_save_asks_before_replacing_a_file(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    old = tmp_path / "chart.png"
    old.write_bytes(b"mine")
    dialog, asked = asked_dialog(qtbot, monkeypatch, old, QMessageBox.StandardButton.No)
    dialog.accept()
    assert asked == [f"{old} already exists. Replace it with the chart?"]  # was: no question
    assert dialog.result() != QDialog.DialogCode.Accepted  # No: the dialog stays open
    dialog, asked = asked_dialog(qtbot, monkeypatch, old, QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert len(asked) == 1 and dialog.result() == QDialog.DialogCode.Accepted
    dialog, asked = asked_dialog(qtbot, monkeypatch, tmp_path / "new.png",
                                 QMessageBox.StandardButton.No)
    dialog.accept()
    assert asked == [] and dialog.result() == QDialog.DialogCode.Accepted  # a new file
    assert old.read_bytes() == b"mine"


def test_a_file_browse_asked_about_is_not_asked_again(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    old = tmp_path / "picked.svg"
    old.write_bytes(b"mine")
    dialog, asked = asked_dialog(qtbot, monkeypatch, tmp_path / "chart.png",
                                 QMessageBox.StandardButton.No)
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName",
                        lambda *_args: (str(old), "SVG vector image (*.svg)"))
    dialog._browse()  # the file dialog confirms a replacement itself
    dialog.accept()
    assert asked == [] and dialog.result() == QDialog.DialogCode.Accepted


def test_a_read_only_remembered_folder_is_not_proposed_even_to_root(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    window = make_window()
    folder = tmp_path / "charts"
    folder.mkdir()
    assert window.export_chart_to(ExportOptions(folder / "mine.png", 800, 600))
    folder.chmod(0o555)  # the write refuses it for root too (write_permission.py)
    try:
        assert proposed(window, monkeypatch).parent == Path.home()  # was the folder (root)
    finally:
        folder.chmod(0o755)
    assert proposed(window, monkeypatch).parent == folder
