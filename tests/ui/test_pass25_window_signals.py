"""Pass 23 F7: SIGTERM (``kill``, a logout) and SIGHUP (the terminal closed) killed the running
window outright: its unsaved changes were not autosaved, its hand-over socket and its autosave
lock were left behind. Now they end it as Ctrl+C does (the autosave kept, the socket removed,
the lock released), with exit status 143 and 129, also when they come before the event loop
runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

WINDOW = """
import os, signal, sys
from PySide6.QtCore import QTimer
from chipscope.ui import app as gui, instance
real_start, when, number = gui.start, sys.argv[2], getattr(signal, sys.argv[3])
def start(db=None, **kw):
    window = real_start(db, **kw)
    window.session.set_value("lock_in", 4.0)  # an unsaved change
    window.session.finish_edit("lock_in")
    print("socket", instance.server_name(db), flush=True)
    if when == "early":  # before the event loop runs
        os.kill(os.getpid(), number)
    else:
        QTimer.singleShot(0, lambda: print("running", flush=True))
    return window
gui.start = start
from chipscope.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.mark.parametrize(("name", "status", "word"), [
    ("SIGTERM", 143, "terminated"),
    ("SIGHUP", 129, "hung up (the terminal or the connection closed)")])
@pytest.mark.parametrize("when", ["running", "early"])
def test_a_signal_ends_the_window_as_ctrl_c_does(synthetic_db: Path, tmp_path: Path, name: str,
                                                 status: int, word: str, when: str) -> None:
    from chipscope.storage.autosave import load_autosave

    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHIPSCOPE_HOME": str(home)}
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as err_file:
        window = subprocess.Popen([sys.executable, "-c", WINDOW, str(synthetic_db), when, name],
                                  stdout=subprocess.PIPE, stderr=err_file, text=True, env=env)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(
        line.strip() for line in window.stdout or []), daemon=True)
    reader.start()
    try:
        if when == "running":
            end = time.monotonic() + 120
            while "running" not in lines and window.poll() is None and time.monotonic() < end:
                time.sleep(0.05)
            assert "running" in lines
            window.send_signal(getattr(signal, name))
        window.wait(timeout=120)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    reader.join(10)
    if window.stdout is not None:
        window.stdout.close()
    err = errors.read_text(encoding="utf-8")
    assert window.returncode == status, err
    assert err.splitlines()[-1] == (f"chipscope: {word}; unsaved changes are kept in the "
                                    "autosave (offered at the next start)"), err
    socket = Path(next(line.split(" ", 1)[1] for line in lines if line.startswith("socket ")))
    assert not os.path.lexists(socket)  # its own socket removed
    assert not os.path.lexists(str(synthetic_db) + ".lock")  # the autosave lock released
    record = load_autosave(synthetic_db)
    assert record is not None and record.unsaved
    assert record.scenario.values["lock_in"] == 4.0
