"""Something that is not a socket at the hand-over socket's path (:mod:`chipscope.ui.instance`):
a folder, a regular file or a link the user put there. Qt's ``QLocalServer.listen`` replaces
a regular file or a link with its socket, and fails on a folder with "Unknown error 21"; a
second start cannot connect to it. So the window does not listen there (and leaves it as it
is) and says so, and a second start names it when it opens its own window."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import stat
import sys
import time
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QStatusBar

from chipscope.ui.socket_lock import claim_lock

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


def _not_ours(name: str) -> tuple[Path, str] | None:
    """:func:`not_a_socket`, or (the path, whose it is) when the socket there belongs to
    another user (one who listened first in a shared folder, to read the paths sent)."""
    found = not_a_socket(name)
    path = socket_file(name)
    if found is not None or path is None:
        return found
    try:
        owner = os.lstat(path).st_uid
    except (OSError, ValueError):
        return None
    return None if owner == os.getuid() else (path, f"a socket of another user (uid {owner})")


def window_problem(name: str) -> str | None:
    """What the window says when it cannot listen on ``name`` for that reason (else None)."""
    found = _not_ours(name)
    if found is None:
        return None
    path, kind = found
    return (f"{path} is {kind}, not ChipScope's socket, so files you open with another "
            "chipscope call open in a new window without autosave: move it away (ChipScope "
            "leaves it as it is)")


def start_problem(name: str) -> str | None:
    """What a second start says when it cannot hand its files over on ``name`` for that
    reason (else None): then it does not connect (a link would lead to another database's
    window, another user's socket would read the paths)."""
    found = _not_ours(name)
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


def listen_on(server: QLocalServer, name: str) -> tuple[bool, str | None, tuple[int, int] | None]:
    """Make ``server`` listen on ``name`` (:meth:`instance.FileServer.listen`): whether it
    listens, what is at the path when that stops it (said in the window), and (st_dev, st_ino)
    of the socket made there (:func:`release`)."""
    log = logging.getLogger("chipscope")
    if (note := shared_note(name)) is not None:
        log.warning("%s", note)
    problem = window_problem(name)
    if problem is None and socket_file(name) is None:  # Windows: a named pipe
        if server.listen(name):
            return True, None, None
    elif problem is None:
        try:
            made = claim(name)
        except OSError as exc:
            log.warning("Cannot listen for files from other starts: %s: %s",
                        socket_file(name), exc.strerror)
            return False, None, None
        if made is None:  # a live window listens there, or something else is there now
            problem = window_problem(name)
            if problem is None:
                log.info("Another ChipScope window listens at %s", name)
                return False, None, None
        elif server.listen(made[0]):
            return True, None, made[1]
        else:
            release(name, made[1])
    if problem is not None:
        log.warning("%s", problem)
        return False, problem, None
    log.warning("Cannot listen for files from other starts: %s", server.errorString())
    return False, None, None


def shared_note(name: str) -> str | None:
    """What the window logs when its socket ``name`` is a bare name, in the shared temporary
    folder (no private runtime folder of this user's: :func:`handover.server_name`)."""
    if sys.platform == "win32" or os.path.isabs(name):
        return None
    return (f"No private folder for ChipScope's hand-over socket: it is {socket_file(name)}, "
            "in the shared temporary folder; a second start hands files over only if that "
            "socket is yours (set XDG_RUNTIME_DIR to a folder only you can enter)")


def claim(name: str) -> tuple[int, tuple[int, int]] | None:
    """A listening socket at ``name``'s path, made only if nothing is there or a stale socket
    (no window answers on it: it is removed first): (its descriptor, for
    ``QLocalServer.listen``, and its (st_dev, st_ino)). None if a window listens there or
    something else is there (left as it is). OSError: it could not be made.

    Not Qt's ``listen(name)``: it binds a temporary name and renames it over the path,
    replacing whatever is there, even a live window's socket or a file that appeared after a
    check. Here the socket is bound at a random name beside the path, then hard-linked to it:
    link(2) fails (EEXIST) whatever is there, so nothing is ever replaced; the random name is
    removed at once. Qt then knows the socket by that random name only, and its ``close()``
    removes that name, never the path (:func:`release` removes the path if still ours)."""
    path = socket_file(name)
    assert path is not None  # not on Windows (named pipes)
    with claim_lock(path):  # two starts at once: one claims, the other then finds it live
        for _ in range(2):
            try:
                return _bound(path)
            except FileExistsError:
                if not _move_stale(name, path):
                    return None
    return None


def _move_stale(name: str, path: Path) -> bool:
    """Remove the socket at ``path`` if it is stale (no window answers on it, twice: the
    second time just before it is removed, as it may have come alive): False if a window
    listens there or something else is there (left as it is)."""
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        return True
    if _not_ours(name) is not None or _answers(name):
        return False
    try:
        now = os.lstat(path)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino) or _answers(name):
            return False  # replaced or come alive meanwhile: another window's
        if stat.S_ISSOCK(now.st_mode):
            os.unlink(path)
    except FileNotFoundError:
        pass
    return True


def _bound(path: Path) -> tuple[int, tuple[int, int]]:
    temp = path.with_name("." + secrets.token_hex(4))  # not longer than the path's name
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(temp))  # bind never replaces: EADDRINUSE if that name is taken
        try:
            os.chmod(temp, 0o600)  # only this user can connect (before it is at the path)
            sock.listen(50)
            os.link(temp, path)
            info = os.lstat(path)
        finally:
            os.unlink(temp)
    except BaseException:
        sock.close()
        raise
    return sock.detach(), (info.st_dev, info.st_ino)


def _answers(name: str) -> bool:
    """Whether a window listens on ``name`` (a live socket, not a stale one)."""
    probe = QLocalSocket()
    probe.connectToServer(name)
    if probe.waitForConnected(300):
        probe.disconnectFromServer()
        return True
    return False


def release(name: str, own: tuple[int, int]) -> None:
    """Remove the socket at ``name``'s path if it is still the one :func:`claim` made
    (``own``): what the user or another window put there since is left as it is."""
    path = socket_file(name)
    if path is None:
        return
    try:
        info = os.lstat(path)
        if (info.st_dev, info.st_ino) == own and stat.S_ISSOCK(info.st_mode):
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        logging.getLogger("chipscope").warning("Cannot remove %s: %s", path, exc.strerror)


_CONNECTED = QLocalSocket.LocalSocketState.ConnectedState


def say_line(socket: QLocalSocket, line: bytes) -> None:
    """Write ``line`` and its newline to ``socket`` now (a loop of opens may follow)."""
    socket.write(line + b"\n")
    socket.flush()


def read_reply(socket: QLocalSocket, ms: int | None) -> bytes | None:
    """The window's next answer line (without its newline), or None if none comes in ``ms``
    (None: until the window closes the connection)."""
    end = time.monotonic() + ms / 1000 if ms is not None else None
    while not socket.canReadLine():
        left = int((end - time.monotonic()) * 1000) if end is not None else 200
        if left <= 0:
            return None
        # In slices: Ctrl+C (Python's handler runs between them) ends a wait of minutes at once.
        if not socket.waitForReadyRead(min(left, 200)) and socket.state() != _CONNECTED:
            return None
    return bytes(socket.readLine().data()).strip()
