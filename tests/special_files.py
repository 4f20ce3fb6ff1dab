"""Special files for tests of every reader: a FIFO, a socket, a device (and a folder), each
named with the words the readers use for it."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def special_files(folder: Path, suffix: str, with_folder: bool = True) -> dict[str, Path]:
    """{"a pipe (FIFO)": ..., "a socket": ..., ["a folder": ...,] "a device": /dev/null}, made
    in ``folder`` with names ending in ``suffix`` (".db", ".toml")."""
    fifo = folder / f"pipe{suffix}"
    os.mkfifo(fifo)
    sock_path = folder / f"sock{suffix}"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    sock.close()
    found = {"a pipe (FIFO)": fifo, "a socket": sock_path}
    if with_folder:
        found["a folder"] = folder / f"folder{suffix}"
        found["a folder"].mkdir()
    return found | {"a device": Path("/dev/null")}
