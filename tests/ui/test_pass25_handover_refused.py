"""Pass 23 F5: a second ``chipscope FILE`` whose file the running window refused (not valid
TOML, a folder) was told "wait" while the window's box showed why, waited until the user
answered it, and then said only "could not open it: see its message there". Now the window
answers ``refused: MESSAGE`` (its box's text) as the box shows, and the start prints that
message and exits 2 at once; a start that does not ask for it gets the old answers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.ui import instance
from chipscope.ui.main_window import MainWindow
from tests.ui.test_pass19_handover import Start


def _start(name: str, files: list[Path]) -> Start:
    """``chipscope FILES`` as the app runs it: what it prints on stderr, then its status."""
    return Start(f"""
        import sys
        from pathlib import Path
        from chipscope.ui import instance
        instance.TIMEOUT_MS, instance.REPLY_MS = 60_000, 60_000  # a loaded machine (CI)
        sys.stderr = sys.stdout
        files = [Path(f) for f in {[str(f) for f in files]!r}]
        handed = instance.send_to_running({name!r}, files)
        print("status", "own window" if handed is None else handed.report(files), flush=True)
    """)


@pytest.mark.parametrize("kind", ["not TOML", "a folder"])
def test_a_refused_file_is_said_by_the_second_start_while_the_box_shows(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    window = make_window()
    monkeypatch.delattr(window.scenarios.panel, "show_error")  # the real box, modal
    if kind == "not TOML":
        bad = tmp_path / "broken.toml"
        bad.write_text("name = [unclosed\n", encoding="utf-8")
    else:
        bad = tmp_path / "folder.toml"
        bad.mkdir()
    name = instance.server_name(tmp_path / "f5.db")
    server = instance.serve(name, window)
    start = _start(name, [bad])
    shown: list[float] = []
    ended_while_shown: list[bool] = []

    def close_the_box_once_the_start_ended() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            return
        if not shown:
            shown.append(time.monotonic())
        if start.process.poll() is not None or time.monotonic() - shown[0] > 30:
            ended_while_shown.append(start.process.poll() is not None)
            box.close()

    timer = QTimer()
    timer.timeout.connect(close_the_box_once_the_start_ended)
    timer.start(50)
    try:
        lines = start.end(qtbot)
        qtbot.waitUntil(lambda: bool(ended_while_shown), timeout=60_000)
    finally:
        timer.stop()
        server.close()
    assert ended_while_shown == [True], lines  # it did not wait for the box to be answered
    assert lines[-1] == "status 2", lines
    said = "\n".join(lines[:-1])
    assert "see its message there" not in said, lines
    if kind == "not TOML":
        assert said.startswith("chipscope: error: broken.toml was not imported: 1 problem. "
                               "Nothing was saved.\nchipscope: error: \u2022 "), lines
    else:
        assert said.startswith("chipscope: error: "), lines
        assert str(bad) in said and "folder" in said.split(str(bad), 1)[1], lines


def test_a_start_that_does_not_ask_gets_the_old_answer(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    """An older start (no "refusals" in its message) is never sent a line it does not know."""
    from chipscope.ui import refusal

    window = make_window(show=False)
    name = instance.server_name(tmp_path / "old.db")
    server = instance.serve(name, window)
    bad = tmp_path / "old.toml"

    def refuse(path: Path) -> bool:
        refusal.said(f"{path.name}: not valid TOML.")
        return False

    server.opener = refuse
    start = Start(f"""
        import json
        from PySide6.QtNetwork import QLocalSocket
        sock = QLocalSocket()
        sock.connectToServer({name!r})
        assert sock.waitForConnected(60_000)
        sock.write((json.dumps({{"open": [{str(bad)!r}]}}) + "\\n").encode())
        sock.waitForBytesWritten(60_000)
        while sock.waitForReadyRead(60_000) or sock.bytesAvailable():
            while sock.canReadLine():
                line = bytes(sock.readLine().data()).strip()
                print(line.decode(), flush=True)
                if line == b"open?":
                    sock.write(b"go\\n")
                    sock.flush()
            if sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break
    """)
    try:
        lines = start.end(qtbot)
    finally:
        server.close()
    assert lines == ["open?", "not-opened " + json.dumps([[str(bad), "refused"]])]
