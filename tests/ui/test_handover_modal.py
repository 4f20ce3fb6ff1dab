"""Pass 13 window, A1: a file handed over by a second start while a modal dialog is open (the
Save As name dialog, a question, the export dialog) waits until that dialog closes. Before, it
was imported at once inside the dialog's event loop, and Save As then saved the handed-over
values under the name the user typed, with the old description."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from chipscope.storage import load_scenario, save_scenario
from chipscope.ui import instance
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.name_dialog import NameDialog


def _handed_file(tmp_path: Path) -> Path:
    path = tmp_path / "imp3.toml"
    path.write_text('format_version = 1\nname = "Handed"\n[assumptions]\nlock_in = 0.55\n',
                    encoding="utf-8")
    return path


def _turns(n: int = 5) -> None:
    for _ in range(n):
        QCoreApplication.processEvents()


def test_a_file_handed_over_during_save_as_waits_for_the_dialog(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    window = make_window()
    db = window.db_path
    assert db is not None
    server = instance.FileServer(instance.server_name(tmp_path / "x.db"), window)
    server.open_requested.connect(window.open_scenario_file)
    panel, working = window.scenarios.panel, window.scenarios.working
    save_scenario(db, "Wsaved", "my W description", {"lock_in": 1.7})
    panel.refresh()
    assert panel.select("Wsaved") and panel.open_selected()
    seen: list[str] = []

    def during_dialog() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, NameDialog) and w.isVisible())
        server._queue([_handed_file(tmp_path)])  # what a second `chipscope imp3.toml` does
        _turns()
        seen.append(working.name)
        dialog.name_edit.setText("Copy of W")
        dialog.accept()

    QTimer.singleShot(0, during_dialog)
    assert panel.save_as()
    assert seen == ["Wsaved"]  # nothing was opened under the dialog
    saved = load_scenario(db, "Copy of W")
    assert saved.values == {"lock_in": 1.7} and saved.description == "my W description"
    qtbot.waitUntil(lambda: working.name == "Handed", timeout=5000)  # opened after it closed


def test_pending_files_open_when_the_modal_dialog_closes(qtbot: QtBot, tmp_path: Path) -> None:
    server = instance.FileServer(instance.server_name(tmp_path / "y.db"))
    opened: list[Path] = []
    server.open_requested.connect(opened.append)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=5000)
    path = tmp_path / "a.toml"
    server._queue([path])
    _turns()
    assert opened == []
    dialog.reject()
    qtbot.waitUntil(lambda: opened == [path], timeout=5000)
    server._queue([path])  # no dialog: opened on the next turn, as before
    qtbot.waitUntil(lambda: opened == [path, path], timeout=5000)
