"""One window per database: a second ``chipscope FILE.toml`` hands the file to the window
already open on the same database (a local socket named after the user and the database)
instead of starting a second window that could not autosave.

The message is one line of JSON, ``{"open": [paths]}``. The window answers ``ok`` once it
opened the files (``error``: no such message; ``full``: too many files waiting), or
``not-opened [[path, cause], ...]`` naming those it did not open: it refused them (its own
message says why), the user chose Cancel at its "Unsaved changes" question, or they were more
than :data:`MAX_FILES` (:mod:`chipscope.ui.handover`). Files that wait for a dialog the
user is answering (or for the window's start questions, or a message an open shows) get
``wait`` first, then the answer, or ``closed`` if the window closed first: then the second
start opens its own window, and nothing handed over is lost.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

from chipscope.ui.handover import CANCELLED, FULL, MAX_FILES, REFUSED, TOO_MANY, Handed

__all__ = ["CANCELLED", "MAX_FILES", "REFUSED", "TOO_MANY", "FileServer", "Handed",
           "send_to_running", "serve", "server_name"]

if TYPE_CHECKING:
    from chipscope.ui.main_window import MainWindow

log = logging.getLogger("chipscope")
TIMEOUT_MS = 1500
REPLY_MS = 5000
"""How long a second start waits for a busy window to take its files (then it opens its
own window)."""
HOLD_MS = 120_000
"""How long a second start waits for files the window holds behind a dialog the user is
answering (``wait``); then it opens its own window, and the window drops them."""
MAX_MESSAGE = 64_000
IDLE_MS = 5_000
"""A connection that has not sent its whole line by then is closed."""


def server_name(db_path: Path | None) -> str:
    """A name unique to this user and database (short: socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container)
        user = "user"
    key = f"{user}\0{Path(db_path).resolve() if db_path is not None else ''}"
    name = "chipscope-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    # In the user's private runtime folder when there is one: a bare name is a socket in the
    # shared /tmp, where another local user could listen first under the (predictable) name
    # and receive the paths of the files this user opens.
    runtime = _private_runtime_dir()
    return str(runtime / name) if runtime is not None else name


def _private_runtime_dir() -> Path | None:
    """$XDG_RUNTIME_DIR if it is a folder only this user can enter, short enough for a socket
    path (108 bytes on Linux); else None."""
    folder = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform == "win32" or not folder or len(folder.encode()) > 70:
        return None
    try:
        st = os.stat(folder)
    except (OSError, ValueError):
        return None
    private = stat.S_ISDIR(st.st_mode) and not st.st_mode & 0o077
    return Path(folder) if private and st.st_uid == os.getuid() else None


def send_to_running(name: str, files: list[Path],
                    waiting: Callable[[], None] | None = None) -> Handed | None:
    """Hand ``files`` to the window listening on ``name``: what it did with them once it took
    them; None if no window listens, it closed before taking them, or it did not answer in
    time (then the window drops them). ``waiting`` is called when they wait for a dialog
    there."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return None
    message = json.dumps({"open": [str(Path(f).absolute()) for f in files]}) + "\n"
    socket.write(message.encode("utf-8"))
    if not socket.waitForBytesWritten(TIMEOUT_MS):
        return None
    reply = _reply(socket, REPLY_MS)
    if reply == b"wait":
        if waiting is not None:
            waiting()
        reply = _reply(socket, HOLD_MS)
    socket.disconnectFromServer()  # after a timeout: the window drops the files
    return _handed(reply, files)


def _handed(reply: bytes | None, files: list[Path]) -> Handed | None:
    """The window's last answer read: None unless it took the files, or ``full`` (files wait
    for a question there: a window here could not autosave, so none opens)."""
    if reply == b"ok":
        return Handed()
    if reply == b"full":
        return Handed.full(files)
    if reply is None or not reply.startswith(b"not-opened "):
        return None
    try:
        left = json.loads(reply.split(b" ", 1)[1].decode("utf-8"))
        return Handed(tuple((str(path), str(cause)) for path, cause in left))
    except (ValueError, TypeError):  # not an answer of this version
        return None


def _reply(socket: QLocalSocket, ms: int) -> bytes | None:
    """The window's next answer line (without its newline), or None if none comes in ``ms``."""
    end = time.monotonic() + ms / 1000
    while not socket.canReadLine():
        left = int((end - time.monotonic()) * 1000)
        if left <= 0:
            return None
        # In slices: Ctrl+C (Python's handler runs between them) ends a wait of minutes at once.
        if not socket.waitForReadyRead(min(left, 200)) and \
                socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return None
    return bytes(socket.readLine().data()).strip()


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
        self._pending: list[tuple[Path, QLocalSocket | None]] = []  # and who waits for it
        self._told_wait: set[QLocalSocket] = set()
        self._opening = False
        self._waiting: QWidget | None = None  # the modal dialog the pending files wait for
        self._closed = False

    def listen(self) -> bool:
        """Start listening; a stale socket left by a crash is removed first. False (logged)
        if another window already listens or the socket cannot be made."""
        if self.server.listen(self.name):
            return True
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(300):  # a live window has it
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("Cannot listen for files from other starts: %s", self.server.errorString())
        return False

    def attach(self, window: MainWindow) -> None:
        """The window is made (its start questions answered): handed-over files open in it,
        those that waited first, until it closes."""
        self.setParent(window)
        self.opener = window.open_scenario_file
        window.closing.connect(self.close)
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
        self.server.close()
        if self._waiting is not None:
            self._waiting.removeEventFilter(self)
            self._waiting.destroyed.disconnect(self._modal_closed)
            self._waiting = None
        dropped, self._pending = self._pending, []
        if dropped:
            log.warning("The window closed before %d file(s) handed over by another start "
                        "could be opened here (that start opens its own window for them); "
                        "not opened: %s", len(dropped), ", ".join(str(f) for f, _ in dropped))
        for socket in dict.fromkeys(s for _, s in dropped if s is not None):
            self._answer(socket, b"closed")  # the second start opens its own window

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            # A client that never finishes its line is let go (it would hold a descriptor).
            QTimer.singleShot(IDLE_MS, socket, lambda s=socket: self._idle(s))

    def _idle(self, socket: QLocalSocket) -> None:
        if socket in self._buffers:  # files it handed over wait for its disconnect instead
            socket.abort()

    def _drop(self, socket: QLocalSocket) -> None:
        """A connection ended: files it handed over that still wait are dropped (the second
        start stopped waiting and opens its own window)."""
        self._buffers.pop(socket, None)
        self._told_wait.discard(socket)
        self._not_opened.pop(socket, None)
        if self._current is socket:  # no one to answer when its file is open
            self._current = None
        gone = [f for f, s in self._pending if s is socket]
        if gone:
            log.warning("Another start stopped waiting for %d file(s) to open here and opens "
                        "its own window; not opened: %s", len(gone),
                        ", ".join(str(f) for f in gone))
            self._pending = [(f, s) for f, s in self._pending if s is not socket]
        socket.deleteLater()

    def _answer(self, socket: QLocalSocket, reply: bytes) -> None:
        """Tell the second start ``reply`` and end its connection (one message each)."""
        socket.write(reply + b"\n")
        socket.flush()
        socket.disconnectFromServer()

    def _on_ready(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:  # its line came: anything more is ignored
            socket.readAll()
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        del self._buffers[socket]
        files = _parse(data)
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
                path, socket = self._pending.pop(0)
                self._current = socket
                if socket is not None:  # runs inside a message box the open shows, if any
                    QTimer.singleShot(0, self, self._tell_wait)
                self.open_requested.emit(path)
                opened = self.opener(path) if self.opener is not None else True
                if socket is not None and self._current is socket:  # still waiting
                    if not opened:
                        self._not_opened.setdefault(socket, []).append(
                            (str(path), CANCELLED if opened is None else REFUSED))
                    if all(s is not socket for _, s in self._pending):
                        self._finish(socket)
        finally:
            self._opening = False
            self._current = None

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
                socket.write(b"wait\n")
                socket.flush()

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
    if server.listen() and window is not None:
        server.attach(window)
    return server


def _parse(data: bytes) -> list[Path] | None:
    """The paths of one message line; None if it is not ``{"open": [paths]}`` (bad UTF-8,
    bad JSON, nested too deeply for the parser). Entries that are not strings are skipped."""
    try:
        files = json.loads(data.decode("utf-8"))["open"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(files, list):
        return None
    return [Path(f) for f in files if isinstance(f, str) and f and "\0" not in f]
