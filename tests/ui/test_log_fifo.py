"""Pass 14 DB B1: ``chipscope.log`` or ``faults.log`` being a FIFO (a common way to pipe a log
to another tool) hung the window at start for ever, with no message: opening a FIFO waits for
its other end. Now the window opens without that log, said once; the log reopened after a
rollover and the log read for a problem report are guarded by the same rule."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")

# Run in a child: before the fix each of these opens waited for ever (the child is then ended
# by the timeout, and the test fails with TimeoutExpired).
_CHILD = """
import logging, os, sys
from chipscope import paths
from chipscope.ui import app, diagnostics
from chipscope.ui.log_file import LogFile, NoLogFile

handler = app.configure_logging()
print("log:", type(handler).__name__, flush=True)
app.log.info("a line for no log")
assert app.configure_logging() is handler
print("faults:", diagnostics.enable_fault_log(), flush=True)
print("tail:", diagnostics.log_tail(paths.log_path()), flush=True)

rolled = sys.argv[1]
handler = LogFile(rolled, 1_000_000, 1)
handler.stream.close()
handler.stream = None  # closed by a rollover whose renaming failed, to be reopened
os.remove(rolled)
os.mkfifo(rolled)
for n in range(3):
    handler.emit(logging.makeLogRecord({"msg": f"line {n}"}))
print("rolled:", handler.failure, flush=True)
"""


def test_a_fifo_log_and_fault_log_leave_the_window_to_start_without_them(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / "chipscope.log")
    os.mkfifo(home / "faults.log")
    rolled = tmp_path / "rolled.log"
    rolled.write_text("", encoding="utf-8")
    env = {**os.environ, "CHIPSCOPE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _CHILD, str(rolled)], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    out, err = result.stdout, result.stderr
    assert result.returncode == 0, err
    assert "log: NoLogFile" in out and "faults: None" in out, out
    assert f"tail: (no log at {home / 'chipscope.log'}: it is a pipe (FIFO)" in out, out
    assert f"rolled: could not write the log file {rolled} (it is a pipe (FIFO)" in out, out
    log_said = (f"the log file {home / 'chipscope.log'} is a pipe (FIFO), not a regular file, "
                "so the window opens without one; remove or rename it")
    faults_said = (f"the fault log {home / 'faults.log'} is a pipe (FIFO), not a regular file, "
                   "so a native crash's report goes to standard error")
    assert err.count(log_said) == 1 and err.count(faults_said) == 1, err
    assert err.count("could not write the log file") == 1 and "Traceback" not in err, err


def test_a_symlinked_log_file_is_still_written(tmp_path: Path) -> None:
    from chipscope.ui.log_file import LogFile, open_log

    target = tmp_path / "elsewhere.log"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "chipscope.log"
    link.symlink_to(target)
    handler = open_log(link, 1_000_000, 1)
    try:
        assert isinstance(handler, LogFile)
    finally:
        handler.close()


@pytest.mark.parametrize("target_name", ["chipscope.db", "notes.txt"])
def test_a_log_linked_to_the_database_or_a_note_is_left_alone(
        tmp_path: Path, target_name: str) -> None:
    """Pass 14 window A3: a chipscope.log linked to the database (or to the user's notes) had
    the log appended to that file."""
    import shutil

    from chipscope.ui.log_file import NoLogFile, open_log

    target = tmp_path / target_name
    if target_name.endswith(".db"):
        shutil.copy(Path(__file__).parents[2] / "data" / "chipscope.db", target)
    else:
        target.write_text("my notes\n", encoding="utf-8")
    before = target.read_bytes()
    link = tmp_path / "chipscope.log"
    link.symlink_to(target)
    handler = open_log(link, 1_000_000, 1)
    assert isinstance(handler, NoLogFile)
    assert f"a link to {target}, which is no log file" in (handler.failure or "")
    handler.handle(logging.makeLogRecord({"msg": "a line"}))
    assert target.read_bytes() == before


def test_a_hard_linked_database_is_no_log(tmp_path: Path) -> None:
    from chipscope.storage.file_causes import not_a_log

    db = tmp_path / "chipscope.db"
    db.write_bytes(b"SQLite format 3\0" + bytes(100))
    os.link(db, tmp_path / "chipscope.log")
    assert not_a_log(tmp_path / "chipscope.log") == (
        "an SQLite database (a hard link to it?), not a log file")


def test_the_report_never_reads_an_endless_log(tmp_path: Path) -> None:
    """Pass 14 window B2: a log linked to /dev/zero made Help > Report a problem read until
    memory ran out."""
    from chipscope.ui.diagnostics import log_tail

    link = tmp_path / "chipscope.log"
    link.symlink_to("/dev/zero")
    assert log_tail(link).startswith(f"(no log at {link}: it is a device, not a regular file)")
