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


READ_COPY_PREFIX = "chipscope-read-"
"""The start of the name of a read's private copy folder in the temporary folder
(:mod:`chipscope.storage.read_connection`)."""

_READ_COPY = re.compile(r"chipscope-read-(\d+)-[a-z0-9_]{8}")
_swept = False


def read_copy_prefix() -> str:
    """The prefix of a read's private copy folder: ``chipscope-read-PID-`` (the process's id,
    by which :func:`remove_stale_reads` tells a killed read's folder from a live one's)."""
    return f"{READ_COPY_PREFIX}{os.getpid()}-"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (another user's too; a reused id counts as alive). A
    number no process id can be (``chipscope-read-2147483648-x``, which anyone can make in a
    shared /tmp) counts as alive, so its folder is left alone: os.kill raised OverflowError,
    which ended every command with "unexpected" and kept the window from starting (pass 20)."""
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the id is only looked up
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True
    return True


def remove_stale_reads(folder: Path | None = None) -> list[Path]:
    """Remove from ``folder`` (the temporary folder) the private copies of reads whose process
    is gone: a read killed outright (SIGKILL) during its copy left a ``chipscope-read-PID-XXXX``
    folder, a full copy of the database, there for ever (pass 19, E1). Only folders of this
    user named with a process id that no process has now; a live process's (another window's,
    a reused id's) and any other name are left alone, as is what cannot be removed. Returns what
    was removed. POSIX only (elsewhere ``os.kill`` would end the process it asks about)."""
    removed: list[Path] = []
    if os.name != "posix":
        return removed
    import shutil
    import tempfile

    where = Path(tempfile.gettempdir() if folder is None else folder)
    try:
        names = [n for n in os.listdir(where) if n.startswith(READ_COPY_PREFIX)]
    except OSError:
        return removed
    for name in names:
        found = _READ_COPY.fullmatch(name)
        if found is None or int(found[1]) == os.getpid() or _alive(int(found[1])):
            continue
        path = where / name
        with contextlib.suppress(OSError):
            st = path.lstat()
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                continue
            shutil.rmtree(path)
            removed.append(path)
    return removed


def sweep_once() -> None:
    """:func:`remove_stale_reads` in the temporary folder, once per process (at the start of a
    command or of the window)."""
    global _swept
    if not _swept:
        _swept = True
        # No usable temporary folder: nothing to sweep. A clean-up never ends a command.
        with contextlib.suppress(OSError, ValueError, OverflowError):
            remove_stale_reads()
