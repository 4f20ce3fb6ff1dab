"""Acceptance (pass 33 F4): with a read-only settings.ini at a usual-length path (e.g.
/home/alexandra/.config/chipscope/settings.ini) the passing status-bar message was the whole
sentence with the full path, cut mid-word before its remedy at 1,024 px ("... until ChipScope
closes; m"). Now the passing message is short, its remedy first and the file named by its
name, and fits whole left of the "⚠ Settings not saved" label at 1,024 px (the full path stays
in that label's tooltip); a message that cannot fit ends in "…".

The same for settings.ini.lock held by another program (or left behind and not removable): the
passing message was "Default settings used, as saving them would hang: its lock file
settings.ini.lock is held by another program, or left behind and cannot be removed; close
other ChipScope windows, ..." and was cut before its remedy; now it is the remedy alone."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QStatusBar
from pytestqt.qtbot import QtBot

from chipscope.ui.main_window import MainWindow
from tests.other_program import HOLD_QT_LOCK, other_program

KEPT = "\u26a0 Settings not saved"


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home" / "alexandra" / ".config" / "chipscope"
    home.mkdir(parents=True)
    (home / "settings.ini").write_text("[view]\nbasis=bf16\n", encoding="utf-8")
    return home


REMEDY = {"file": "writable to keep them.",
          "folder": "writable to keep them (the log goes to standard error).",
          "held lock": "close other ChipScope windows, or remove settings.ini.lock if none is "
                       "open."}


@pytest.mark.parametrize("cause", ["file", "folder", "held lock"])
def test_the_settings_message_fits_beside_its_label_at_1024_px(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cause: str) -> None:
    from chipscope.ui import app

    home = _home(tmp_path)
    own = home / "settings.ini"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    held = ExitStack()
    if cause == "held lock":  # another ChipScope (or a program reusing the file) holds it
        held.enter_context(other_program(HOLD_QT_LOCK, f"{own}.lock", ready="held"))
    else:
        (own if cause == "file" else home).chmod(0o444 if cause == "file" else 0o555)
    real_show = MainWindow.show

    def show_1024(self: MainWindow) -> None:  # as on a 1,024 x 600 screen
        self.resize(1024, 600)
        real_show(self)

    monkeypatch.setattr(MainWindow, "show", show_1024)
    try:
        window = app.start(confirm=lambda reason: True)  # the bundled data if none is made
        assert window is not None
        qtbot.addWidget(window)
        assert window.width() <= 1024
        bar = window.statusBar()
        qtbot.waitUntil(lambda: bool(bar.currentMessage()))
        qtbot.wait(100)  # laid out again: the timings hidden, the label at its place
        message = bar.currentMessage()
        kept = [label for label in bar.findChildren(QLabel) if label.text() == KEPT]
        assert len(kept) == 1 and kept[0].isVisible()
        assert str(own) in kept[0].toolTip()  # the full path is still told
        room = kept[0].x() - 2 - 6  # Qt draws the message from x = 6 to 2 px before the label
        assert bar.fontMetrics().horizontalAdvance(message) <= room, message
        assert message.endswith(REMEDY[cause]), message  # the remedy, whole
        assert str(own) not in message and ("settings.ini" in message or "chipscope" in message)
        assert own.read_text(encoding="utf-8") == "[view]\nbasis=bf16\n"
        if cause == "held lock":  # the whole sentence, unchanged, in the tooltip
            assert (f"its lock file {own}.lock is held by another program, or left behind and "
                    "cannot be removed; close other ChipScope windows, or remove that file if "
                    "none runs.") in kept[0].toolTip()
        window.close()
    finally:
        held.close()
        home.chmod(0o755)
        own.chmod(0o644)


def test_a_message_too_long_for_the_bar_ends_in_an_ellipsis(qtbot: QtBot) -> None:
    from chipscope.ui.plain import session_note

    bar = QStatusBar()
    qtbot.addWidget(bar)
    bar.resize(600, 30)
    bar.show()
    long = "Default settings used: " + "word " * 200 + "remedy."
    label = session_note(bar, KEPT, long, long)
    qtbot.wait(50)
    message = bar.currentMessage()
    assert message.endswith("\u2026") and message.startswith("Default settings used: word")
    assert bar.fontMetrics().horizontalAdvance(message) <= label.x() - 2 - 6
    assert label.toolTip() == long
