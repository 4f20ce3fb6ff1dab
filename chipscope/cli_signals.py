"""How a command ends when a signal stops it: Ctrl+C while Qt draws, SIGTERM (``kill``, a
service manager) and SIGHUP (the terminal closed, an SSH connection dropped). Each removes the
temporary file of a write under way (the target stays as it was), ends the command's worker
processes, says one line and exits at once with 128 + the signal's number. Also the note a
failure adds for the files the command wrote all the same.

Importing this module is cheap, and its handlers import nothing (see :func:`_stop_now`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import Any

from chipscope import child_processes
from chipscope.cli_stdout import changed_note
from chipscope.prog_name import error_line

PROG = "chipscope"
"""The program's name in ``--version``; messages begin with :func:`error_line`'s name."""


def written_note() -> str:
    """"; FILE was written all the same" for the files this command wrote, and "; DB was
    changed all the same" for a database it changed (:func:`chipscope.cli_stdout.changed_note`)
    (neither: "")."""
    written_files = _files_function("written_files")
    done = written_files() if written_files is not None else []
    note = changed_note()
    if not done:
        return note
    return f"; {', '.join(map(str, done))} {'was' if len(done) == 1 else 'were'} written all " \
           f"the same{note}"


def _files_function(name: str) -> Callable[[], Any] | None:
    """A function of :mod:`chipscope.storage.files` if that module got as far as defining it
    (None before: nothing was written then). Imports nothing, so the signal handlers may call
    it while the main thread is in the middle of an import (see :func:`_stop_now`)."""
    return getattr(sys.modules.get("chipscope.storage.files"), name, None)


def exit_on_interrupt() -> None:
    """From here on, Ctrl+C ends the command at once: the temporary file of a write under way
    is removed (the target stays as it was), one line says so, exit status 130.

    A KeyboardInterrupt cannot be unwound through Qt's C++ code: raised while PySide6 was
    being imported or while it drew, it aborted or crashed the process (status 134, 139).
    Commands that draw with Qt call this before importing it; :func:`restore_interrupt` undoes
    it when the command returns. SIGINT that is ignored (a background job) stays ignored."""
    import signal

    if _main_thread() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, lambda _n, _f: _stop_now("interrupted", 130))
        _interrupt_set.append(True)


_ENDINGS = (("SIGTERM", "terminated", 143),
            ("SIGHUP", "hung up (the terminal or the connection closed)", 129))
"""The signals :func:`exit_on_terminate` handles: the name, the word said, the exit status."""


def exit_on_terminate() -> None:
    """Make SIGTERM (``kill``, a logout, a service manager stopping a script) and SIGHUP (the
    terminal closed, an SSH connection dropped) end a command as Ctrl+C does while Qt draws:
    the temporary file of a write under way is removed (Python's default, dying at once, left a
    hidden ``.cs-*.tmp`` of tens of MB beside the target), one line if standard error is still
    open, exit status 143 (SIGTERM) or 129 (SIGHUP). Only for a signal with its default action
    (``nohup`` ignores SIGHUP: it stays ignored); :func:`restore_interrupt` undoes it."""
    import signal

    if not _main_thread():
        return
    for name, word, status in _ENDINGS:
        number = getattr(signal, name, None)  # no SIGHUP on Windows
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, _ending(word, status))
            _terminate_set.append(number)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised by :func:`raise_on_terminate`'s handler: ``word`` is what the
    command says ("terminated"), ``status`` its exit status. A BaseException, as
    KeyboardInterrupt: no ``except Exception`` swallows it. Code that takes back what it did
    adds a note saying so (``exc.add_note("; nothing was installed")``), which the CLI says."""

    def __init__(self, word: str, status: int) -> None:
        super().__init__(word)
        self.word, self.status = word, status


def raise_on_terminate() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` in the main thread, for a command
    that takes back what it did when stopped (the desktop entry's install rolls back the files
    and folders it made, and ends the tool it runs): :func:`exit_on_terminate` ends at once,
    with no unwinding. Only the first signal raises: more of them while it unwinds (the roll-
    back) are ignored. Only for a signal with its default action; :func:`restore_interrupt`
    undoes it. The command runs no Qt: an exception cannot be unwound through Qt's C++."""
    import signal

    if not _main_thread():
        return
    raised: list[bool] = []

    def raising(word: str, status: int) -> Callable[[int, Any], None]:
        def handler(_number: int, _frame: Any) -> None:
            if not raised:
                raised.append(True)
                raise Terminated(word, status)
        return handler

    for name, word, status in _ENDINGS:
        number = getattr(signal, name, None)  # no SIGHUP on Windows
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, raising(word, status))
            _terminate_set.append(number)


def stop_notes(exc: BaseException) -> str:
    """What the code a signal stopped added about what it took back or left (its notes)."""
    return "".join(getattr(exc, "__notes__", ()))


def _ending(word: str, status: int) -> Callable[[int, Any], None]:
    """The handler that ends the command saying ``word``, with ``status``."""
    return lambda _n, _f: _stop_now(word, status)


def _main_thread() -> bool:
    """Whether this is the main thread, the only one that may set signal handlers (main()
    also runs in other threads: tests, a script's worker)."""
    import threading

    return threading.current_thread() is threading.main_thread()


def _stop_now(word: str, status: int) -> None:
    """Remove the temporary files of the writes under way, end a sweep's or a fit's worker
    processes (``os._exit`` skips their pool's shutdown: they lived on with the command's
    output streams, so ``| tee`` never ended), say ``word`` and end with ``status`` at once (no
    unwinding: see :func:`exit_on_interrupt`). A signal handler runs wherever the main thread
    was, often in an import: this imports nothing (it met the half-imported module: exit 1).
    A standard error that is gone (a closed terminal) only loses the line."""
    try:
        child_processes.end_all()
        discard_pending = getattr(sys.modules.get("chipscope.storage.temporaries"),
                                  "discard_pending", None)
        if discard_pending is not None:  # no write began before the module was loaded
            discard_pending()
        message = error_line(f"{word}{written_note()}") + "\n"
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                stream.flush()
        os.write(2, message.encode("utf-8", "backslashreplace"))
    except BaseException:  # noqa: BLE001 - e.g. RecursionError deep in an import: still one line
        with contextlib.suppress(BaseException):
            os.write(2, (error_line(word) + "\n").encode())
    finally:
        os._exit(status)


_interrupt_set: list[bool] = []
_terminate_set: list[int] = []


def restore_interrupt() -> None:
    """Ctrl+C raises KeyboardInterrupt again (after :func:`exit_on_interrupt`), and SIGTERM
    and SIGHUP have their default action again (after :func:`exit_on_terminate`)."""
    import signal

    if _interrupt_set:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _interrupt_set.clear()
    for number in _terminate_set:
        signal.signal(number, signal.SIG_DFL)
    _terminate_set.clear()
