"""A Ctrl+C that reaches the command while it starts a pool worker is held back until the
worker has been sent what to run, then raised: it was raised in the main thread between the
worker's start and that message (another thread took the signal, so the thread's signal mask
did not hold it back), and the half-started worker printed "EOFError: Ran out of input" under
the command's "error: interrupted" (test_ctrl_c_ends_calibrate_jobs_at_once, red in a loaded
clean-clone CI of session 39)."""

from __future__ import annotations

import os
import signal
import threading
import time
from multiprocessing.context import SpawnProcess

import pytest

from chipscope import worker_pool


def _busy(seconds: float) -> None:
    """Run Python code (the threads take turns: the main thread sees the signal then)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _start_hit_by(monkeypatch: pytest.MonkeyPatch, number: int) -> list[str]:
    """Make starting a worker take a signal ``number`` midway, from a thread made before the
    start (so not blocking it, as the pool's own threads); what the start finished
    (``["sent"]`` once it got past the point the signal hit)."""
    finished: list[str] = []
    go = threading.Event()

    def send() -> None:
        go.wait(10)
        os.kill(os.getpid(), number)
        _busy(0.3)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()

    def popen(process: object) -> str:
        go.set()
        _busy(0.2)  # where Python raised it, before the worker was sent what to run
        finished.append("sent")
        sender.join()
        return "popen"

    monkeypatch.setattr(SpawnProcess, "_Popen", staticmethod(popen))
    return finished


def test_ctrl_c_while_a_worker_starts_is_raised_after_the_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    finished = _start_hit_by(monkeypatch, signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        worker_pool._Process._Popen(object())
    assert finished == ["sent"]  # the worker got what to run before the interrupt
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_sigterm_while_a_worker_starts_reaches_the_commands_handler_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    got: list[int] = []

    def handler(number: int, _frame: object) -> None:
        got.append(number)

    before = signal.signal(signal.SIGTERM, handler)
    try:
        finished = _start_hit_by(monkeypatch, signal.SIGTERM)
        assert worker_pool._Process._Popen(object()) == "popen"
        time.sleep(0.05)
    finally:
        assert signal.signal(signal.SIGTERM, before) is handler  # put back
    assert (finished, got) == (["sent"], [signal.SIGTERM])  # once, after the start


def test_no_signal_leaves_the_handlers_as_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SpawnProcess, "_Popen", staticmethod(lambda process: "popen"))
    before = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    assert worker_pool._Process._Popen(object()) == "popen"
    assert {n: signal.getsignal(n) for n in before} == before
