"""Pass 39 F2: a window close on a disk with room for the settings lock but not for
settings.ini's new copy: Qt's sync() fails (status AccessError) and said nothing, so the size,
layout and chart were silently not kept. The close now says so in the line the lock failure
uses, naming the cause. The fault is simulated (Qt's status; the OSError a full disk gives)."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings

from chipscope.ui.main_window import MainWindow


def _fail_sync(path: str, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's sync reports AccessError; files beside ``path`` cannot be made (``code``)."""
    real_open = os.open

    def refusing(name: object, *args: object, **kwargs: object) -> int:
        if str(name).startswith(path):
            raise OSError(code, os.strerror(code), str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)
    monkeypatch.setattr(QSettings, "status", lambda _self: QSettings.Status.AccessError)


@pytest.mark.parametrize(("code", "cause"), [
    (errno.ENOSPC, "because its disk is full; free some space on it"),
    (errno.EROFS, "because its disk is read-only; make that disk writable")])
def test_a_settings_sync_that_fails_is_said_with_its_cause(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, code: int, cause: str) -> None:
    window = make_window()
    path = window.settings.fileName()  # type: ignore[union-attr]
    _fail_sync(path, code, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    said = [r.getMessage() for r in caplog.records
            if r.getMessage().startswith("The window's size, layout and chart were not saved")]
    assert said == [f"The window's size, layout and chart were not saved in {path}: its new "
                    f"copy cannot be made in {os.path.dirname(path)} {cause}."]


def test_a_settings_sync_that_works_says_nothing(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture) -> None:
    window = make_window()
    window.chart_area.set_chart(window.chart_area.chart_name())
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert not [r for r in caplog.records if "were not saved" in r.getMessage()]
    assert window.settings is not None and window.settings.status() == QSettings.Status.NoError


def test_a_failed_sync_whose_folder_takes_files_now_is_not_called_unwritable(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Qt reports AccessError, but a test file can be made there now (the disk freed in
    between): the line does not advise making a writable folder writable."""
    window = make_window()
    path = window.settings.fileName()  # type: ignore[union-attr]
    monkeypatch.setattr(QSettings, "status", lambda _self: QSettings.Status.AccessError)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    said = [r.getMessage() for r in caplog.records if "were not saved" in r.getMessage()]
    assert said == [f"The window's size, layout and chart were not saved in {path}: it could "
                    f"not be rewritten (the system gave no reason; {os.path.dirname(path)} "
                    "takes new files now)."]
    assert not [p for p in os.listdir(os.path.dirname(path)) if ".probe-" in p]
