"""Pass 13 DB D2: a crashed window's lock (its process gone) that cannot be replaced, as on a
full disk, was read as another running window's: autosave off, and the crash's autosave not
offered. It is this window's database alone then."""

from __future__ import annotations

import os
import socket
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
import socket
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


def _lock_naming(db: Path, pid: int) -> None:
    """A lock left by a crashed window (this program, this host) that names ``pid``."""
    program = os.path.basename(os.readlink("/proc/self/exe"))
    Path(str(db) + ".lock").write_text(f"{pid}\n{program}\n{socket.gethostname()}\n",
                                       encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/exe").exists(), reason="Linux /proc")
def test_a_dead_windows_pid_reused_by_another_program_is_not_another_window(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Pass 14 DB D6: the crashed window's pid now runs an unrelated program (pids are reused,
    soon after a reboot or in a container); on a full disk that was read as another window."""
    db = tmp_path / "chipscope.db"
    other = subprocess.Popen(["sleep", "60"])  # a live process that is not ChipScope
    try:
        _lock_naming(db, other.pid)
        monkeypatch.setattr(autosave_lock, "QLockFile", _FullDiskLock)
        monkeypatch.setattr(autosave_lock, "disk_is_full", lambda _path: True)
        lock, owns = autosave_lock.take_autosave_lock(db)
    finally:
        other.kill()
        other.wait()
    assert lock is None and owns
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Another ChipScope window" not in said and "its disk is full" in said, said


@pytest.mark.skipif(not Path("/proc/self/exe").exists(), reason="Linux /proc")
def test_a_live_process_of_the_same_program_still_holds_the_lock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "chipscope.db"
    window = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _lock_naming(db, window.pid)
        monkeypatch.setattr(autosave_lock, "QLockFile", _FullDiskLock)
        lock, owns = autosave_lock.take_autosave_lock(db)
    finally:
        window.kill()
        window.wait()
    assert lock is None and not owns  # another window (as far as can be told) has it


def test_a_window_on_a_symlinked_name_of_the_database_shares_its_lock(tmp_path: Path) -> None:
    """Pass 14 window A2: a second window on the same database through a symlinked file name
    also owned the single autosave (offered the first window's live autosave as a crash's,
    then cleared or overwrote it)."""
    db = tmp_path / "chipscope.db"
    db.write_bytes(b"")
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "mydata.db"
    link.symlink_to(db)
    first, owns_first = autosave_lock.take_autosave_lock(db)
    assert first is not None and owns_first
    try:
        second, owns_second = autosave_lock.take_autosave_lock(link)
        assert second is None and not owns_second
    finally:
        first.unlock()
