"""Pass 21 W3: something that is not a socket at the hand-over socket's path. A folder made the
window log only "Cannot listen for files from other starts: QLocalServer::listen: Unknown error
21", and a second ``chipscope FILE`` quietly opened a second window, autosave off; a regular
file there was replaced by Qt's socket. Now the window leaves it as it is and says in its
status bar what is there and what to do, and a second start names it on its terminal."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.ui import app, instance
from chipscope.ui.main_window import MainWindow


@pytest.fixture
def path() -> Iterator[Path]:
    """Where the socket goes, in a folder short enough for a socket path (108 bytes), like
    $XDG_RUNTIME_DIR (a test's tmp_path may be longer)."""
    folder = Path(tempfile.mkdtemp(prefix="cs21-"))
    yield folder / "chipscope-0123456789abcdef"
    shutil.rmtree(folder)


def _state(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    if stat.S_ISDIR(info.st_mode):
        return ("folder", sorted(os.listdir(path)), info.st_ino)
    return ("file", hashlib.sha256(path.read_bytes()).hexdigest(), info.st_ino)


@pytest.mark.parametrize("kind", ["folder", "regular file"])
def test_the_window_says_what_is_at_the_socket_path_and_leaves_it(
        path: Path, make_window: Callable[..., MainWindow], kind: str) -> None:
    if kind == "folder":
        path.mkdir()
        (path / "mine.txt").write_text("keep", encoding="utf-8")
    else:
        path.write_text("keep me", encoding="utf-8")
    before = _state(path)
    window = make_window(show=False)
    server = instance.serve(str(path), window)
    try:
        assert not server.server.isListening()
        shown = window.statusBar().currentMessage()
        assert shown.startswith(f"{path} is a {kind}, not ChipScope's socket")
        assert "move it away" in shown and "Unknown error" not in shown
        assert _state(path) == before  # never replaced by the socket, nor removed
    finally:
        server.close()
    assert _state(path) == before


def test_the_note_waits_for_another_start_up_note_to_be_cleared(
        path: Path, make_window: Callable[..., MainWindow]) -> None:
    path.mkdir()
    window = make_window(show=False)
    window.statusBar().showMessage("2 of your data edits conflict", 0)
    server = instance.serve(str(path), window)
    try:
        assert window.statusBar().currentMessage() == "2 of your data edits conflict"
        window.statusBar().clearMessage()
        assert window.statusBar().currentMessage().startswith(f"{path} is a folder")
    finally:
        server.close()


def test_a_stale_socket_is_still_replaced(path: Path,
                                          make_window: Callable[..., MainWindow]) -> None:
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()  # a crashed window's: no one listens
    window = make_window(show=False)
    server = instance.serve(str(path), window)
    try:
        assert server.server.isListening()
        assert window.statusBar().currentMessage() == ""
    finally:
        server.close()


@pytest.mark.parametrize("kind", ["folder", "regular file"])
def test_a_second_start_names_what_is_at_the_socket_path(
        path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path, qtbot: QtBot, kind: str) -> None:
    if kind == "folder":
        path.mkdir()
    else:
        path.write_text("keep me", encoding="utf-8")
    before = _state(path)
    monkeypatch.setattr(instance, "server_name", lambda db=None: str(path))
    monkeypatch.setattr(app, "start", lambda db=None: None)  # then the user chose "Quit"
    scenario = tmp_path / "s1.toml"
    scenario.write_text('name = "s1"\n', encoding="utf-8")
    assert app.run_gui(tmp_path / "w3.db", [scenario]) == 1
    err = capsys.readouterr().err
    assert f"chipscope: {path} is a {kind}, not ChipScope's socket, so these files cannot be " \
           "handed to a ChipScope window already running" in err
    assert "move it away" in err
    assert _state(path) == before


def test_a_second_start_with_nothing_at_the_path_says_nothing_of_it(
        path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path, qtbot: QtBot) -> None:
    monkeypatch.setattr(instance, "server_name", lambda db=None: str(path))
    monkeypatch.setattr(app, "start", lambda db=None: None)
    scenario = tmp_path / "s1.toml"
    scenario.write_text('name = "s1"\n', encoding="utf-8")
    assert app.run_gui(tmp_path / "w3.db", [scenario]) == 1
    assert "socket" not in capsys.readouterr().err
