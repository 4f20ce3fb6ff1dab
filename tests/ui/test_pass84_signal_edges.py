"""Pass 84. F1: a signal that ended the window while its "Unsaved changes" question for a
handed-over file was open closed the question with no button, read as Cancel: the start that
handed the file over said "you chose Cancel" and opened it nowhere. Now it is told ``closed``
and opens its own window. F2: a second signal while the first was being handled ran the whole
ending again (autosave, settings, worker) and printed a second line."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.ui import diagnostics, instance
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass15_window import _second_start
from tests.ui.test_pass16_window import Said


def test_a_signal_at_the_question_of_a_handed_over_file_lets_its_start_open_it(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    window = make_window()
    panel = window.scenarios.panel
    window.session.set_value("lock_in", 1.4)
    window.session.finish_edit("lock_in")
    name = instance.server_name(tmp_path / "p84.db")
    server = instance.serve(name, window)
    handed = tmp_path / "handed.toml"
    handed.write_text('format_version = 2\nname = "Handed"\n[assumptions]\nlock_in = 0.55\n',
                      encoding="utf-8")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", lambda code=0: exits.append(code))
    asked: list[int] = []

    def ask_unsaved() -> str:  # SIGTERM while the question is open: the end of the event
        asked.append(1)  # loops closes it with no button, which reads as Cancel
        diagnostics.interrupt(app, window, 143, "terminated")
        return "cancel"

    monkeypatch.setattr(panel, "ask_unsaved", ask_unsaved)
    said = Said(_second_start(name, handed))
    try:
        lines = said.end(qtbot)
    finally:
        app.setProperty(diagnostics.INTERRUPTED, False)
        server.close()
    assert asked == [1] and exits == [143]
    assert lines[-1] == "own window"  # it opens the file itself, not "you chose Cancel"
    assert "Handed" not in [item.text(0) for item in panel.rows()]
    err = capfd.readouterr().err
    assert "chipscope: terminated; unsaved changes are kept in the autosave" in err
    record = window.scenarios.working.pending_restore()
    assert record is not None and record.scenario.values["lock_in"] == 1.4


def test_a_second_signal_during_the_first_ends_once_with_one_line(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    window.session.set_value("lock_in", 1.3)
    window.session.finish_edit("lock_in")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    exits: list[int] = []
    monkeypatch.setattr(app, "exit", lambda code=0: exits.append(code))
    saved: list[int] = []
    real = window.save_settings

    def save_settings() -> None:  # the terminal closes while the window ends on SIGTERM
        saved.append(1)
        if len(saved) == 1:  # not again when the test's window closes
            os.kill(os.getpid(), signal.SIGHUP)
            for _ in range(1000):  # the handler runs between bytecodes: here
                pass
        real()

    monkeypatch.setattr(window, "save_settings", save_settings)
    restore = diagnostics.install_interrupt(app, lambda: window)
    capfd.readouterr()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):
            pass
    finally:
        restore()
        app.setProperty(diagnostics.INTERRUPTED, False)
    err = capfd.readouterr().err
    assert saved == [1]  # the ending ran once
    assert err.splitlines() == ["chipscope: terminated; unsaved changes are kept in the "
                                "autosave (offered at the next start)"]
    assert exits == [143, 143]  # the second signal only asked again to end, as the first
