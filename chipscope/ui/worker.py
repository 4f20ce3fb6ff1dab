"""One background worker: pure model functions off the GUI thread, results back on it.

:class:`Worker` runs a function on a small thread pool (one thread by default) and delivers
what happened as signals on the GUI thread, per *key* (what the result is for, e.g.
``"checks"``)::

    worker.finished.connect(on_finished)           # (key, result)
    worker.submit("checks", compute_checks, plan, projection)

Only the latest submission of a key counts: submitting again supersedes the earlier one (it is
asked to stop, and whatever it returns or raises is dropped), so a view that resubmits on every
edit only ever sees the result of the latest edit. Signals, all on the GUI thread and all for the
key's latest submission only: :attr:`Worker.started`, :attr:`Worker.progress` (fraction 0 to
1), then exactly one of :attr:`Worker.finished`, :attr:`Worker.failed` (the message with its
traceback) or :attr:`Worker.cancelled`.

A function that declares a ``context`` parameter gets a
:class:`~chipscope.model.tasks.TaskContext` (Qt-free) to report progress and notice a cancel;
others are simply called. Functions must not touch widgets or other Qt objects: give them
immutable inputs (a Projection, a dataset, arrays) and take a new value back.
:meth:`Worker.shutdown` (the window's close) cancels everything and waits for the thread.
"""

from __future__ import annotations

import inspect
import logging
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from chipscope.model.tasks import TaskCancelled, TaskContext
from chipscope.ui.collector import collect_on_gui_thread

log = logging.getLogger(__name__)

_STARTED, _PROGRESS, _FINISHED, _FAILED, _CANCELLED = range(5)


@dataclass(eq=False)
class Job:
    """One submission: what to call, for which key, and its context (to cancel it)."""

    key: str
    generation: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    context: TaskContext = field(default_factory=TaskContext)

    def call(self) -> Any:
        if _takes_context(self.fn):
            return self.fn(*self.args, context=self.context, **self.kwargs)
        return self.fn(*self.args, **self.kwargs)


def _takes_context(fn: Callable[..., Any]) -> bool:
    try:
        return "context" in inspect.signature(fn).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False


class _Relay(QObject):
    """Carries (job, what, payload) from the pool's thread to the GUI thread (queued)."""

    report = Signal(object)


class Worker(QObject):
    """Runs functions in the background; see the module docstring.

    Parameters
    ----------
    max_threads : how many jobs (of different keys) may run at once; 1 keeps long jobs from
        competing with each other for the CPU (the GUI thread keeps its own core).
    """

    started = Signal(str)
    progress = Signal(str, float)
    finished = Signal(str, object)
    failed = Signal(str, str)
    cancelled = Signal(str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 1):
        super().__init__(parent)
        # The pool first: children are deleted in order, and the pool's destructor waits for
        # the running job, which may still emit on the relay.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.report.connect(self._on_event)
        self._current: dict[str, Job] = {}
        self._generations: dict[str, int] = {}
        self._closed = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        collect_on_gui_thread()  # a cycle freed on the pool's thread could hold a widget

    # --- API ----------------------------------------------------------------------------------
    def submit(self, key: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Job:
        """Run ``fn(*args, **kwargs)`` in the background for ``key``; supersede the key's
        earlier submission (asked to stop; its result, error or cancel is never delivered).

        Raises
        ------
        RuntimeError
            After :meth:`shutdown`.
        """
        if self._closed:
            raise RuntimeError(f"worker: submit({key!r}) after shutdown")
        earlier = self._current.get(key)
        if earlier is not None:
            earlier.context.cancel()
        generation = self._generations.get(key, 0) + 1
        self._generations[key] = generation
        job = Job(key, generation, fn, args, kwargs)
        relay = self._relay
        # The job weakly: its context is the job's own, and a cycle through it would keep the
        # job's inputs until Python's collector ran (the pool holds the job while it runs).
        job_ref = weakref.ref(job)

        def progress(fraction: float) -> None:
            if (running := job_ref()) is not None:
                relay.report.emit((running, _PROGRESS, fraction))

        job.context = TaskContext(progress)
        self._current[key] = job
        self._pool.start(lambda: _run(job, relay))
        return job

    def cancel(self, key: str) -> None:
        """Ask the key's job to stop; :attr:`cancelled` follows once it has (no result).

        A function that never looks at its context runs to its end first; its result is
        dropped. Nothing happens if the key has no job.
        """
        job = self._current.get(key)
        if job is not None:
            job.context.cancel()

    def is_busy(self, key: str | None = None) -> bool:
        """Whether the key (any key if none) has a job whose outcome has not been delivered."""
        return bool(self._current) if key is None else key in self._current

    def generation(self, key: str) -> int:
        """How many submissions ``key`` has had (the latest's :attr:`Job.generation`)."""
        return self._generations.get(key, 0)

    def is_shut_down(self) -> bool:
        """Whether :meth:`shutdown` has run (:meth:`submit` then raises)."""
        return self._closed

    def shutdown(self, timeout_ms: int = -1) -> bool:
        """Cancel every job, drop the queued ones and wait for the running one (the window's
        close; also on the application's ``aboutToQuit``). Returns whether all threads ended
        within ``timeout_ms`` (-1: wait as long as it takes). Idempotent."""
        self._closed = True
        for job in self._current.values():
            job.context.cancel()
        self._current.clear()
        self._pool.clear()
        return self._pool.waitForDone(timeout_ms)

    # --- delivery (GUI thread) ------------------------------------------------------------------
    def _on_event(self, event: tuple[Job, int, Any]) -> None:
        job, what, payload = event
        if self._current.get(job.key) is not job:  # superseded, or the worker shut down
            if what == _FAILED:
                log.warning("a superseded background job (%s) failed:\n%s", job.key, payload)
            return
        if what == _STARTED:
            self.started.emit(job.key)
        elif what == _PROGRESS:
            self.progress.emit(job.key, float(payload))
        else:
            del self._current[job.key]
            if what == _FINISHED:
                self.finished.emit(job.key, payload)
            elif what == _FAILED:
                self.failed.emit(job.key, str(payload))
            else:
                self.cancelled.emit(job.key)


def _run(job: Job, relay: _Relay) -> None:
    """The pool thread's part: call the function, report its outcome to the relay. Nothing
    escapes it: an exception leaving a pool thread makes Qt end the process (abort)."""
    try:
        _run_job(job, relay)
    except BaseException:  # the relay is gone (its window closed): nobody left to tell
        log.debug("Background job %s ended after its window closed", job.key, exc_info=True)


def _run_job(job: Job, relay: _Relay) -> None:
    if job.context.cancelled():  # superseded or cancelled while queued: never started
        relay.report.emit((job, _CANCELLED, None))
        return
    relay.report.emit((job, _STARTED, None))
    try:
        result = job.call()
    except TaskCancelled:
        relay.report.emit((job, _CANCELLED, None))
    except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread, never lost
        message = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}"
        relay.report.emit((job, _FAILED, message))
    else:
        relay.report.emit((job, _CANCELLED if job.context.cancelled() else _FINISHED, result))
