"""Pass 83, F5: a window ended by SIGTERM or SIGHUP while another start was still connected to
its hand-over socket (not yet done sending its line) printed a traceback per connection
("'FileServer' object has no attribute '_buffers'", as Qt ended the connection while tearing
the server down), and that start read no answer. Now each is told ``closed`` (it opens its own
window) and the window ends with its one line. F4 (a file waiting behind a question opened
into the window that had been told to end) is tested in test_pass83_pending_at_signal."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from chipscope.ui import diagnostics, instance
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass15_window import _second_start
from tests.ui.test_pass16_window import Said

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and sockets")

WINDOW = """
import sys
from PySide6.QtCore import QTimer
from chipscope.ui import app as gui, instance
from chipscope.ui.socket_path import socket_file
real_start = gui.start
def start(db=None, **kw):
    window = real_start(db, **kw)
    print("socket", socket_file(instance.server_name(db)), flush=True)
    QTimer.singleShot(0, lambda: print("running", flush=True))
    return window
gui.start = start
from chipscope.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_starts_still_connected_are_told_closed_without_a_traceback(
        synthetic_db: Path, tmp_path: Path, name: str, status: int) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHIPSCOPE_HOME": str(home)}
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as err_file:
        window = subprocess.Popen([sys.executable, "-c", WINDOW, str(synthetic_db)],
                                  stdout=subprocess.PIPE, stderr=err_file, text=True, env=env)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(
        line.strip() for line in window.stdout or []), daemon=True)
    reader.start()
    starts: list[socket.socket] = []
    try:
        end = time.monotonic() + 120
        while "running" not in lines and window.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
        assert "running" in lines
        path = next(line.split(" ", 1)[1] for line in lines if line.startswith("socket "))
        for sends in (b"", b'{"open": ["' + str(tmp_path).encode() + b'/a.toml"]'):
            start = socket.socket(socket.AF_UNIX)  # a start that has not ended its line
            start.settimeout(60)
            start.connect(path)
            if sends:
                start.sendall(sends)
            starts.append(start)
        time.sleep(0.5)  # accepted by the window's event loop
        window.send_signal(getattr(signal, name))
        window.wait(timeout=120)
        answers = [start.recv(100) for start in starts]
    finally:
        for start in starts:
            start.close()
        if window.poll() is None:
            window.kill()
            window.wait()
    reader.join(10)
    if window.stdout is not None:
        window.stdout.close()
    err = errors.read_text(encoding="utf-8")
    assert window.returncode == status, err
    assert "Traceback" not in err and "Error" not in err, err
    assert answers == [b"closed\n", b"closed\n"], err


def test_a_file_waiting_behind_a_question_is_not_opened_after_a_signal(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    name = instance.server_name(tmp_path / "f4.db")
    server = instance.serve(name, window)
    handed = tmp_path / "handed.toml"
    handed.write_text('format_version = 2\nname = "Handed"\n[assumptions]\nlock_in = 0.55\n',
                      encoding="utf-8")
    question = QDialog(window)  # as the problem box of a file handed over before
    question.setModal(True)
    question.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is question, timeout=5000)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    said = Said(_second_start(name, handed))  # read beside the event loop, which answers it
    try:
        qtbot.waitUntil(lambda: len(said.lines) > 0, timeout=60_000)
        assert said.lines == ["waiting\n"]
        monkeypatch.setattr(app, "exit", lambda code=0: None)
        diagnostics.interrupt(app, window, 143, "terminated")  # SIGTERM
        question.hide()  # the end of the event loops closes the question
    finally:
        app.setProperty(diagnostics.INTERRUPTED, False)
        lines = said.end(qtbot)
    assert lines == ["waiting", "own window"]
    qtbot.wait(100)
    assert window.scenarios.working.name != "Handed"
    assert "Handed" not in [item.text(0) for item in window.scenarios.panel.rows()]
    server.close()
