"""Pass 23 F4: two starts at the same moment both probed the socket path, both found its socket
stale, and one removed the socket the other had just put there: later starts handed their files
to nobody, or two windows both took themselves for the first. Now the probe and the claim run
under an exclusive lock on ``<socket path>.lock`` (never followed if it is a link), and a stale
socket is probed again right before it is removed."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from chipscope.ui import socket_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")

RACER = textwrap.dedent("""
    import os, sys, time
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from chipscope.ui import socket_path
    app = QCoreApplication([])
    name, go, hold = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    probe = socket_path._answers
    def slow_probe(n):  # a loaded machine: a moment between the probe and the claim
        answer = probe(n)
        time.sleep(0.3)
        return answer
    socket_path._answers = slow_probe
    while time.time() < go:  # all at the same moment
        time.sleep(0.001)
    server = QLocalServer()
    listening, _problem, _own = socket_path.listen_on(server, name)
    if listening:
        print("owner", os.getpid(), flush=True)
        end = time.monotonic() + hold
        while time.monotonic() < end:  # tell each start that hands over who answered
            server.waitForNewConnection(100)
            while server.hasPendingConnections():
                conn = server.nextPendingConnection()
                conn.write(f"{os.getpid()}\\n".encode())
                conn.waitForBytesWritten(1000)
                conn.disconnectFromServer()
    else:
        sock = QLocalSocket()
        sock.connectToServer(name)
        line = b""
        if sock.waitForConnected(5000):
            while not sock.canReadLine() and sock.waitForReadyRead(5000):
                pass
            line = bytes(sock.readLine().data()).strip()
        print("handed", line.decode() or "nobody", flush=True)
""")


@pytest.fixture
def folder() -> Iterator[Path]:
    """A short private folder (socket paths are limited to 108 bytes)."""
    made = Path(tempfile.mkdtemp(prefix="cs25-"))
    yield made
    shutil.rmtree(made)


def _stale_socket(path: Path) -> None:
    """A socket left by a crash: its file, no one listening."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()


def test_starts_racing_for_a_stale_socket_end_with_one_owner_and_the_rest_handing_over(
        folder: Path) -> None:
    path = folder / "chipscope-race"
    _stale_socket(path)
    go = time.time() + 12  # once every racer has imported Qt
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(path), str(go), "25"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(5)]
    said = []
    try:
        for racer in racers:
            out, err = racer.communicate(timeout=120)
            said.append(out.strip() or f"no output: {err[-2000:]}")
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
    owners = [line.split()[1] for line in said if line.startswith("owner ")]
    assert len(owners) == 1, said
    assert sorted(said) == sorted([f"owner {owners[0]}"] + [f"handed {owners[0]}"] * 4), said


def test_a_link_at_the_lock_path_is_not_followed(folder: Path, qtbot: QtBot,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = folder / "chipscope-link"
    target = folder / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    os.chmod(target, 0o644)
    (folder / "chipscope-link.lock").symlink_to(target)
    server = QLocalServer()
    with caplog.at_level(logging.INFO, logger="chipscope"):
        listening, problem, own = socket_path.listen_on(server, str(path))
    try:
        assert listening and problem is None  # the start goes on without the lock
        assert os.path.islink(folder / "chipscope-link.lock")
        assert target.read_text(encoding="utf-8") == "keep me\n"
        assert os.stat(target).st_mode & 0o777 == 0o644
        assert any("chipscope-link.lock is a symbolic link" in r.getMessage()
                   for r in caplog.records), caplog.text
    finally:
        server.close()
        if own is not None:
            socket_path.release(str(path), own)


def test_a_lock_held_by_a_hung_start_is_waited_for_then_gone_past(
        folder: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    from chipscope.ui import socket_lock

    monkeypatch.setattr(socket_lock, "WAIT_S", 0.5)
    path = folder / "chipscope-held"
    held = os.open(folder / "chipscope-held.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    server = QLocalServer()
    try:
        started = time.monotonic()
        with caplog.at_level(logging.INFO, logger="chipscope"):
            listening, _problem, own = socket_path.listen_on(server, str(path))
        assert listening and 0.4 < time.monotonic() - started < 5
        assert any("held the lock" in r.getMessage() for r in caplog.records), caplog.text
    finally:
        os.close(held)
        server.close()
        if own is not None:
            socket_path.release(str(path), own)
