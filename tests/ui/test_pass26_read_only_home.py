"""Pass 26 F8: with a read-only (0555) CHIPSCOPE_HOME the database there was treated as
read-only, but the window still created settings.ini, chipscope.log and faults.log in it (as
root: the rule is the mode bits, not os.access); a read-only (0444) settings.ini, chipscope.log
or faults.log in a writable home was replaced or appended to. Now the app's own writers follow
the same rule: the settings are read but kept only for the session, the log goes to standard
error, and one note names the folder (or the file)."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope import paths

ROOT = Path(__file__).resolve().parents[2]

# The window, started as `chipscope` starts it, closed after two seconds.
_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chipscope.ui import app

qt = app.ensure_app()


def close():
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    QTimer.singleShot(300, qt.quit)


QTimer.singleShot(2000, close)
sys.exit(app.run_gui(None))
"""


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mode, p.read_bytes()) for p in sorted(folder.iterdir())}


def _run_window(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHIPSCOPE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result


def test_a_read_only_home_is_left_byte_identical_and_said_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(paths.bundled_db_path(), home / paths.DB_FILENAME)
    home.chmod(0o555)
    try:
        before = _snapshot(home)
        result = _run_window(home)
        after = _snapshot(home)
    finally:
        home.chmod(0o755)
    assert sorted(after) == sorted(before) == [paths.DB_FILENAME]
    assert after == before
    note = (f"The settings file {home / 'settings.ini'} is left unchanged because its folder "
            f"{home} is read-only, so settings changed now last only until ChipScope closes "
            "and the log goes to standard error; make the folder writable to keep them.")
    assert result.stderr.count(note) == 1, result.stderr
    assert "log file" not in result.stderr, result.stderr  # the one note covers the log
    assert "Traceback" not in result.stderr, result.stderr


def test_read_only_settings_and_logs_in_a_writable_home_are_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(paths.bundled_db_path(), home / paths.DB_FILENAME)
    (home / "settings.ini").write_text("[view]\nchart=by-vendor\n", encoding="utf-8")
    (home / "chipscope.log").write_text("an old line\n", encoding="utf-8")
    (home / "faults.log").write_text("", encoding="utf-8")
    kept = ("settings.ini", "chipscope.log", "faults.log")
    for name in kept:
        (home / name).chmod(0o444)
    before = _snapshot(home)
    result = _run_window(home)
    after = _snapshot(home)
    for name in kept:
        assert after[name] == before[name], name
    assert not [n for n in after if n.startswith(("chipscope.log.", "settings.ini."))], after
    err = result.stderr
    settings_note = (f"The settings file {home / 'settings.ini'} is left unchanged because it "
                     "is read-only, so settings changed now last only until ChipScope closes; "
                     "make it writable to keep them.")
    log_note = (f"the log file {home / 'chipscope.log'} is not written because it is "
                "read-only, so log lines go to standard error")
    faults_note = f"the fault log {home / 'faults.log'} is not written because it is read-only"
    for note in (settings_note, log_note, faults_note):
        assert err.count(note) == 1, (note, err)


def test_read_only_settings_are_read_for_the_session(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui import app

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path))
    own = tmp_path / "settings.ini"
    own.write_text("[view]\nbasis=fp8\n", encoding="utf-8")
    own.chmod(0o444)
    problem = app.settings_problem()
    assert problem is not None and str(own) in problem and "read-only" in problem
    settings = app.settings_for(problem)
    assert settings.value("view/basis") == "fp8"  # the user's settings, read
    settings.setValue("view/basis", "bf16")
    settings.sync()
    assert Path(settings.fileName()) != own
    assert own.read_text(encoding="utf-8") == "[view]\nbasis=fp8\n"


def test_a_rollover_never_replaces_a_read_only_rotated_log(tmp_path: Path) -> None:
    from chipscope.ui.log_file import LogFile

    path = tmp_path / "chipscope.log"
    backup = tmp_path / "chipscope.log.1"
    backup.write_text("kept\n", encoding="utf-8")
    backup.chmod(0o444)
    handler = LogFile(path, 200, 1)
    try:
        for n in range(20):
            handler.emit(logging.makeLogRecord({"msg": f"line {n} " + "x" * 40}))
    finally:
        handler.close()
    assert backup.read_text(encoding="utf-8") == "kept\n"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o444
    assert handler.failure is not None and str(backup) in handler.failure
    assert path.stat().st_size <= 200 + 60  # no line after the refused rollover


def test_the_error_box_names_standard_error_when_the_log_is_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.ui import app

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path))
    (tmp_path / "chipscope.log").write_text("", encoding="utf-8")
    (tmp_path / "chipscope.log").chmod(0o444)
    monkeypatch.setattr(app.log, "handlers", [])  # no earlier test's log
    handler = app.configure_logging()
    try:
        assert app.log_place() == "standard error (the log file or its folder is read-only)"
    finally:
        app.remove_logging(handler)
    assert app.log_place() == str(tmp_path / "chipscope.log")
