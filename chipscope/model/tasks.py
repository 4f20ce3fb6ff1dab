"""Long model work that reports progress and can be cancelled, without Qt.

A model function that may run for a while (an uncertainty ensemble, a sensitivity sweep) takes a
keyword argument ``context: TaskContext = NO_CONTEXT``. It calls :meth:`TaskContext.progress`
now and then and stops early when :meth:`TaskContext.cancelled` turns true (or calls
:meth:`TaskContext.check`, which raises :class:`TaskCancelled`). Called directly, with the
default context, it runs to the end and reports to nobody; started by the UI's background
worker (``chipscope.ui.worker.Worker``), its progress reaches a progress bar and a newer edit
or a closing window stops it::

    def ensemble(dataset, assumptions, runs, *, context: TaskContext = NO_CONTEXT):
        for i in range(runs):
            context.check()
            ...
            context.progress((i + 1) / runs)

Thread-safe: the worker's thread reports and polls, the GUI thread cancels.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

PROGRESS_STEP = 0.01
"""Progress is passed on when it moved by at least this much (or reached 1): a loop that
reports on each of 10,000 runs sends about 100 reports, not 10,000."""


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.check` once the task has been cancelled."""


class TaskContext:
    """What a long function gets to report progress and to notice that it should stop.

    Parameters
    ----------
    report : called with the fraction done (0 to 1) when it moved by :data:`PROGRESS_STEP`;
        none: progress goes nowhere.
    """

    def __init__(self, report: Callable[[float], None] | None = None):
        self._report = report
        self._cancel = threading.Event()
        self._last = -1.0

    def progress(self, fraction: float) -> None:
        """Report the fraction done, 0 to 1 (clipped; small steps are coalesced)."""
        fraction = min(1.0, max(0.0, float(fraction)))
        if self._report is None:
            return
        if fraction - self._last >= PROGRESS_STEP or (fraction >= 1.0 > self._last):
            self._last = fraction
            self._report(fraction)

    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called: stop soon and return anything (it is dropped)."""
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` if the task has been cancelled."""
        if self._cancel.is_set():
            raise TaskCancelled

    def cancel(self) -> None:
        """Ask the task to stop (from any thread)."""
        self._cancel.set()


class _NoContext(TaskContext):
    """The default context: never cancelled, reports nowhere, cannot be cancelled."""

    def cancel(self) -> None:
        raise RuntimeError("NO_CONTEXT is shared and cannot be cancelled; make a TaskContext")


NO_CONTEXT: TaskContext = _NoContext()
"""The context of a direct call: progress goes nowhere, never cancelled."""
