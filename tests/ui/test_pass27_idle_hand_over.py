"""CI (pass 27 landing): a second start's line that reached a busy window (a loaded machine,
a long computation) after the window accepted the connection but before its event loop read
the line was dropped when the idle timer fired first: the window aborted the connection and
the second start opened its own window, as if none ran. The timer now reads what came first,
and lets go only of a start that truly sent no whole line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from chipscope.ui import instance
from chipscope.ui.main_window import MainWindow


def _connected(server: instance.FileServer, name: str) -> tuple[QLocalSocket, QLocalSocket]:
    """A client connected to ``server`` (the server's side accepted, nothing read yet)."""
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(5000)
    assert server.server.waitForNewConnection(5000)  # accepted: _on_connection ran
    [accepted] = list(server._buffers)
    return client, accepted


def test_a_line_that_came_before_the_idle_timer_is_read_not_dropped(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    window = make_window()
    name = instance.server_name(tmp_path / "idle.db")
    server = instance.serve(name, window)
    question = QDialog(window)  # the files wait for it: the start is told "wait"
    question.setModal(True)
    question.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is question, timeout=5000)
    handed = tmp_path / "handed.toml"
    handed.write_text('format_version = 1\nname = "Handed"\n', encoding="utf-8")
    client, accepted = _connected(server, name)
    client.write(json.dumps({"open": [str(handed)], "refusals": True}).encode() + b"\n")
    assert client.waitForBytesWritten(5000)
    server._idle(accepted)  # the timer, before the event loop got to the line
    qtbot.waitUntil(lambda: client.canReadLine()
                    or client.state() != QLocalSocket.LocalSocketState.ConnectedState,
                    timeout=10_000)
    assert client.state() == QLocalSocket.LocalSocketState.ConnectedState
    assert bytes(client.readLine().data()).strip() == b"wait"
    assert [f for f, s in server._pending if s is accepted] == [handed]  # held for the dialog
    client.disconnectFromServer()
    question.hide()
    server.close()


def test_a_start_that_sent_no_whole_line_is_still_let_go(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    window = make_window()
    name = instance.server_name(tmp_path / "idle2.db")
    server = instance.serve(name, window)
    client, accepted = _connected(server, name)
    client.write(b'{"open": [')  # never finished
    assert client.waitForBytesWritten(5000)
    server._idle(accepted)
    qtbot.waitUntil(lambda: client.state() != QLocalSocket.LocalSocketState.ConnectedState,
                    timeout=10_000)
    assert window.scenarios.working.name != "Handed"
    server.close()
