"""Pass 22 W1, W2, W3, W4, W7: the hand-over socket's path. Qt's ``QLocalServer.listen``
renamed its socket over whatever was at the path (a live window's socket: a second plain start
took it over; a file that appeared after the check), and its ``close()`` removed whatever was
there (a file the user put there meanwhile). A second start followed a link there to another
database's window, and sent its paths to another user's socket in the shared /tmp. Now the
socket is linked in place (never replacing), removed at close only if still the window's own,
and a second start connects only to a socket of this user's; without a private runtime folder
the socket goes in a private folder of ChipScope's own."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.ui import app, instance, socket_path
from chipscope.ui.instance import FileServer
from chipscope.ui.main_window import MainWindow


@pytest.fixture
def folder() -> Iterator[Path]:
    """A short folder (socket paths are limited to 108 bytes), like $XDG_RUNTIME_DIR."""
    made = Path(tempfile.mkdtemp(prefix="cs22-"))
    yield made
    shutil.rmtree(made)


def _ino(path: Path) -> int:
    return os.lstat(path).st_ino


class FakeWindow:
    """A plain socket that answers ``ok`` to a hand-over, recording what it got."""

    def __init__(self, path: Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        self.sock.listen(5)
        self.sock.settimeout(5)
        self.got: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            data = b""
            while not data.endswith(b"\n"):
                data += conn.recv(65536)
            self.got.append(data)
            conn.sendall(b"ok\n")

    def stop(self) -> None:
        self.sock.close()
        self.thread.join(10)


def _second_start(path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    monkeypatch.setattr(instance, "server_name", lambda db=None: str(path))
    monkeypatch.setattr(app, "start", lambda db=None: None)  # then the user chose "Quit"
    scenario = tmp_path / "s1.toml"
    scenario.write_text('name = "s1"\n', encoding="utf-8")
    return app.run_gui(tmp_path / "w.db", [scenario])


# --- W2: a second plain start took over the live window's socket ------------------------------
def test_a_second_window_does_not_take_over_a_live_socket(folder: Path, qtbot: QtBot) -> None:
    path = folder / "chipscope-0123456789abcdef"
    first = FileServer(str(path))
    assert first.listen()
    ino = _ino(path)
    second = FileServer(str(path))
    try:
        assert not second.listen()  # as its docstring says: another window listens
        assert second.problem is None
        assert _ino(path) == ino
        second.close()
        assert path.exists() and _ino(path) == ino  # the first window's socket is kept
        assert first.server.isListening()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as c:
            c.connect(str(path))  # still leads to the first window's socket
    finally:
        first.close()
    assert not path.exists()  # its own socket is removed at close


def test_a_stale_socket_is_replaced(folder: Path, qtbot: QtBot) -> None:
    path = folder / "chipscope-0123456789abcdef"
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(str(path))
    stale.close()  # a crash left it
    server = FileServer(str(path))
    try:
        assert server.listen() and server.problem is None
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


# --- W1: the user's file at the socket path was removed when the window closed ---------------
@pytest.mark.parametrize("what", ["regular file", "another window's socket"])
def test_close_removes_only_its_own_socket(folder: Path, qtbot: QtBot, what: str) -> None:
    path = folder / "chipscope-0123456789abcdef"
    server = FileServer(str(path))
    assert server.listen()
    path.unlink()
    other = None
    if what == "regular file":
        path.write_text("my notes\n", encoding="utf-8")
    else:
        other = FileServer(str(path))
        assert other.listen()
    ino = _ino(path)
    server.close()
    try:
        assert path.exists() and _ino(path) == ino
        if other is None:
            assert path.read_text(encoding="utf-8") == "my notes\n"
    finally:
        if other is not None:
            other.close()


# --- W7: a file appearing between the check and the listen was replaced ----------------------
def test_a_file_appearing_after_the_check_is_not_replaced(
        folder: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / "chipscope-0123456789abcdef"
    real = socket_path.window_problem
    calls: list[str | None] = []

    def late(name: str) -> str | None:
        said = real(name)
        if not calls:  # the user's file appears right after the first check
            path.write_text("written just now\n", encoding="utf-8")
        calls.append(said)
        return said

    monkeypatch.setattr(instance, "window_problem", late, raising=False)
    monkeypatch.setattr(socket_path, "window_problem", late)
    server = FileServer(str(path))
    try:
        assert not server.listen()
        assert path.read_text(encoding="utf-8") == "written just now\n"
        assert server.problem is not None and "is a regular file" in server.problem
    finally:
        server.close()
    assert path.read_text(encoding="utf-8") == "written just now\n"


# --- W4: a link at the socket path was followed to another database's window -----------------
def test_a_second_start_does_not_follow_a_link_at_the_socket_path(
        folder: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    other_db = FakeWindow(folder / "chipscope-aaaaaaaaaaaaaaaa")  # a window on database A
    link = folder / "chipscope-bbbbbbbbbbbbbbbb"  # this start's database B
    link.symlink_to(folder / "chipscope-aaaaaaaaaaaaaaaa")
    try:
        assert _second_start(link, monkeypatch, tmp_path) == 1  # its own window (then Quit)
    finally:
        other_db.stop()
    assert other_db.got == []  # nothing sent to the window on database A
    err = capsys.readouterr().err
    assert f"chipscope: {link} is a symbolic link, not ChipScope's socket" in err
    assert link.is_symlink()


# --- W3: another user's socket in the shared /tmp received the paths --------------------------
@pytest.mark.skipif(os.getuid() != 0, reason="needs to make a socket of another user")
def test_a_second_start_sends_nothing_to_another_users_socket(
        folder: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "chipscope-0123456789abcdef"
    squatter = FakeWindow(path)
    os.lchown(path, 65534, 65534)
    try:
        assert _second_start(path, monkeypatch, tmp_path) == 1
    finally:
        squatter.stop()
    assert squatter.got == []
    err = capsys.readouterr().err
    assert f"chipscope: {path} is a socket of another user (uid 65534)" in err


def test_without_a_private_runtime_folder_the_socket_is_in_a_private_folder(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    name = instance.server_name(folder / "x.db")
    own = folder / f"chipscope-{os.getuid()}"
    assert Path(name).parent == own
    info = os.lstat(own)
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700


@pytest.mark.skipif(os.getuid() != 0, reason="needs to make a folder of another user")
def test_the_shared_fallback_is_said_in_the_log(
        folder: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    squatted = folder / f"chipscope-{os.getuid()}"
    squatted.mkdir(mode=0o777)
    os.chown(squatted, 65534, 65534)  # another user made it first: not used
    name = instance.server_name(folder / "x.db")
    assert "/" not in name
    server = FileServer("cs22-" + os.urandom(5).hex())
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        assert server.listen()
    server.close()
    assert "No private folder for ChipScope's hand-over socket" in caplog.text


def test_ctrl_c_removes_the_windows_own_socket(
        folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        make_window: Callable[..., MainWindow]) -> None:
    """Ctrl+C ends the event loop without closing the window: the socket the window made is
    removed all the same (Qt's close now removes only the temporary name it knows)."""
    from PySide6.QtWidgets import QApplication

    path = folder / "chipscope-0123456789abcdef"
    window = make_window(show=False)
    monkeypatch.setattr(instance, "server_name", lambda db=None: str(path))
    monkeypatch.setattr(app, "start", lambda db=None: window)
    seen: list[bool] = []

    def interrupted(_self: object) -> int:
        seen.append(stat.S_ISSOCK(os.lstat(path).st_mode))  # it listened
        return 130

    monkeypatch.setattr(QApplication, "exec", interrupted)
    assert app.run_gui(tmp_path / "w.db", []) == 130
    assert seen == [True]
    assert not path.exists()
