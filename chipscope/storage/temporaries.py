"""The temporary files of the writes under way, so that an abrupt end of the process (SIGTERM,
or Ctrl+C while Qt draws: see :func:`chipscope.cli_common.exit_on_interrupt`) removes them.

Every atomic write (:func:`chipscope.storage.files.write_bytes`, the database that
``data build`` writes) holds its temporary file here while it exists. This module imports
nothing heavy, and :func:`discard_pending` imports nothing: a signal handler calls it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

_pending: set[Path] = set()


def discard_pending() -> None:
    """Remove the temporary files of the writes under way, with the SQLite journal beside a
    database being built; the targets are untouched, as after any failed write."""
    for tmp in list(_pending):
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def pending_temporary(tmp: Path) -> Iterator[Path]:
    """Within this block, an abrupt end of the process removes ``tmp`` (a temporary file beside
    a target) and its SQLite journal: see :func:`discard_pending`."""
    _pending.add(tmp)
    try:
        yield tmp
    finally:
        _pending.discard(tmp)


STALE_SECONDS = 3600
"""A temporary file of ChipScope's older than this was left by a process killed outright
(SIGKILL, a power cut): no write of ChipScope lasts that long."""

_OURS = re.compile(r"\.cs-[a-z0-9_]{8}\.tmp(-journal)?")


def remove_stale(folder: Path) -> list[Path]:
    """Remove from ``folder`` the temporary files (and their journals) that ChipScope's
    atomic writes name ``.cs-XXXXXXXX.tmp`` and that are older than :data:`STALE_SECONDS`:
    a SIGKILL during ``data build`` left them there for ever. Returns what was removed; a
    file that cannot be looked at or removed is left alone."""
    removed: list[Path] = []
    now = time.time()
    try:
        names = [n for n in os.listdir(folder) if n.startswith(".cs-") and _OURS.fullmatch(n)]
    except OSError:
        return removed
    for name in names:
        path = Path(folder) / name
        with contextlib.suppress(OSError):
            st = path.lstat()
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_SECONDS:
                path.unlink()
                removed.append(path)
    return removed
