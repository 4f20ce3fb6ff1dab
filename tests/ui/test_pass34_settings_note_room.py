"""Acceptance (pass 34 F3): with a read-only settings folder the status bar also keeps the
database's "⚠ Read-only" label, but the passing settings message was fitted to the room left of
its own "⚠ Settings not saved" label only, so at 1,024 px it was cut mid-word with no "…" before
its remedy (with a long folder name, cause and remedy both gone). Now the room is Qt's message
area, left of every visible permanent widget; the remedy comes first ("make the folder NAME
writable to keep them"), a folder name too long for it is shortened in the middle so that the
remedy stays whole, and the message is fitted again when the window narrows while it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QStatusBar
from pytestqt.qtbot import QtBot

from chipscope.ui.main_window import MainWindow

KEPT = ("\u26a0 Settings not saved", "\u26a0 Read-only")
REMEDY = "writable to keep them"
LONG = "chipscope-settings-for-the-quarterly-market-review-team-2026"


def _room(bar: QStatusBar) -> int:
    """Where Qt draws a message: from x = 6 to 2 px before the first visible kept label."""
    kept = [label for label in bar.findChildren(QLabel) if label.text() in KEPT]
    assert sorted(label.text() for label in kept if label.isVisible()) == sorted(KEPT)
    return min(label.x() for label in kept) - 2 - 6


def _fits(bar: QStatusBar, folder: str) -> str:
    message = bar.currentMessage()
    assert bar.fontMetrics().horizontalAdvance(message) <= _room(bar), message
    assert message.endswith(("\u2026", ".")), message
    start = "Settings are not saved: make the folder "
    assert message.startswith(start) and f" {REMEDY}" in message, message  # the remedy, whole
    shown = message[len(start):message.index(f" {REMEDY}")]
    assert shown == folder or ("\u2026" in shown and shown[:4] == folder[:4]
                               and shown[-4:] == folder[-4:]), shown
    return message


@pytest.mark.parametrize("folder", ["shared-chipscope-data", LONG, LONG + "-and-the-yearly-"
                                    "budget-planning-group-of-the-northern-region"])
def test_the_settings_message_fits_left_of_every_kept_label_at_1024_px(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    from chipscope.ui import app

    home = tmp_path / folder
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    real_show = MainWindow.show

    def show_1024(self: MainWindow) -> None:  # as on a 1,024 x 600 screen
        self.resize(1024, 600)
        real_show(self)

    monkeypatch.setattr(MainWindow, "show", show_1024)
    first = app.start(confirm=lambda reason: True)  # makes the database and settings
    assert first is not None
    first.close()
    qtbot.wait(50)
    files = {path: path.read_bytes() for path in home.iterdir() if path.is_file()}
    home.chmod(0o555)
    try:
        window = app.start(confirm=lambda reason: True)
        assert window is not None
        qtbot.addWidget(window)
        assert window.width() <= 1024
        bar = window.statusBar()
        qtbot.waitUntil(lambda: bool(bar.currentMessage()))
        qtbot.wait(100)  # laid out again: the timings hidden, the labels at their places
        message = _fits(bar, folder)
        if folder == "shared-chipscope-data":  # short enough: the sentence whole
            assert message.endswith(f"{REMEDY} (the log goes to standard error).")
        window.resize(800, 600)  # narrower while it shows: fitted again
        qtbot.waitUntil(lambda: bar.currentMessage() != message)
        qtbot.wait(50)
        _fits(bar, folder)
        window.close()
    finally:
        home.chmod(0o755)
    assert {path: path.read_bytes() for path in files} == files  # nothing written


def test_a_long_name_is_shortened_so_that_the_remedy_stays_whole(qtbot: QtBot) -> None:
    from chipscope.ui.plain import session_note

    bar = QStatusBar()
    qtbot.addWidget(bar)
    bar.resize(700, 30)
    bar.addPermanentWidget(QLabel(KEPT[1]))
    bar.show()
    name = "x" * 40 + "-middle-" + "y" * 40
    remedy = f"Settings are not saved: make the folder {name} writable to keep them"
    label = session_note(bar, KEPT[0], "whole", remedy + " (and the rest).", name, remedy)
    qtbot.wait(50)
    message = bar.currentMessage()
    assert bar.fontMetrics().horizontalAdvance(message) <= _room(bar), message
    assert message.startswith("Settings are not saved: make the folder xxxx"), message
    assert "\u2026yyyy" in message and "middle" not in message, message
    assert message.endswith(f" {REMEDY}\u2026") or f" {REMEDY} (" in message, message
    assert label.toolTip() == "whole"
