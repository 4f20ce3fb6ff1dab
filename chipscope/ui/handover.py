"""What a second ``chipscope FILE.toml`` says on its terminal once the window already running
took its files (:mod:`chipscope.ui.instance`): which opened, and why each other one did not;
and the name both listen and call on."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MAX_FILES = 10
"""The most files waiting to be opened; the files of a larger hand-over past it are not opened
(the second start names them)."""
REFUSED, TOO_MANY, CANCELLED, FULL = "refused", "too many", "cancelled", "full"
UNREAD, LOST = "unread", "lost"
"""Why the window did not open a handed-over file: its open refused it (its message says why),
past :data:`MAX_FILES`, the user chose Cancel at its "Unsaved changes" question (or in the
save it led to),
:data:`MAX_FILES` files already wait there for a question (the answer ``full``), it could not
read the message (``error``), or it took the files and stopped answering before it said."""
_WHY = {
    TOO_MANY: f"the ChipScope window already running takes at most {MAX_FILES} files at "
              "once; open it with another chipscope call",
    CANCELLED: "you chose Cancel in the ChipScope window already running (at its \u201cUnsaved "
               "changes\u201d question or in the save it led to)",
    FULL: f"the ChipScope window already running has {MAX_FILES} files waiting for an answer "
          "to a question there; answer it, then open this file again",
    UNREAD: "the ChipScope window already running could not read the list of files handed "
            "to it; open this file from the File menu there",
    LOST: "the ChipScope window already running took this file but stopped answering before "
          "it said whether it opened it; look for it there",
}


def server_name(db_path: Path | None) -> str:
    """A name unique to this user and database (short: socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container)
        user = "user"
    key = f"{user}\0{Path(db_path).resolve() if db_path is not None else ''}"
    name = "chipscope-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    # In the user's private runtime folder when there is one, else in a private folder of
    # ChipScope's own in the temporary folder: a bare name is a socket in the shared /tmp,
    # where another local user could listen first under the (predictable) name and receive
    # the paths of the files this user opens (then a second start sends them only to a
    # socket of this user's, and the window says so in the log: socket_path).
    runtime = _private_runtime_dir() or _own_temp_dir()
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
    return Path(folder) if _private(st) else None


def _private(st: os.stat_result) -> bool:
    return stat.S_ISDIR(st.st_mode) and not st.st_mode & 0o077 and st.st_uid == os.getuid()


def _own_temp_dir() -> Path | None:
    """``chipscope-<uid>`` in the temporary folder, made only this user can enter; None if
    it cannot be, or another user made it first (not followed if it is a link)."""
    folder = Path(tempfile.gettempdir()) / f"chipscope-{os.getuid()}"
    if sys.platform == "win32" or len(str(folder).encode()) > 70:
        return None
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        return folder if _private(os.lstat(folder)) else None
    except OSError:
        return None


@dataclass(frozen=True)
class Handed:
    """The running window took the files; ``not_opened``: (path, cause) of those it did not
    open (:data:`REFUSED`, :data:`TOO_MANY`, :data:`CANCELLED`, :data:`FULL`)."""

    not_opened: tuple[tuple[str, str], ...] = ()
    messages: tuple[str, ...] = ()
    """What the window said of the files it refused (:data:`REFUSED`), in their order."""

    @classmethod
    def full(cls, files: list[Path]) -> Handed:
        """The window answered ``full``: none of ``files`` was taken."""
        return cls().plus(files, FULL)

    @classmethod
    def unread(cls, files: list[Path]) -> Handed:
        """The window answered ``error``: it could not read the message naming ``files``."""
        return cls().plus(files, UNREAD)

    @classmethod
    def lost(cls, files: list[Path]) -> Handed:
        """The window took ``files``, then closed the connection without an answer."""
        return cls().plus(files, LOST)

    def plus(self, files: list[Path], why: str) -> Handed:
        """These answers and ``files``, not opened for ``why``."""
        return Handed(self.not_opened + tuple((str(Path(f).absolute()), why) for f in files),
                      self.messages)

    def told(self, messages: list[str]) -> Handed:
        """These answers, with what the window said of the files it refused."""
        return Handed(self.not_opened, self.messages + tuple(messages))

    def report(self, files: list[Path]) -> int:
        """Say on the terminal what the window opened and what not; the exit status (2: a
        file was not opened)."""
        from chipscope.model.text_rules import escaped_hidden  # names shown, never obeyed

        # A path named twice may have opened once: only as many copies as were not opened
        # are left out, the last ones (those past MAX_FILES are the last).
        left, opened = Counter(path for path, _ in self.not_opened), list[str]()
        for f in reversed(files):
            if left[key := str(Path(f).absolute())] > 0:
                left[key] -= 1
            else:
                opened.insert(0, str(f))
        if opened:
            print("chipscope: opened in the ChipScope window already running: "
                  + escaped_hidden(", ".join(opened)))
        messages = list(self.messages)
        for path, cause in self.not_opened:
            if cause == REFUSED and messages:  # the window's own words (its box's text)
                print("\n".join(f"chipscope: error: {escaped_hidden(each)}"
                                for each in messages.pop(0).splitlines()), file=sys.stderr)
                continue
            print(f"chipscope: error: {escaped_hidden(path)} was not opened: " + _WHY.get(
                cause, "the ChipScope window already running could not open it: see its "
                "message there"), file=sys.stderr)
        return 2 if self.not_opened else 0


def handed(reply: bytes | None, files: list[Path]) -> Handed | None:
    """The window's last answer read: None unless it took the files, ``full`` (files wait
    for a question there: a window here could not autosave, so none opens) or ``error`` (it
    could not read the message: a second window would not autosave either)."""
    if reply == b"ok":
        return Handed()
    if reply == b"full":
        return Handed.full(files)
    if reply == b"error":
        return Handed.unread(files)
    if reply is None or not reply.startswith(b"not-opened "):
        return None
    try:
        left = json.loads(reply.split(b" ", 1)[1].decode("utf-8"))
        return Handed(tuple((str(path), str(cause)) for path, cause in left))
    except (ValueError, TypeError):  # not an answer of this version
        return None


def parse_message(data: bytes) -> list[Path] | None:
    """The paths of one message line; None if it is not ``{"open": [paths]}`` (bad UTF-8,
    bad JSON, nested too deeply for the parser). Entries that are not strings are skipped."""
    try:
        files = json.loads(data.decode("utf-8"))["open"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(files, list):
        return None
    return [Path(f) for f in files if isinstance(f, str) and f and "\0" not in f]
