"""Pass 17 window: a huge lock file (a sparse 2 GB one) froze the start for 20-60 s, then was
removed as stale or blamed on another program (B1); a crashed window's lock naming this very
process (a container's pid 1) turned autosave off for good (D1); a second start said the window
"could not open" a file the user chose Cancel for (D2), or silently opened a second window
without autosave when 10 files already waited there (D3)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot

from chipscope.ui import instance
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios import autosave_lock
from chipscope.ui.stored_settings import lock_blocker
from tests.ui.test_pass16_window import Said, _scenario, _second_start

BIG = 2 * 2**20  # sparse: no disk space, but Qt would read all of it


def _sparse(path: Path, size: int = BIG) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_huge_autosave_lock_is_named_and_left_alone(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """B1: a 2 GB sparse chipscope.db.lock was read whole by Qt at every try (40 s), then
    removed as stale: now it is named as no lock file, never opened, and kept."""
    db = tmp_path / "chipscope.db"
    db.touch()
    lock_path = _sparse(Path(f"{os.path.realpath(db)}.lock"))
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        lock, owns = autosave_lock.take_autosave_lock(db)
    assert (lock, owns) == (None, True)
    assert lock_path.stat().st_size == BIG  # the user's file, unchanged
    assert f"{lock_path} is 2 MB, not a lock file" in caplog.text


@pytest.mark.parametrize("which", ["", ".rmlock"])
def test_a_huge_settings_lock_is_named_as_no_lock_file(tmp_path: Path, which: str) -> None:
    """B1: a 2 GB settings.ini.lock froze the start for 21 s, then was blamed on "another
    program" holding it: now the start names its size at once and leaves it alone."""
    lock = tmp_path / "settings.ini.lock"
    big = _sparse(Path(f"{lock}{which}"))
    why = lock_blocker(str(lock), at_start=True)
    assert why == f"its lock file {big} is 2 MB, not a lock file (a lock file is under 1 KB); " \
                  "remove it"
    assert big.stat().st_size == BIG
    assert lock_blocker(str(tmp_path / "small.lock"), at_start=True) is None


def test_a_crashed_windows_lock_naming_this_process_is_taken_over(tmp_path: Path) -> None:
    """D1: in a container the crashed window had this start's pid (1): its lock was taken for
    another window's, autosave was off and the crash's changes never offered. A lock naming
    this process that no window here holds is stale; one a window here holds is not."""
    db = tmp_path / "chipscope.db"
    db.touch()
    lock_path = f"{os.path.realpath(db)}.lock"
    crashed = QLockFile(lock_path)
    assert crashed.tryLock(0)
    left = Path(lock_path).read_bytes()  # pid, program, host: this process's
    crashed.unlock()
    Path(lock_path).write_bytes(left)
    lock, owns = autosave_lock.take_autosave_lock(db)
    assert owns and lock is not None and lock.isLocked()
    second, owns_second = autosave_lock.take_autosave_lock(db)  # another window here
    assert (second, owns_second) == (None, False)
    lock.unlock()


def test_a_second_start_is_told_the_user_chose_cancel(
        make_window: Callable[..., MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """D2: Cancel at the window's "Unsaved changes" question, and the second start said the
    window "could not open it: see its message there", where no message was."""
    window = make_window(show=False)
    working = window.scenarios.working
    working.document.restore(working.name, "", {"lock_in": 1.7})
    assert working.is_modified()
    monkeypatch.setattr(window.scenarios.panel, "ask_unsaved", lambda: "cancel")
    name = instance.server_name(tmp_path / "d2.db")
    server = instance.serve(name, window)
    file = _scenario(tmp_path, "b")
    said = Said(_second_start(name, [file])).end(qtbot)
    server.close()
    assert said == [repr([(str(file), "cancelled")])]
    assert window.errors == []  # type: ignore[attr-defined]
    assert instance.Handed(((str(file), instance.CANCELLED),)).report([file]) == 2
    err = capsys.readouterr().err
    assert f"{file} was not opened: you chose Cancel in the ChipScope window already " \
           "running (at its \u201cUnsaved changes\u201d question or in the save it led to)" in err


def test_a_second_start_is_told_the_window_has_too_many_files_waiting(
        tmp_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    """D3: 10 files waited for the window's start question, and a further second start got
    ``full`` and opened a second window, without autosave: now it names its file and stops."""
    name = instance.server_name(tmp_path / "d3.db")
    server = instance.serve(name)  # its start question is open: files wait
    assert server._queue([tmp_path / f"m{i}.toml" for i in range(instance.MAX_FILES)])
    file = _scenario(tmp_path, "b")
    said = Said(_second_start(name, [file])).end(qtbot)
    server.stop()
    assert said == [repr([(str(file), "full")])]
    assert instance.Handed.full([file]).report([file]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{file} was not opened: the ChipScope window already running has " \
           f"{instance.MAX_FILES} files waiting for an answer to a question there; answer " \
           "it, then open this file again" in err
