"""The background worker: results on the GUI thread, stale results dropped, cancel, errors,
progress, and a clean shutdown while busy. No timing assertions: jobs wait on events."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.tasks import TaskContext
from chipscope.ui.worker import Worker

WAIT_MS = 20_000  # generous: a slow 2-core machine must not fail these
WAIT_S = 60.0  # a job's own safety cap, so a failing test cannot hang the run


class Record:
    """Every signal the worker emits, in order."""

    def __init__(self, worker: Worker):
        self.events: list[tuple[Any, ...]] = []
        worker.started.connect(lambda k: self.events.append(("started", k)))
        worker.progress.connect(lambda k, f: self.events.append(("progress", k, f)))
        worker.finished.connect(lambda k, r: self.events.append(("finished", k, r)))
        worker.failed.connect(lambda k, m: self.events.append(("failed", k, m)))
        worker.cancelled.connect(lambda k: self.events.append(("cancelled", k)))

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        return [e for e in self.events if e[0] == kind]


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[Worker]:
    w = Worker()
    yield w
    assert w.shutdown(WAIT_MS)


def test_result_is_delivered_on_the_gui_thread(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    delivered_on: list[int] = []
    worker.finished.connect(lambda *_: delivered_on.append(threading.get_ident()))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        job = worker.submit("k", lambda a, b: (a + b, threading.get_ident()), 2, b=3)
        assert worker.is_busy("k") and worker.is_busy() and not worker.is_busy("other")
    key, (value, ran_on) = blocker.args
    assert (key, value) == ("k", 5)
    assert ran_on != threading.get_ident()  # ran in the background
    assert delivered_on == [threading.get_ident()]  # delivered on the GUI thread
    assert [e[0] for e in record.events] == ["started", "finished"]
    assert not worker.is_busy("k") and not worker.is_busy()
    assert job.generation == worker.generation("k") == 1


def test_only_the_latest_submission_is_delivered(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    a_running, a_asked_to_stop = threading.Event(), threading.Event()

    def slow_a(context: TaskContext) -> str:
        a_running.set()
        for _ in range(int(WAIT_S * 100)):  # until superseded (or the cap)
            if context.cancelled():
                a_asked_to_stop.set()
                break
            threading.Event().wait(0.01)
        return "A"  # returned anyway: must be dropped

    worker.submit("k", slow_a)
    assert a_running.wait(WAIT_S)
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        job_b = worker.submit("k", lambda: "B")
    assert blocker.args == ["k", "B"]
    assert a_asked_to_stop.is_set()
    assert job_b.generation == 2
    qtbot.wait(50)  # let anything still queued arrive; A's outcome must not be among it
    assert record.of("finished") == [("finished", "k", "B")]
    assert record.of("cancelled") == [] and record.of("failed") == []


def test_a_superseded_job_that_ignores_its_context_is_still_dropped(
        qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    gate, a_running = threading.Event(), threading.Event()

    def a() -> str:
        a_running.set()
        gate.wait(WAIT_S)
        return "A"

    worker.submit("k", a)
    assert a_running.wait(WAIT_S)
    worker.submit("k", lambda: "B")  # queued behind A (one thread)
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy("k"), timeout=WAIT_MS)
    assert record.of("finished") == [("finished", "k", "B")]


def test_cancel_stops_a_cooperative_job(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    running, stopped = threading.Event(), threading.Event()

    def long_job(context: TaskContext) -> str:
        running.set()
        for _ in range(int(WAIT_S * 100)):
            if context.cancelled():
                stopped.set()
                return "partial"
            threading.Event().wait(0.01)
        return "ran to the end"

    worker.submit("k", long_job)
    assert running.wait(WAIT_S)
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT_MS) as blocker:
        worker.cancel("k")
    assert blocker.args == ["k"]
    assert stopped.is_set()
    assert not worker.is_busy("k")
    qtbot.wait(50)
    assert record.of("finished") == [] and record.of("failed") == []


def test_cancel_via_check_raises_inside_the_job(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    running = threading.Event()

    def long_job(context: TaskContext) -> None:
        running.set()
        for _ in range(int(WAIT_S * 100)):
            context.check()
            threading.Event().wait(0.01)

    worker.submit("k", long_job)
    assert running.wait(WAIT_S)
    with qtbot.waitSignal(worker.cancelled, timeout=WAIT_MS):
        worker.cancel("k")
    assert [e[0] for e in record.events] == ["started", "cancelled"]
    worker.cancel("k")  # nothing to cancel: a no-op
    worker.cancel("never submitted")


def test_errors_are_reported_with_message_and_traceback(qtbot: QtBot, worker: Worker) -> None:
    def broken(x: int) -> None:
        raise ValueError(f"growth_pct_per_year: {x} is out of range")

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS) as blocker:
        worker.submit("k", broken, 7)
    key, message = blocker.args
    assert key == "k"
    assert message.startswith("ValueError: growth_pct_per_year: 7 is out of range")
    assert "Traceback" in message and "broken" in message
    assert not worker.is_busy("k")
    # The worker is still usable afterwards.
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        worker.submit("k", lambda: 1)
    assert blocker.args == ["k", 1]


def test_progress_is_reported_in_order_before_the_result(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)

    def stepped(n: int, context: TaskContext) -> int:
        for i in range(n):
            context.progress((i + 1) / n)
        return n

    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.submit("k", stepped, 4)
    assert record.events == [("started", "k"), ("progress", "k", 0.25), ("progress", "k", 0.5),
                             ("progress", "k", 0.75), ("progress", "k", 1.0),
                             ("finished", "k", 4)]


def test_many_small_progress_steps_are_coalesced(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)

    def fine_grained(context: TaskContext) -> None:
        for i in range(10_000):
            context.progress((i + 1) / 10_000)

    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.submit("k", fine_grained)
    fractions = [e[2] for e in record.of("progress")]
    assert 50 <= len(fractions) <= 101 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)


def test_keys_are_independent(qtbot: QtBot, worker: Worker) -> None:
    record = Record(worker)
    worker.submit("a", lambda: "for a")
    worker.submit("b", lambda: "for b")
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=WAIT_MS)
    assert sorted(record.of("finished")) == [("finished", "a", "for a"),
                                             ("finished", "b", "for b")]


def test_shutdown_while_busy_is_clean(qtbot: QtBot) -> None:
    worker = Worker()
    record = Record(worker)
    running, stopped, queued_ran = threading.Event(), threading.Event(), threading.Event()

    def long_job(context: TaskContext) -> None:
        running.set()
        for _ in range(int(WAIT_S * 100)):
            if context.cancelled():
                stopped.set()
                return
            threading.Event().wait(0.01)

    worker.submit("long", long_job)
    worker.submit("queued", queued_ran.set)  # waits for the one thread
    assert running.wait(WAIT_S)
    assert worker.shutdown(WAIT_MS)  # waits for the thread: returns once the job has ended
    assert stopped.is_set() and not queued_ran.is_set()
    assert not worker.is_busy()
    qtbot.wait(50)
    assert record.of("finished") == [] and record.of("cancelled") == []
    with pytest.raises(RuntimeError, match="after shutdown"):
        worker.submit("long", long_job)
    assert worker.shutdown(0)  # idempotent
    worker.deleteLater()


_QUIT_WHILE_BUSY = """
import os, sys, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chipscope.ui.worker import Worker
app = QApplication([])
worker = Worker()  # no parent, no explicit shutdown: the application's aboutToQuit stops it
running, stopped = threading.Event(), threading.Event()
def long_job(context):
    running.set()
    for _ in range(6000):
        if context.cancelled():
            stopped.set()
            return
        threading.Event().wait(0.01)
worker.submit("long", long_job)
def quit_when_running():
    if running.is_set():
        app.quit()
    else:
        QTimer.singleShot(10, quit_when_running)
QTimer.singleShot(0, quit_when_running)
app.exec()
print("stopped" if stopped.is_set() else "still running")
"""


def test_quitting_the_application_while_busy_is_clean() -> None:
    out = subprocess.run([sys.executable, "-c", _QUIT_WHILE_BUSY], capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "stopped"
    assert "QThread" not in out.stderr and "Destroyed" not in out.stderr, out.stderr


def test_a_job_whose_window_is_gone_ends_quietly() -> None:
    """Nothing may leave a pool thread: Qt aborts the process on an exception there. A relay
    deleted with its window (emit raises RuntimeError) ends the job quietly."""
    from chipscope.ui import worker as worker_module

    class GoneSignal:
        def emit(self, _event: object) -> None:
            raise RuntimeError("Internal C++ object (_Relay) already deleted.")

    class GoneRelay:
        report = GoneSignal()

    calls: list[int] = []
    job = worker_module.Job("k", 1, lambda: calls.append(1), (), {})
    worker_module._run(job, GoneRelay())  # type: ignore[arg-type]  # must not raise
    assert calls == []  # the started report failed first: the job did not run on
    with pytest.raises(RuntimeError):
        worker_module._run_job(job, GoneRelay())  # type: ignore[arg-type]


def test_a_delivered_job_and_its_inputs_are_freed_at_once(qtbot: QtBot, worker: Worker) -> None:
    """No reference cycle through the job's progress callback: its inputs (a dataset, say)
    go when it is delivered, not when Python's collector next runs."""

    class Inputs:
        pass

    def report(inputs: Inputs, context: TaskContext) -> int:
        context.progress(0.5)
        return 1

    gc.collect()
    was_enabled = gc.isenabled()  # off already once a worker runs (chipscope/ui/collector.py)
    gc.disable()
    try:
        inputs = Inputs()
        freed = weakref.ref(inputs)
        with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
            job = weakref.ref(worker.submit("k", report, inputs))
        del inputs  # the progress report came before the result: both delivered
        assert job() is None and freed() is None
    finally:
        if was_enabled:
            gc.enable()
