"""Acceptance (session 31): with a read-only settings file the window said so with a status-bar
message that had no end. A passing message hides the bar's normal widgets, so the dataset's
name and the warnings beside it ("Minimum shares cut deals") stayed hidden for the whole
session, and the long sentence was cut off at the window's edge with no tooltip. Now the note
is kept short at the right, the whole sentence in its tooltip, and the message passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from chipscope.ui.plain import PlainStatusBar


def test_a_settings_note_is_kept_short_and_the_message_passes(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui import app

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path))
    own = tmp_path / "settings.ini"
    own.write_text("[view]\nbasis=bf16\n", encoding="utf-8")
    own.chmod(0o444)
    problem = app.settings_problem()
    assert problem is not None and str(own) in problem
    shown: list[tuple[str, int | None]] = []
    real = PlainStatusBar.showMessage

    def record(self: PlainStatusBar, text: str, timeout: int | None = 0) -> None:
        shown.append((text, timeout))
        real(self, text, timeout)

    monkeypatch.setattr(PlainStatusBar, "showMessage", record)
    window = app.start(confirm=lambda reason: False)
    assert window is not None
    qtbot.addWidget(window)
    bar = window.statusBar()
    passing = getattr(problem, "passing", problem)  # pass 33 F4: short, its remedy first
    qtbot.waitUntil(lambda: bar.currentMessage() == passing)
    qtbot.wait(100)  # the bar laid out again meanwhile: the message still hides the label
    assert not window.dataset_label.isVisible()
    assert not window.timing_label.isVisible()  # pass 32 F4: the message has the bar's width
    timeouts = [timeout for text, timeout in shown if text == passing]
    assert timeouts and all(t is not None and t > 0 for t in timeouts)  # it passes
    kept = [label for label in bar.findChildren(QLabel)
            if label.text() == "\u26a0 Settings not saved"]
    assert len(kept) == 1 and kept[0].isVisible()
    assert kept[0].toolTip() == problem  # the whole sentence, literally
    bar.clearMessage()  # as when the message's time is up
    assert window.dataset_label.isVisible() and window.dataset_label.text()
    assert window.timing_label.isVisible()
    assert own.read_text(encoding="utf-8") == "[view]\nbasis=bf16\n"
    window.close()
