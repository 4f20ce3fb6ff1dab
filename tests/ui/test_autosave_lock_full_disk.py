"""Pass 13 DB D2: a crashed window's lock (its process gone) that cannot be replaced, as on a
full disk, was read as another running window's: autosave off, and the crash's autosave not
offered. It is this window's database alone then."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from chipscope.ui.scenarios import autosave_lock


class _FullDiskLock(QLockFile):
    """QLockFile as on a full disk: a stale lock is seen but cannot be replaced."""

    def tryLock(self, timeout: int = 0) -> bool:  # noqa: N802 - Qt's name
        return False

    def removeStaleLockFile(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def error(self) -> QLockFile.LockError:
        return QLockFile.LockError.LockFailedError


def _crashed_lock(db: Path) -> None:
    """A window that took ``db``'s lock and was killed: the lock stays, its pid is dead."""
    subprocess.run([sys.executable, "-c", f"""
import os
from PySide6.QtCore import QLockFile
lock = QLockFile({str(db) + '.lock'!r}); assert lock.tryLock(0); os._exit(0)"""],
                   check=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_a_dead_windows_lock_on_a_full_disk_is_not_another_window(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "chipscope.db"
    _crashed_lock(db)
    monkeypatch.setattr(autosave_lock, "QLockFile", _FullDiskLock)
    monkeypatch.setattr(autosave_lock, "disk_is_full", lambda _path: True)
    lock, owns = autosave_lock.take_autosave_lock(db)
    assert lock is None and owns  # the only window: it autosaves and offers the crash's
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Another ChipScope window" not in said and "its disk is full" in said, said


def test_a_running_windows_lock_still_turns_autosave_off(tmp_path: Path) -> None:
    db = tmp_path / "chipscope.db"
    held = QLockFile(str(db) + ".lock")
    assert held.tryLock(0)
    try:
        lock, owns = autosave_lock.take_autosave_lock(db)
        assert lock is None and not owns
    finally:
        held.unlock()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc")
def test_a_window_killed_but_not_yet_reaped_holds_no_lock() -> None:
    """A window killed with its parent (``timeout -s KILL``) is a zombie for a while: its pid
    still answers kill(pid, 0), yet it holds nothing."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # exited, not reaped
        assert autosave_lock._zombie(child.pid)
    finally:
        child.wait()
    assert not autosave_lock._zombie(os.getpid())
