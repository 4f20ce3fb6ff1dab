"""Pass 38 F2/F3: closing the window on a full disk.

F2: the settings' lock file that could not be made was blamed on an unwritable folder for every
cause; a full disk is named as such now (the folder was writable). F3: "The autosave could not
be cleared ... answer No" was shown though no autosave had ever been written (every autosave
had failed on the full disk): with no autosave row there is nothing to clear and no box.
The faults are simulated (the OSError a full disk gives; a write the database refuses).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from chipscope.storage import StorageError
from chipscope.storage import autosave as autosave_module
from chipscope.storage.autosave import clear_autosave, load_autosave, save_autosave
from chipscope.storage.repository import open_user_database
from chipscope.ui import stored_settings
from chipscope.ui.main_window import MainWindow


class _UnmakeableLock:
    """A QLockFile whose lock cannot be made (not held by anyone: Qt's UnknownError)."""

    LockError = QLockFile.LockError

    def __init__(self, path: str) -> None:
        self.path = path

    def tryLock(self, timeout: int = 0) -> bool:  # noqa: N802 (Qt's name)
        return False

    def error(self) -> QLockFile.LockError:
        return QLockFile.LockError.UnknownError


def _refuse_near(lock: str, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files beside ``lock`` cannot be made: os.open fails with ``code`` there."""
    real_open = os.open

    def refusing(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(lock):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)
    monkeypatch.setattr(stored_settings, "QLockFile", _UnmakeableLock)


def test_a_settings_lock_a_full_disk_refuses_is_called_a_full_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = str(tmp_path / "settings.ini.lock")
    _refuse_near(lock, errno.ENOSPC, monkeypatch)
    said = stored_settings.lock_blocker(lock)
    assert said is not None
    assert said.startswith(f"its lock file {lock} cannot be made in {tmp_path}")
    assert "its disk is full; free some space" in said
    assert "writable" not in said
    assert not list(tmp_path.iterdir())  # no probe left behind


@pytest.mark.parametrize(("code", "words"), [
    (errno.EACCES, "; make that folder writable"),
    (errno.EROFS, "because its disk is read-only"),
    (errno.EIO, os.strerror(errno.EIO))])
def test_other_causes_of_an_unmakeable_settings_lock_are_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str) -> None:
    lock = str(tmp_path / "settings.ini.lock")
    _refuse_near(lock, code, monkeypatch)
    said = stored_settings.lock_blocker(lock)
    assert said is not None and words in said
    assert ("disk is full" in said) is False


def _full(*args: object, **kwargs: object) -> object:
    raise StorageError("The database could not be written because the disk is full.")


def test_clearing_no_autosave_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_user_database()[1]
    save_autosave(db, "Mine", "", {"lock_in": 1.5})
    clear_autosave(db)
    assert load_autosave(db) is None
    monkeypatch.setattr(autosave_module, "_writable", _full)  # the disk is full from now on
    clear_autosave(db)  # nothing to clear: no write, no error


def test_an_autosave_that_cannot_be_cleared_still_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_user_database()[1]
    save_autosave(db, "Mine", "", {"lock_in": 1.5})
    monkeypatch.setattr(autosave_module, "_writable", _full)
    with pytest.raises(StorageError, match="disk is full"):
        clear_autosave(db)
    assert load_autosave(db) is not None


def test_closing_on_a_full_disk_with_no_autosave_shows_no_box(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    db = window.scenarios.working.db_path
    assert db is not None and load_autosave(db) is None
    monkeypatch.setattr(autosave_module, "_writable", _full)  # every autosave fails
    window.session.set_value("lock_in", 2.0)
    window.session.finish_edit("lock_in")
    assert window.scenarios.working.autosave_now() is not None
    assert window.close()
    assert not [e for e in window.errors if "answer No" in e]  # type: ignore[attr-defined]
    assert load_autosave(db) is None
