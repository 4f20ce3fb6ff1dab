"""Whether an output can be written, asked before a long computation rather than after it
(pass 12: ``calibrate --write --fitted`` into a read-only folder was refused after a fit of
minutes; ``sensitivity`` and ``sweep`` computed everything first)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from chipscope.storage.file_causes import temp_cause
from chipscope.storage.files import WriteFailed, refuse_other_type, refuse_replacing, write_target


def check_writable(path: Path | str, what: str,
                   inputs: tuple[Path | str | None, ...] = ()) -> None:
    """Raise now what :func:`~chipscope.storage.files.write_bytes` would raise for ``path``
    because of its name, its type or its folder (missing, read-only, full of inodes): a
    temporary file is made beside it and removed; nothing else is touched. ``-`` (standard
    output) always passes; ``inputs`` (None: no such input) are never replaced."""
    if str(path) == "-":
        return
    target = write_target(path, what)
    refuse_other_type(target, path, what)
    refuse_replacing(target, path, what, tuple(i for i in inputs if i is not None))
    try:
        fd, name = tempfile.mkstemp(prefix=".cs-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        cause = temp_cause(exc, target.parent)
        raise WriteFailed(f"Could not write the {what} {path} ({cause}); nothing was changed."
                          ) from None
    os.close(fd)
    os.unlink(name)
