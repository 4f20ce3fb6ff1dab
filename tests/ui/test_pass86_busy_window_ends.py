"""Pass 86, F1: a signal while the window was busy with long work outside the storage layer
(the reload after a 1,000-row Edit data import) printed "terminated" at once, but the process
ended only when that work was done, 5-8 s later (a logout's SIGKILL would come first). The
window now ends HARD_END_S after its ending line when its event loop has not returned by then;
the autosave and the settings are written before the line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chipscope.ui import diagnostics
from chipscope.ui.main_window import MainWindow
from tests.ui import test_pass83_signal_in_a_save as pass83

ended = pass83.ended  # the window's real signal handlers, app.exit recorded (a fixture)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, float]]]:
    """The deadline's ends, recorded (status, when) instead of ending pytest."""
    seen: list[tuple[int, float]] = []
    monkeypatch.setattr(diagnostics, "_exit", lambda status: seen.append(
        (status, time.monotonic())))
    try:
        yield seen
    finally:
        diagnostics.loop_ended()


def _busy_after_a_signal(seconds: float, stop: Callable[[], bool]) -> float:
    """SIGTERM this process, then keep the main thread busy in Python (as a reload is) for up
    to ``seconds`` or until ``stop()``: when the signal was sent."""
    sent = time.monotonic()
    os.kill(os.getpid(), signal.SIGTERM)
    while time.monotonic() - sent < seconds and not stop():
        sum(range(1000))
    return sent


def test_a_busy_window_ends_at_its_deadline_after_the_line(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        exits: list[tuple[int, float]], capfd: pytest.CaptureFixture[str]) -> None:
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    window.session.set_value("lock_in", 1.3)
    diagnostics.end_within(0.3)
    sent = _busy_after_a_signal(5.0, lambda: bool(exits))
    assert [status for status, _ in exits] == [143]
    assert exits[0][1] - sent < 2.0  # not when the busy work ended (5 s)
    err = capfd.readouterr().err
    assert "chipscope: terminated; unsaved changes are kept in the autosave" in err, err
    restored = window.scenarios.working.pending_restore()
    assert restored is not None and restored.scenario.values["lock_in"] == 1.3


def test_no_deadline_when_the_loop_returned_or_none_was_set(
        make_window: Callable[..., MainWindow], ended: Callable[[], int | None],
        exits: list[tuple[int, float]]) -> None:
    """The loop returned in time (run_gui's ``loop_ended``): nothing more; and the deadline is
    run_gui's alone: a window driven otherwise (these tests) is never ended by it."""
    window = make_window(show=False)
    ended.holder.append(window)  # type: ignore[attr-defined]
    diagnostics.end_within(0.3)
    _busy_after_a_signal(0.1, lambda: False)
    diagnostics.loop_ended()
    time.sleep(0.6)
    assert exits == []
    from chipscope.ui.app import ensure_app

    ensure_app().setProperty(diagnostics.INTERRUPTED, False)  # a new ending, no deadline
    _busy_after_a_signal(0.6, lambda: False)
    assert exits == []


# The window as `chipscope` starts it; one second in, SIGTERM comes while a slot is busy for
# 60 s (in Python, as the reload after a big import is).
_CHILD = """
import os, signal, sys, time
from PySide6.QtCore import QTimer
from chipscope.ui import app

qt = app.ensure_app()


def busy():
    print("busy", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        sum(range(1000))


QTimer.singleShot(1000, busy)
sys.exit(app.run_gui(None))
"""


def test_a_real_window_busy_at_sigterm_ends_within_seconds(tmp_path: Path) -> None:
    env = {**os.environ, "CHIPSCOPE_HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "xdg"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while "busy\n" not in lines and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        busy_at = time.monotonic()
        status = proc.wait(timeout=120)
        took = time.monotonic() - busy_at
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(5)
        proc.stderr.close()
    assert "busy\n" in lines, lines
    assert status == 143, lines
    assert "chipscope: terminated\n" in lines, lines
    assert took < 30, took  # the busy slot alone lasts 60 s
