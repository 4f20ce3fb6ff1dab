"""Python's cyclic collector runs on the GUI thread only once a worker exists: a cycle freed on
the worker's thread could hold a widget, whose destructor must not run there (a closed window's
widget left a dangling Qt timer and crashed the GUI thread; tests/test_smoke.py, 2 runs in 7)."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from chipscope.ui.collector import GuiThreadCollector, collect_on_gui_thread
from chipscope.ui.worker import Worker


class Cycle:
    """Garbage only the cyclic collector frees; notes the thread that freed it."""

    def __init__(self, freed_on: list[str]):
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def allocate_containers(n: int) -> list[list[int]]:
    """Enough container allocations, kept, to pass the youngest generation's threshold (what
    is freed again does not count towards it)."""
    return [[i] for i in range(n)]


def test_cycles_made_while_a_worker_runs_are_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    worker = Worker()
    try:
        assert not gc.isenabled()  # the automatic collector is off: the GUI thread collects
        freed_on: list[str] = []
        for _ in range(50):
            Cycle(freed_on)
        with qtbot.waitSignal(worker.finished, timeout=10_000) as done:
            worker.submit("alloc", allocate_containers, 5 * gc.get_threshold()[0])
        assert freed_on == [] or set(freed_on) == {threading.main_thread().name}
        assert done.args is not None and len(done.args[1]) == 5 * gc.get_threshold()[0]
        qtbot.waitUntil(lambda: len(freed_on) == 50, timeout=5_000)  # a timer tick collects
        assert set(freed_on) == {threading.main_thread().name}
    finally:
        worker.shutdown()
        worker.deleteLater()


def test_the_collector_is_installed_once(qapp: object) -> None:
    first = collect_on_gui_thread()
    assert isinstance(first, GuiThreadCollector)
    assert collect_on_gui_thread() is first
    assert first.timer.isActive()
