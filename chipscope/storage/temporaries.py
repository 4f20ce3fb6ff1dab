"""The temporary files of the writes under way, so that an abrupt end of the process (SIGTERM,
or Ctrl+C while Qt draws: see :func:`chipscope.cli_common.exit_on_interrupt`) removes them.

Every atomic write (:func:`chipscope.storage.files.write_bytes`, the database that
``data build`` writes) holds its temporary file here while it exists. This module imports
nothing heavy, and :func:`discard_pending` imports nothing: a signal handler calls it.
"""

from __future__ import annotations

import contextlib
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
