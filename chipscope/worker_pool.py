"""The process pools of ``sweep --workers`` and ``calibrate --jobs``: one rule for their workers.

- A worker ends when the command ends, even by SIGKILL (the OOM killer, ``kill -9``,
  ``timeout -s KILL``), which no handler of the command sees: the orphans held the command's
  stdout and stderr, so ``| tee``, ``$(...)`` and CI logs never ended, and they never ended
  themselves. On Linux the kernel kills them (``PR_SET_PDEATHSIG``); elsewhere a thread waits
  for the parent's end.
- A worker ignores Ctrl+C (the terminal sends it to the whole group; the command ends its
  workers itself). A worker is started with SIGINT blocked, which it inherits through exec:
  one hit by Ctrl+C while still starting (unpickling, importing numpy, before any initializer
  runs) printed a KeyboardInterrupt traceback. The command only holds a Ctrl+C back for the
  moment it starts a worker, and gets it right after.
- Ctrl+C (or SIGTERM raised as :class:`chipscope.cli_signals.Terminated`) in the command ends
  the workers at once: the pool's usual end waited for every running task (a bootstrap draw of
  15-23 s, in silence), as the workers ignore Ctrl+C. Pending tasks are cancelled.

Imported inside the commands (multiprocessing is not loaded at CLI start).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import TracebackType

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal this process gets when its parent ends."""


def new_pool(workers: int, initializer: Callable[..., object] | None = None,
             initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes (forking a process that runs threads can
    deadlock, and spawn behaves the same on every platform) that end with the command and
    ignore Ctrl+C; each runs ``initializer(*initargs)`` first. Used as a context manager, it
    ends its workers at once when Ctrl+C or SIGTERM stops the command (see :class:`_Pool`)."""
    return _Pool(max_workers=workers, mp_context=_Context(), initializer=_start_worker,
                 initargs=(os.getpid(), initializer, initargs))


class _Pool(ProcessPoolExecutor):
    """A pool whose ``with`` block, left by an interrupt (KeyboardInterrupt, ``Terminated``,
    SystemExit: a BaseException that is no Exception), cancels the pending tasks and ends the
    running ones' workers, instead of waiting for them to finish."""

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> bool | None:
        if exc is not None and not isinstance(exc, Exception):
            self.stop_now()
            return None
        return super().__exit__(kind, exc, trace)

    def stop_now(self) -> None:
        """Cancel the pending tasks and end the workers (SIGTERM: they ignore Ctrl+C; SIGKILL
        for one still there after a second), without waiting for the tasks they run."""
        workers = list((getattr(self, "_processes", None) or {}).values())
        self.shutdown(wait=False, cancel_futures=True)
        for end in ("terminate", "kill"):
            for worker in workers:
                with contextlib.suppress(Exception):
                    getattr(worker, end)()
            for worker in workers:
                with contextlib.suppress(Exception):
                    worker.join(timeout=1)
            if not any(worker.is_alive() for worker in workers):
                return


class _Process(SpawnProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - multiprocessing's name
        with _interrupt_held():
            return SpawnProcess._Popen(process_obj)


class _Context(SpawnContext):
    Process = _Process


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """SIGINT blocked in this thread (a child started now inherits the mask); one that comes
    meanwhile is delivered when it ends. As multiprocessing's resource tracker is started.

    In the main thread, Ctrl+C, SIGTERM and SIGHUP are also held back from Python itself: the
    mask only keeps them from this thread, and another thread (the pool's own) took them, so
    the main thread raised KeyboardInterrupt between starting a worker and sending it what to
    run, and the half-started worker printed "EOFError: Ran out of input" under the command's
    "error: interrupted" (clean-clone CI of session 39). Raised again right after."""
    held: list[int] = []
    handlers = _hold_signals(held) if threading.current_thread() is threading.main_thread() \
        else {}
    before = (signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
              if hasattr(signal, "pthread_sigmask") else None)
    try:
        yield
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(held):  # each once, to the command's own handler
            signal.raise_signal(number)


def _hold_signals(held: list[int]) -> dict[int, Any]:
    """Swap the handlers of the signals that end a command for one noting them in ``held``;
    the handlers swapped out, to put back."""
    handlers: dict[int, Any] = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is None:  # not Python's: left alone
            continue
        with contextlib.suppress(ValueError, OSError, TypeError):
            handlers[number] = signal.signal(number, lambda got, _frame: held.append(got))
    return handlers


def _start_worker(parent: int, initializer: Callable[..., object] | None,
                  initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def end_with_parent(parent: int) -> None:
    """Make this process end when ``parent`` (its parent process) does, however it ends."""
    if sys.platform.startswith("linux") and _death_signal():
        if os.getppid() != parent:  # it ended before the signal was asked for
            os._exit(1)
        return
    import multiprocessing

    sentinel = getattr(multiprocessing.parent_process(), "sentinel", None)
    if sentinel is not None:
        threading.Thread(target=_exit_after, args=(sentinel,), daemon=True).start()


def _death_signal() -> bool:
    """Ask Linux for SIGKILL when the parent ends; whether it was granted."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _exit_after(sentinel: int) -> None:
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(1)
