"""Window findings of the seventh attack pass of issue 10 (/work/attack7w-findings.md): each
bad input or fault gives one clear message next to the action, never the unexpected-error box
or a frozen window, and nothing the user had is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from chipscope.storage import list_scenarios, open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session


@pytest.fixture
def window(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> MainWindow:
    dataset, db = open_user_database()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(win)
    win.errors = []  # type: ignore[attr-defined]
    monkeypatch.setattr(win.scenarios.panel, "show_error",
                        lambda title, text: win.errors.append(text))  # type: ignore[attr-defined]
    return win


# --- A1: a scenario file with thousands of problems -------------------------------------------
def test_thousands_of_import_problems_list_twenty(window: MainWindow, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1 MB file of 50,000 unknown keys built a 50,000-line box: 12 s frozen, taller than
    the screen."""
    shown: list[tuple[str, str]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.text(), box.informativeText()))
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    file = tmp_path / "many.toml"
    file.write_text('format_version = 1\nname = "many"\n[assumptions]\n'
                    + "".join(f"k{i} = 1\n" for i in range(300)), encoding="utf-8")
    assert not window.scenarios.import_scenario(file)
    [(text, listed)] = shown
    assert "300 problems" in text
    lines = listed.splitlines()
    assert len(lines) == 21 and lines[-1] == "\u2022 ... and 280 more" and "'k0'" in lines[0]
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == []
