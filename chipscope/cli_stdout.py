"""Command output written to standard output (``--out -``), every byte accounted for.

``sys.stdout.write`` trusts Python's buffered writer, which returns a short count when the
kernel takes only part of a large write (a nearly full disk) and does not try again; the text
layer drops that count, so a cut CSV was reported as written, exit 0. :func:`write_stdout`
writes the bytes itself, in a loop that checks every count: a write that makes no progress is
a full disk, an ``OSError`` the CLI reports as "could not write to standard output".
"""

from __future__ import annotations

import errno
import io
import os
import sys


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output in full (after what was printed before it), or raise
    :class:`OSError` (ENOSPC when the system takes no more bytes)."""
    stream = sys.stdout
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        stream.write(text)  # not a file (a test's capture, an embedding program's stream)
        stream.flush()
        return
    stream.flush()
    data = text.encode(getattr(stream, "encoding", None) or "utf-8",
                       getattr(stream, "errors", None) or "strict")
    view = memoryview(data)
    while view:
        count = os.write(fd, view)
        if count <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[count:]
