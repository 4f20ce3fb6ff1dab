"""A file handed over by a second ``chipscope FILE`` that the window refuses (a scenario file
that is not valid TOML, a file it cannot read): the message its box shows is told to that start
at once, ``refused: MESSAGE`` (the message as a JSON string: one line), before the box waits
for the user; the start prints it and exits 2 (:mod:`chipscope.ui.handover`). Before, the start
said nothing, or waited for the box to be answered.

The boxes that refuse an open call :func:`said` with their text; while a handed-over file opens,
:func:`told` listens. Only starts that asked for it (``"refusals": true`` in their message) are
told so: an older start would not know the line."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from chipscope.ui.handover import REFUSED

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

    from chipscope.ui.instance import FileServer

_listeners: list[Callable[[str], None]] = []


def said(message: str) -> None:
    """A box is about to say why a file is not opened: ``message``, its text."""
    for listener in list(_listeners):
        listener(message)


def line(message: str) -> bytes:
    """The answer telling a start ``message`` (one line, no newline)."""
    return b"refused: " + json.dumps(message).encode("ascii")


def refused_text(reply: bytes | None) -> str | None:
    """The message of a ``refused: MESSAGE`` answer (a JSON string), else None."""
    if reply is None or not reply.startswith(b"refused: "):
        return None
    raw = reply.split(b" ", 1)[1].decode("utf-8", "replace")
    try:
        text = json.loads(raw)
    except ValueError:
        return raw
    return text if isinstance(text, str) else raw


def wants_refusals(data: bytes) -> bool:
    """Whether a start's message asks to be told ``refused: MESSAGE`` (:func:`told`)."""
    try:
        return json.loads(data.decode("utf-8")).get("refusals") is True
    except (ValueError, AttributeError, RecursionError):
        return False


@contextlib.contextmanager
def told(server: FileServer, socket: QLocalSocket | None, path: Path) -> Iterator[list[str]]:
    """While ``path`` of ``socket`` opens in ``server``'s window: the first refusal said is
    told to that start at once, and ``path`` listed as not opened (:data:`REFUSED`); if it was
    that start's last file, it is answered then (it need not wait for the box). Yields the
    messages told (empty: none; the open's result then says, as before)."""
    heard: list[str] = []

    def tell(message: str) -> None:
        if heard or socket is None or socket not in server.hears_refusals \
                or server._current is not socket:
            return
        heard.append(message)
        socket.write(line(message) + b"\n")
        socket.flush()
        server._not_opened.setdefault(socket, []).append((str(path), REFUSED))
        if all(s is not socket for _, s in server._pending):
            server._finish(socket)
            server._current = None  # answered: nothing more to tell it

    _listeners.append(tell)
    try:
        yield heard
    finally:
        _listeners.remove(tell)
