"""Pass 16 (window): Ctrl+C in a second start's wait, a log hard-linked to a binary file, names
with marks Qt reads ("&" in a menu, "[*]" in a title): regression tests (/work/pass16-win.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.main_window import MainWindow

# A second start waiting (up to two minutes) for the running window's answer: Ctrl+C after
# 0.5 s. Before, one long waitForReadyRead held it for the whole wait.
_WAIT_CHILD = """
import signal, sys, time
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from chipscope.ui.instance import _reply

app = QCoreApplication([])
server = QLocalServer()
assert server.listen(sys.argv[1])
client = QLocalSocket()
client.connectToServer(sys.argv[1])
assert client.waitForConnected(5000)
signal.setitimer(signal.ITIMER_REAL, 0.5)
signal.signal(signal.SIGALRM, lambda *_: signal.raise_signal(signal.SIGINT))
started = time.monotonic()
try:
    _reply(client, 60_000)
    print("no interrupt")
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - started:.1f} s")
"""


def test_ctrl_c_ends_a_second_starts_wait_at_once(tmp_path: Path) -> None:
    """B1: Ctrl+C during a second start's wait for the window's answer did nothing for up to
    two minutes."""
    done = subprocess.run([sys.executable, "-c", _WAIT_CHILD, str(tmp_path / "server")],
                          capture_output=True, text=True, timeout=90, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    said = done.stdout.strip()
    assert said.startswith("interrupted after "), (said, done.stderr)
    assert float(said.split()[2]) < 10


def test_a_log_hard_linked_to_a_binary_file_is_left_alone(tmp_path: Path) -> None:
    """A2: a chipscope.log hard-linked to a PNG had log lines appended to it; a log of its
    own with NUL bytes (a power cut) is still a log."""
    from chipscope.storage.file_causes import not_a_log

    picture = tmp_path / "chart.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    os.link(picture, tmp_path / "chipscope.log")
    assert not_a_log(tmp_path / "chipscope.log") == (
        "a binary file (a hard link to it), not a log file")
    own = tmp_path / "own" / "chipscope.log"
    own.parent.mkdir()
    own.write_bytes(b"2026-12-03 INFO a line\n" + bytes(512))
    assert not_a_log(own) is None


def test_names_with_marks_qt_reads_are_shown(make_window: Callable[..., MainWindow],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """E1: a vendor "AT&T" read "ATT" in Uncertainty > One vendor; E2: a scenario named with
    "[*]" lost it in the window title (Qt's modified placeholder)."""
    window = make_window(synthetic_dataset())
    monkeypatch.setattr(window.scenarios.working, "title", lambda: "Plan [*] \u2014 ChipScope")
    window.scenarios.update_title()
    assert window.windowHandle().title() == "Plan [*] \u2014 ChipScope"
    import chipscope.ui.uncertainty.controller as controller

    names = {"v0": "AT&T"}
    monkeypatch.setattr(controller, "vendor_names", lambda _dataset: names)
    window.uncertainty._fill_vendor_menu()
    texts = [a.text() for a in window.uncertainty.vendor_menu.actions()]
    assert "AT&&T" in texts
