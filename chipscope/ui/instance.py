"""One window per database: a second ``chipscope FILE.toml`` hands the file to the window
already open on the same database (a local socket named after the user and the database)
instead of starting a second window that could not autosave.

The message is one line of JSON, ``{"open": [paths]}`` (at most :data:`MAX_FILES`). The window
answers ``busy`` while it opens other files first, ``wait`` while they wait for a dialog the
user is answering (its start questions, a message an open shows), and ``open?`` just before it
opens them: only once the start says ``go`` does it open them (else it drops them and that start
opens its own window, never both). Then ``ok``, or ``not-opened [[path, cause], ...]`` naming
those it did not open (:mod:`chipscope.ui.handover`); ``error``: it could not read the message;
``full``: too many files waiting; ``closed``: the window closed first (the start opens its own).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from chipscope.ui.handover import CANCELLED, FULL, MAX_FILES, REFUSED, TOO_MANY, Handed
from chipscope.ui.handover import handed as _handed
from chipscope.ui.handover import parse_message as _parse
from chipscope.ui.handover import server_name as server_name
from chipscope.ui.refusal import refused_text, told, wants_refusals
from chipscope.ui.socket_path import listen_on, release, show_when_free, start_problem
from chipscope.ui.socket_path import read_reply as _reply
from chipscope.ui.socket_path import say_line as _say

__all__ = ["CANCELLED", "MAX_FILES", "REFUSED", "TOO_MANY", "FileServer", "Handed",
           "send_to_running", "serve", "server_name"]

if TYPE_CHECKING:
    from chipscope.ui.main_window import MainWindow

log = logging.getLogger("chipscope")
TIMEOUT_MS = 1500
REPLY_MS = 5000
"""How long a second start waits for each word of a window before its ``open?`` (then it opens
its own window, and the window drops the files)."""
HOLD_MS = 120_000
"""How long a second start waits for files the window holds behind a dialog the user is
answering (``wait``); then it opens its own window, and the window drops them."""
MAX_MESSAGE = MAX_FILES * 4096 * 6 + 4096
"""The longest message read (MAX_FILES paths of PATH_MAX bytes, escaped): longer is ``error``."""
CONNECTED = QLocalSocket.LocalSocketState.ConnectedState
IDLE_MS = 5_000  # a connection that has not sent its whole line by then is closed


def send_to_running(name: str, files: list[Path],
                    waiting: Callable[[], None] | None = None) -> Handed | None:
    """Hand ``files`` to the window listening on ``name``: what it did with them once it took
    them; None if no window listens, it closed before taking them, or it did not take them in
    time (then it drops them: it takes them only once this start said ``go``). ``waiting`` is
    called when they wait for a dialog there. At most :data:`MAX_FILES` are sent; the others
    are named :data:`TOO_MANY` here (a long list would not fit in one message). Not through
    something that is not this user's socket (:func:`start_problem` names it)."""
    if start_problem(name) is not None:
        return None
    handed = _send(name, files[:MAX_FILES], waiting)
    if handed is None or len(files) <= MAX_FILES:
        return handed
    full = handed.not_opened and all(why == FULL for _, why in handed.not_opened)
    return handed.plus(files[MAX_FILES:], FULL if full else TOO_MANY)


def _send(name: str, files: list[Path], waiting: Callable[[], None] | None) -> Handed | None:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return None
    message = json.dumps({"open": [str(Path(f).absolute()) for f in files],
                          "refusals": True}) + "\n"
    socket.write(message.encode("utf-8"))
    if not socket.waitForBytesWritten(TIMEOUT_MS):
        return None
    limit, taken, refusals = REPLY_MS, False, list[str]()
    reply = _reply(socket, limit)
    while reply in (b"busy", b"wait", b"open?") or refused_text(reply) is not None:
        if (text := refused_text(reply)) is not None:  # a file refused: said at the end
            refusals.append(text)
        elif reply == b"wait":
            if waiting is not None:
                waiting()
            waiting, limit = None, HOLD_MS  # said once
        elif reply == b"open?" and not taken:  # it opens them now: wait for it, however long
            _say(socket, b"go")
            taken = True
        reply = _reply(socket, None if taken else limit)
    socket.disconnectFromServer()  # before "go": the window drops the files
    handed = Handed.lost(files) if taken and reply is None else _handed(reply, files)
    return handed.told(refusals) if handed is not None else None


class FileServer(QObject):
    """Listens for files handed over by a second start.

    Signals
    -------
    open_requested(object)
        A :class:`pathlib.Path` another ``chipscope`` invocation asked this window to open
        (:attr:`opener`, when set, opens it and says whether it did).
    """

    open_requested = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None, ready: bool = True):
        super().__init__(parent)
        self.name = name
        self.opener: Callable[[Path], bool | None] | None = None
        self._ready = ready  # False: the window is not made yet (its start questions)
        self._current: QLocalSocket | None = None  # whose file is being opened
        self._not_opened: dict[QLocalSocket, list[tuple[str, str]]] = {}
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}  # connections still sending their line
        self._sockets: set[QLocalSocket] = set()  # every connection not ended yet
        self._pending: list[tuple[Path, QLocalSocket | None]] = []  # and who waits for it
        self._told_wait: set[QLocalSocket] = set()
        self._too_long: set[QLocalSocket] = set()  # its line is read to its end, then "error"
        self._taken: set[QLocalSocket] = set()  # said "go": its files open here, however long
        self._opened_some: set[QLocalSocket] = set()  # one of its files opened here
        self._asking: QLocalSocket | None = None  # asked "open?", its "go" not read yet
        self._opening = False
        self._waiting: QWidget | None = None  # the modal dialog the pending files wait for
        self._closed = False
        self.problem: str | None = None  # why it cannot listen, said in the window
        self._own: tuple[int, int] | None = None  # (st_dev, st_ino) of the socket it made
        self.hears_refusals: set[QLocalSocket] = set()  # told "refused: ..." (refusal.told)

    def listen(self) -> bool:
        """Start listening; a stale socket left by a crash is removed first. False (logged)
        if another window already listens or the socket cannot be made; :attr:`problem` says
        why when a folder or file is at its path (it is left as is: :func:`claim`)."""
        listening, self.problem, self._own = listen_on(self.server, self.name)
        return listening

    def attach(self, window: MainWindow) -> None:
        """The window is made (its start questions answered): handed-over files open in it,
        those that waited first, until it closes."""
        self.setParent(window)
        self.opener = window.open_scenario_file
        window.closing.connect(self.close)
        if self.problem is not None:  # where the user sees it, not only in the log
            show_when_free(window.statusBar(), self.problem)
        self._ready = True
        QTimer.singleShot(0, self, self._open_pending)

    def stop(self) -> None:
        """No window after all (the user quit at a start question): :meth:`close`, and go."""
        self.close()
        self.deleteLater()

    def close(self) -> None:
        """The window closes: stop listening (a later start opens its own window) and drop
        the files still waiting, with a log line; the starts that handed them over are told
        ``closed`` and open their own window. Nothing is opened into a closed window (a file
        handed over while the "Unsaved changes" question was open, then Discard)."""
        self._closed = True
        self.server.close()  # removes only the name Qt knows, not the path (claim())
        if self._own is not None:  # the path: only if it is still this window's socket
            release(self.name, self._own)
            self._own = None
        if self._waiting is not None:
            self._waiting.removeEventFilter(self)
            self._waiting.destroyed.disconnect(self._modal_closed)
            self._waiting = None
        dropped, self._pending = self._pending, []
        if dropped:
            log.warning("The window closed before %d file(s) handed over by another start "
                        "could be opened here (that start opens its own window for them); "
                        "not opened: %s", len(dropped), ", ".join(str(f) for f, _ in dropped))
        # Those still sending their line too: each second start opens its own window.
        for socket in dict.fromkeys([*(s for _, s in dropped if s is not None), *self._buffers]):
            self._answer(socket, b"closed")
        self._buffers.clear()
        for socket in self._sockets:  # a connection Qt ends as it tears this server down
            socket.readyRead.disconnect()  # called _drop on a half-deleted one (pass 83, F5)
            socket.disconnected.disconnect()
        self._sockets.clear()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            self._sockets.add(socket)
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            # A client that never finishes its line is let go (it would hold a descriptor).
            QTimer.singleShot(IDLE_MS, socket, lambda s=socket: self._idle(s))

    def _idle(self, socket: QLocalSocket) -> None:
        if socket in self._buffers:  # a line that came while this window was busy: read now
            socket.waitForReadyRead(0)
        if socket in self._buffers:  # files it handed over wait for its disconnect instead
            socket.abort()

    def _drop(self, socket: QLocalSocket) -> None:
        """A connection ended: files it handed over that still wait are dropped (the second
        start stopped waiting and opens its own window)."""
        self._buffers.pop(socket, None)
        self._sockets.discard(socket)
        for held in (self._told_wait, self._too_long, self._taken, self.hears_refusals,
                     self._opened_some):
            held.discard(socket)
        self._not_opened.pop(socket, None)
        if self._current is socket:  # no one to answer when its file is open
            self._current = None
        self._forget(socket)
        socket.deleteLater()

    def _forget(self, socket: QLocalSocket) -> None:
        """The files of ``socket`` still waiting are not opened: that start opens its own
        window for them."""
        gone = [f for f, s in self._pending if s is socket]
        if gone:
            log.warning("Another start stopped waiting for %d file(s) to open here and opens "
                        "its own window; not opened: %s", len(gone),
                        ", ".join(str(f) for f in gone))
            self._pending = [(f, s) for f, s in self._pending if s is not socket]

    def _answer(self, socket: QLocalSocket, reply: bytes) -> None:
        """Tell the second start ``reply`` and end its connection (one message each)."""
        _say(socket, reply)
        socket.disconnectFromServer()

    def _on_ready(self, socket: QLocalSocket) -> None:
        if socket is self._asking:  # its "go" is read by _claim
            return
        if socket not in self._buffers:  # its line came: anything more is ignored
            socket.readAll()
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE or socket in self._too_long:  # read on to its end, then
            self._too_long.add(socket)  # say so: no answer would read as "no window here"
            data = data[-1:]
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        del self._buffers[socket]
        files = None if socket in self._too_long else _parse(data)
        if files and wants_refusals(data):
            self.hears_refusals.add(socket)
        # Closed: not "ok", so the second start opens its own window instead.
        if self._closed or not files:
            self._answer(socket, b"closed" if self._closed else b"error" if files is None
                         else b"ok")
        elif not self._queue(files, socket):
            self._answer(socket, b"full")

    def _queue(self, files: list[Path], socket: QLocalSocket | None = None) -> bool:
        """Open ``files`` after this slot returns, one after another: opening one may show a
        message box, whose event loop must not start the next (or another client's) inside
        it; ``socket`` is answered when the last of them is opened (:meth:`_finish`). At most
        :data:`MAX_FILES` wait; the others are logged, and named to the second start. False:
        none could wait."""
        room = max(MAX_FILES - len(self._pending), 0)
        if len(files) > room:
            log.warning("%d file(s) handed over at once: only %d opened", len(files), room)
            # Short of room because files already wait (a question is open): FULL, not TOO_MANY.
            why = FULL if self._pending else TOO_MANY
            if socket is not None and room > 0:
                self._not_opened[socket] = [(str(f), why) for f in files[room:]]
        self._pending.extend((f, socket) for f in files[:room])
        QTimer.singleShot(0, self, self._open_pending)
        return room > 0

    def _open_pending(self) -> None:
        if self._closed:  # close() dropped the pending files
            return
        if self._opening or not self._ready:  # inside an open's message box (the loop below
            self._tell_wait()  # goes on), or the window's start questions (attach() opens)
            return
        modal = QApplication.activeModalWidget()
        if modal is not None:  # a dialog the user is answering: opened inside its event loop,
            self._wait_for(modal)  # a file would change the scenario under it (Save As would
            self._tell_wait()  # save the handed-over values under the typed name)
            return
        self._opening = True
        try:
            while self._pending:
                path, socket = self._pending[0]
                if socket is not None and socket not in self._taken and not self._claim(socket):
                    continue  # that start stopped waiting: it opens its own window
                self._pending.pop(0)
                self._keep_waiting()
                self._current = socket
                if socket is not None:  # runs inside a message box the open shows, if any
                    QTimer.singleShot(0, self, self._tell_wait)
                self.open_requested.emit(path)
                with told(self, socket, path) as refused:  # its start is told at once
                    opened = self.opener(path) if self.opener is not None else True
                if socket is not None and self._current is socket:  # still waiting
                    if opened:
                        self._opened_some.add(socket)
                    elif self._closed and socket not in self._opened_some and not refused:
                        self._answer(socket, b"closed")  # a signal ended the window as the
                        continue  # user answered its question: it opens its own (pass 84 F1)
                    if not opened and not refused:
                        self._not_opened.setdefault(socket, []).append(
                            (str(path), CANCELLED if opened is None else REFUSED))
                    if all(s is not socket for _, s in self._pending):
                        self._finish(socket)
        finally:
            self._opening = False
            self._current = None

    def _claim(self, socket: QLocalSocket) -> bool:
        """Before the first file of ``socket`` opens, ask its start ``open?``: True once it
        said ``go`` (it then waits for the answer, however long the opens take). Else none of
        its files opens here: it stopped waiting, or is told ``closed``, and opens its own."""
        self._asking = socket
        _say(socket, b"open?")
        end = time.monotonic() + TIMEOUT_MS / 1000  # a live start says "go" at once
        while not socket.canReadLine() and socket.state() == CONNECTED and end > time.monotonic():
            socket.waitForReadyRead(50)
        self._asking = None
        if socket.canReadLine() and bytes(socket.readLine().data()).strip() == b"go":
            self._taken.add(socket)
            return True
        self._forget(socket)
        if socket.state() == CONNECTED:
            self._answer(socket, b"closed")
        return False

    def _keep_waiting(self) -> None:
        """Tell every start not answered yet to wait on (``busy``), also those that connected
        during this loop (no event runs in it): accepted, their line read, their files queued."""
        while self.server.isListening():  # each accepts one that came: _on_connection
            known = len(self._buffers)
            self.server.waitForNewConnection(0)
            if len(self._buffers) == known:
                break
        for socket in list(self._buffers):
            if socket.bytesAvailable() or socket.waitForReadyRead(0):
                self._on_ready(socket)  # its files are queued, or it is answered
        waiting = [*self._buffers, *(s for _, s in self._pending if s not in self._taken)]
        for each in dict.fromkeys(waiting):
            if each is not None and each.state() == CONNECTED:
                _say(each, b"busy")

    def _finish(self, socket: QLocalSocket) -> None:
        """All files of ``socket`` were tried: ``ok``, or the ones not opened, and why."""
        left = self._not_opened.pop(socket, [])
        self._answer(socket, b"not-opened " + json.dumps(left).encode("utf-8") if left
                     else b"ok")

    def _tell_wait(self) -> None:
        """Tell the starts whose files wait for a dialog here to wait longer (:data:`HOLD_MS`)
        than for a reply."""
        for socket in [self._current, *(s for _, s in self._pending)]:
            if socket is not None and socket not in self._told_wait:
                self._told_wait.add(socket)
                _say(socket, b"wait")

    def _wait_for(self, modal: QWidget) -> None:
        """Open the pending files once ``modal`` is hidden or gone (then, if another modal
        dialog is open, after that one)."""
        if self._waiting is modal:
            return
        self._waiting = modal
        modal.installEventFilter(self)
        modal.destroyed.connect(self._modal_closed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._waiting and event.type() == QEvent.Type.Hide:
            watched.removeEventFilter(self)
            watched.destroyed.disconnect(self._modal_closed)
            self._modal_closed()
        return False

    def _modal_closed(self) -> None:
        self._waiting = None
        QTimer.singleShot(0, self, self._open_pending)


def serve(name: str, window: MainWindow | None = None) -> FileServer:
    """Listen on ``name`` for files handed over to ``window``: they open in it, until the
    window closes (then the server stops and files still waiting are dropped). Without a
    window (its start questions are still to come), the files wait for :meth:`attach`."""
    server = FileServer(name, window or QApplication.instance(), ready=window is not None)
    server.listen()
    if window is not None:  # also when it cannot listen: it says why there
        server.attach(window)
    return server

