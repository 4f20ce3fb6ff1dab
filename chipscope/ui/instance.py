"""One window per database: a second ``chipscope FILE.toml`` hands the file to the window
already open on the same database (a local socket named after the user and the database)
instead of starting a second window that could not autosave.

The message is one line of JSON, ``{"open": [paths]}``; the window answers ``ok``.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("chipscope")
TIMEOUT_MS = 1500
MAX_MESSAGE = 64_000


def server_name(db_path: Path | None) -> str:
    """A name unique to this user and database (short: socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container)
        user = "user"
    key = f"{user}\0{Path(db_path).resolve() if db_path is not None else ''}"
    return "chipscope-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def send_to_running(name: str, files: list[Path]) -> bool:
    """Hand ``files`` to the window listening on ``name``. True if it took them; False if no
    window listens (or it did not answer in time)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    message = json.dumps({"open": [str(Path(f).absolute()) for f in files]}) + "\n"
    socket.write(message.encode("utf-8"))
    if not socket.waitForBytesWritten(TIMEOUT_MS):
        return False
    ok = socket.waitForReadyRead(TIMEOUT_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return ok


class FileServer(QObject):
    """Listens for files handed over by a second start.

    Signals
    -------
    open_requested(object)
        A :class:`pathlib.Path` another ``chipscope`` invocation asked this window to open.
    """

    open_requested = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

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

    def close(self) -> None:
        self.server.close()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            files = json.loads(data.decode("utf-8"))["open"]
        except (ValueError, KeyError, TypeError):
            socket.write(b"error\n")
            socket.flush()
            return
        socket.write(b"ok\n")
        socket.flush()
        for f in files if isinstance(files, list) else []:
            if isinstance(f, str):
                self.open_requested.emit(Path(f))
