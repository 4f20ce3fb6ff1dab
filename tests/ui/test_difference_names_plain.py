"""The difference read-out names its reference as it is: a scenario named like HTML
(``<img width=4000><b>Plan</b>``, which the name rules allow) used to be drawn as a broken
4,000-pixel image and a bold "Plan" in the caption, widening the dock past the screen; the line
saying why a reference cannot be used likewise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from chipscope.storage import StorageError, open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session

NAME = '<img src="x" width="4000" height="3000"><b>Plan</b>'


def test_a_reference_named_like_html_is_shown_as_its_text(qtbot: QtBot,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(window)
    window.scenarios.working.save_as(NAME)
    diff = window.difference
    diff.set_on(True)
    diff.choose("saved:" + NAME)
    qtbot.waitUntil(lambda: not diff.is_stale())
    caption = diff.panel.caption
    assert f"against \u201c{NAME}\u201d" in caption.text()
    assert caption.textFormat() == Qt.TextFormat.PlainText
    assert caption.sizeHint().width() < 1000 and caption.sizeHint().height() < 1000
    def unreadable(name: str) -> None:
        raise StorageError(f"the scenario {name} cannot be read")

    monkeypatch.setattr(window.scenarios.working, "assumptions_of", unreadable)
    diff.choose("saved:" + NAME)  # cannot be read: the line says so, naming it as it is
    message = diff.panel.message
    assert message.text().startswith(f"\u201c{NAME}\u201d cannot be the reference")
    assert message.textFormat() == Qt.TextFormat.PlainText
    assert message.sizeHint().height() < 1000
