"""A request that the storage call under way stop at its next safe point, before it has changed
anything: the window's signal handler makes it when SIGTERM, SIGHUP or Ctrl+C comes inside a
storage call (whose end it waits for: :func:`chipscope.ui.diagnostics.install_interrupt`).
Checking the rows of a big import of edits took 15 s, and the window ended only after it, then
stored the import all the same (pass 85, F2). The long loops call :func:`stop_point` between
rows; nothing here imports anything, so a signal handler may call :func:`request_stop`."""

from __future__ import annotations


class Stopped(BaseException):  # like KeyboardInterrupt: not an error
    """The call stopped at a request (:func:`request_stop`), before it changed anything. A
    BaseException, as KeyboardInterrupt is: no ``except Exception`` takes it for a failure."""


_REQUEST: dict[str, bool] = {"stop": False}


def request_stop() -> None:
    """Ask the storage call under way to stop at its next :func:`stop_point`."""
    _REQUEST["stop"] = True


def clear() -> None:
    """Forget the request (it was for the call that has now returned)."""
    _REQUEST["stop"] = False


def stop_asked() -> bool:
    """Whether a stop was asked for: work after a write that has already been done (the reload
    that shows an import, 6 s for 1,000 rows) is left undone, and the window ends at once
    (pass 87, F1; :class:`chipscope.model.data_editor.DataEditor` takes this check)."""
    return _REQUEST["stop"]


def stop_point() -> None:
    """Raise :class:`Stopped` if a stop was asked for: called between the rows of a long loop
    that has not yet changed anything."""
    if _REQUEST["stop"]:
        raise Stopped
