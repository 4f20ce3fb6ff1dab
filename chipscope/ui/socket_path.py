"""Something that is not a socket at the hand-over socket's path (:mod:`chipscope.ui.instance`):
a folder, a regular file or a link the user put there. Qt's ``QLocalServer.listen`` replaces
a regular file or a link with its socket, and fails on a folder with "Unknown error 21"; a
second start cannot connect to it. So the window does not listen there (and leaves it as it
is) and says so, and a second start names it when it opens its own window."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QStatusBar

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISREG, "a regular file"),
          (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def socket_file(name: str) -> Path | None:
    """The file Qt makes for the socket ``name`` (a bare name: in Qt's temporary folder);
    None on Windows (a named pipe, no file)."""
    if sys.platform == "win32":
        return None
    return Path(name) if os.path.isabs(name) else Path(QDir.tempPath()) / name


def not_a_socket(name: str) -> tuple[Path, str] | None:
    """(the path, what it is) when something other than a socket is at the socket ``name``'s
    path (a stale socket is not: it may be replaced); None if nothing or a socket is there."""
    path = socket_file(name)
    if path is None:
        return None
    try:
        mode = os.lstat(path).st_mode
    except (OSError, ValueError):  # nothing there (or it cannot be looked at: Qt says)
        return None
    if stat.S_ISSOCK(mode):
        return None
    return path, next((kind for test, kind in _KINDS if test(mode)), "not a socket")


def window_problem(name: str) -> str | None:
    """What the window says when it cannot listen on ``name`` for that reason (else None)."""
    found = not_a_socket(name)
    if found is None:
        return None
    path, kind = found
    return (f"{path} is {kind}, not ChipScope's socket, so files you open with another "
            "chipscope call open in a new window without autosave: move it away (ChipScope "
            "leaves it as it is)")


def start_problem(name: str) -> str | None:
    """What a second start says when it cannot hand its files over on ``name`` for that
    reason (else None)."""
    found = not_a_socket(name)
    if found is None:
        return None
    path, kind = found
    return (f"{path} is {kind}, not ChipScope's socket, so these files cannot be handed to a "
            "ChipScope window already running and open in a new window (without autosave if "
            "one is running): move it away (ChipScope leaves it as it is)")


def show_when_free(bar: QStatusBar, text: str) -> None:
    """Show ``text`` in ``bar`` until another message replaces it; now if it shows none, else
    once the message it shows (another start-up note) is cleared."""
    if not bar.currentMessage():
        bar.showMessage(text, 0)
        return

    def shown(now: str) -> None:
        if not now:
            bar.messageChanged.disconnect(shown)
            bar.showMessage(text, 0)

    bar.messageChanged.connect(shown)
