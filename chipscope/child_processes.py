"""The child processes of a command (a sweep's or a fit's workers, multiprocessing's resource
tracker), ended with it when SIGTERM or Ctrl+C ends it at once (``os._exit`` skips the pool's
shutdown: the workers lived on with the command's output streams, so ``| tee`` or ``$(...)``
never ended). Imports nothing when called: a signal handler calls it (see
:func:`chipscope.cli_signals._stop_now`)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys


def end_all() -> None:
    """Kill this process's child processes: those multiprocessing knows, and on Linux every
    process whose parent this is, which includes a worker still being started (multiprocessing
    lists it only once its start-up data are sent: ended half-way, it printed a traceback)."""
    pids: set[int] = set()
    known = getattr(sys.modules.get("multiprocessing"), "active_children", None)
    with contextlib.suppress(Exception):
        pids.update(child.pid for child in (known() if known is not None else ()) if child.pid)
    if sys.platform.startswith("linux"):
        pids.update(children())
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def children() -> list[int]:
    """The processes whose parent is this one, from ``/proc/N/stat`` (its 4th field); none
    off Linux."""
    me = str(os.getpid()).encode()
    found = []
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue  # ended since
            if len(fields) > 1 and fields[1] == me:
                found.append(int(name))
    return found
