"""The window's log file on a full disk or a disk with no free inodes (pass 13 DB C1, D1):
one line on stderr, no "--- Logging error ---" traceback per log line, and the window is never
told standard output failed."""

from __future__ import annotations

import errno
import io
import logging
from pathlib import Path

import pytest

from chipscope import cli, paths
from chipscope.ui import app


class _FullDisk(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_log_file_on_a_full_disk_drops_its_lines_said_once(
        capsys: pytest.CaptureFixture[str]) -> None:
    handler = app.configure_logging()
    try:
        assert isinstance(handler, logging.FileHandler)
        handler.stream.close()
        handler.stream = _FullDisk()
        app.log.info("Opened %s", "x.db")
        app.log.warning("Cannot create %s.lock; autosave runs without it", "x.db")
    finally:
        handler.stream = None  # nothing to close
        app.remove_logging(handler)
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err, err
    assert err.count("could not write the log file") == 1 and str(paths.log_path()) in err, err


def test_a_log_file_that_cannot_be_created_leaves_the_window_without_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gone = tmp_path / "gone" / "chipscope.log"  # creating it fails, as with no free inodes
    monkeypatch.setattr(paths, "log_path", lambda: gone)
    handler = app.configure_logging()
    try:
        app.log.info("Opened %s", "x.db")
        assert app.configure_logging() is handler  # said once, not once a call
    finally:
        app.remove_logging(handler)
    err = capsys.readouterr().err
    assert err.count(f"could not create the log file {gone}") == 1, err
    assert "opens without one" in err and "Traceback" not in err


def test_a_failure_naming_a_file_is_not_blamed_on_standard_output() -> None:
    exc = OSError(errno.ENOSPC, "No space left on device", "/home/u/chipscope.log")
    assert not cli._stdout_fails(exc)
    message = cli._path_refused(exc)
    assert message is not None and "/home/u/chipscope.log" in message
    assert "standard output" not in message
    assert cli._stdout_fails(OSError(errno.ENOSPC, "No space left on device"))
