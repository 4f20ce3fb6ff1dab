"""Pass 14 window: a file handed over while the close question is open (B1), a settings lock
file that hung the close (B3), and what Ctrl+C says in a window without the autosave (D1).
A1 (an export named like the settings lock) is in tests/storage/test_own_files.py."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from chipscope.ui import app as app_module
from chipscope.ui import diagnostics, instance
from chipscope.ui.main_window import MainWindow
from tests.other_program import HOLD_QT_LOCK, other_program


def _turns(n: int = 10) -> None:
    for _ in range(n):
        QCoreApplication.processEvents()


# --- B1: a file handed over during the close question ------------------------------------------
@pytest.mark.parametrize("answer", ["discard", "cancel"])
def test_a_file_handed_over_during_the_close_question_never_opens_in_the_closed_window(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, answer: str) -> None:
    """B1: after Discard the waiting file was opened into the hidden window, a second
    "Unsaved changes" question came with no window behind it, the process never ended and
    the server still answered "ok" to later starts. Cancel keeps the window: the file opens
    after the question, as before."""
    window = make_window()
    name = instance.server_name(tmp_path / "b1.db")
    server = instance.serve(name, window)
    assert server.server.isListening()
    handed = tmp_path / "handed.toml"
    handed.write_text('format_version = 1\nname = "Handed"\n[assumptions]\nlock_in = 0.55\n',
                      encoding="utf-8")
    window.session.set_value("lock_in", 1.9)
    window.session.finish_edit("lock_in")
    asked: list[str] = []

    def ask_unsaved() -> str:
        asked.append(window.scenarios.working.name)
        if len(asked) > 1:  # the question the handed-over file asks, after Cancel
            return "discard"
        question = QDialog(window)
        question.setModal(True)
        question.show()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is question, timeout=5000)
        server._queue([handed])  # what a second `chipscope handed.toml` does meanwhile
        _turns()
        question.hide()  # answered
        return answer

    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved", ask_unsaved)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.close()
        _turns(30)
    if answer == "cancel":
        qtbot.waitUntil(lambda: window.scenarios.working.name == "Handed", timeout=5000)
        assert window.isVisible() and server.server.isListening()
        return
    assert not window.isVisible()
    assert asked == ["Untitled"]  # no second question for the discarded scenario
    assert window.scenarios.working.name != "Handed"
    assert not server.server.isListening()
    assert f"not opened: {handed}" in caplog.text
    assert not instance.send_to_running(name, [handed])  # a later start opens its own window


# --- B3: the settings lock file ----------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "folder", "symlink"])
def test_a_settings_lock_that_is_no_plain_file_is_named_at_start(kind: str) -> None:
    """B3: settings.ini.lock as a FIFO or a folder hung the close for ever in QSettings.sync();
    it is now named at start like settings.ini itself, and the window keeps default settings
    in a scratch file."""
    home = Path(os.environ["CHIPSCOPE_HOME"])
    lock = home / "settings.ini.lock"
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "folder":
        lock.mkdir()
    else:
        lock.symlink_to(home / "elsewhere")
    problem = app_module.settings_problem()
    assert problem is not None
    assert str(lock) in problem and "started with default settings" in problem
    assert app_module.app_settings().fileName() != str(home / "settings.ini")


_SAVE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from chipscope import paths
    from chipscope.storage import load_dataset
    from chipscope.ui.app import ensure_app
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    ensure_app()
    ini = Path(sys.argv[1])
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    window = MainWindow(Session(load_dataset(paths.bundled_db_path())), settings)
    window.save_settings()
    print("saved" if ini.exists() else "skipped")
""")


@pytest.mark.parametrize("kind", ["fifo", "held"])
def test_saving_the_settings_never_waits_for_ever_for_their_lock(tmp_path: Path,
                                                                 kind: str) -> None:
    """B3: the close hung in save_settings -> QSettings.sync() when settings.ini.lock became a
    FIFO, or was held by a live program (pid reuse) or left where it cannot be removed. The
    save is now skipped, with a log line naming the lock file."""
    ini = tmp_path / "settings.ini"
    lock = tmp_path / "settings.ini.lock"
    if kind == "fifo":
        os.mkfifo(lock)
    with (other_program(HOLD_QT_LOCK, str(lock), ready="held") if kind == "held"
          else nullcontext()):
        done = subprocess.run([sys.executable, "-c", _SAVE, str(ini)], capture_output=True,
                              text=True, timeout=90, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "skipped"
    assert f"were not saved in {ini}: its lock file {lock}" in done.stderr  # the log line


# --- D1: Ctrl+C in a window that does not keep the autosave ------------------------------------
def test_ctrl_c_in_a_second_window_names_the_other_window_not_a_read_only_database(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """D1: a writable second window (autosave off: the first keeps it) said "nothing can be
    saved here"."""
    first = make_window(show=False)
    second = make_window(show=False)
    assert first.scenarios.working.owns_autosave
    assert second.scenarios.working.writable and not second.scenarios.working.owns_autosave
    second.session.set_value("lock_in", 1.9)
    second.session.finish_edit("lock_in")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    monkeypatch.setattr(app, "exit", lambda code=0: None)
    capsys.readouterr()
    try:
        diagnostics.interrupt(app, second)
    finally:
        app.setProperty(diagnostics.INTERRUPTED, False)
    assert capsys.readouterr().err.splitlines() == [
        "chipscope: interrupted; unsaved changes were not kept: another ChipScope window "
        "keeps this database's autosave"]
