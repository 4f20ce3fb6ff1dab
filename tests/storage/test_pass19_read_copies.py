"""Pass 19 (E1): a read killed outright (SIGKILL) during its private copy left its
``chipscope-read-…`` folder, a full copy of the database, in the temporary folder for ever.
The folders of reads whose process is gone are now removed at the start of the window and at
the end of each command that used a database; a live process's are never touched."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from chipscope import cli
from chipscope.storage import temporaries
from chipscope.storage.temporaries import READ_COPY_PREFIX, read_copy_prefix, remove_stale_reads
from tests.other_program import other_program

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process ids looked up with kill(0)")

_READ = """
import os, sys, tempfile
from chipscope.storage.temporaries import read_copy_prefix
folder = tempfile.mkdtemp(prefix=read_copy_prefix(), dir=sys.argv[1])
open(os.path.join(folder, "copy.db"), "wb").write(b"SQLite format 3\\0" + bytes(4000))
print(folder if sys.argv[2] == "killed" else "copying", flush=True)
if sys.argv[2] == "killed":
    os.kill(os.getpid(), 9)
sys.stdin.readline()
"""


def _killed_read(folder: Path) -> Path:
    """The folder a read killed with SIGKILL during its copy left in ``folder``."""
    done = subprocess.run([sys.executable, "-c", _READ, str(folder), "killed"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == -9
    return Path(done.stdout.strip())


def test_only_the_copies_of_reads_whose_process_is_gone_are_removed(tmp_path: Path) -> None:
    left = _killed_read(tmp_path)
    own = Path(tempfile.mkdtemp(prefix=read_copy_prefix(), dir=tmp_path))
    unnamed = Path(tempfile.mkdtemp(prefix=READ_COPY_PREFIX, dir=tmp_path))  # no process id
    other = tmp_path / "chipscope-read-notes"
    other.mkdir()
    with other_program(_READ, str(tmp_path), "live", ready="copying") as live:
        assert left.exists()
        assert remove_stale_reads(tmp_path) == [left]
        alive = [p.name for p in tmp_path.iterdir()
                 if p.name.startswith(f"{READ_COPY_PREFIX}{live.pid}-")]
        assert len(alive) == 1  # another live process's read: kept
    assert not left.exists() and own.exists() and unnamed.exists() and other.exists()


def test_a_command_that_read_a_database_sweeps_them_once(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(temporaries, "_swept", False)
    left = _killed_read(tmp_path)
    assert cli.main(["--db", str(db), "data", "check"]) == 0
    assert not left.exists()
    again = _killed_read(tmp_path)
    assert cli.main(["--db", str(db), "data", "check"]) == 0
    assert again.exists()  # once per process: the next start removes it


def test_the_window_start_sweeps_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.storage import open_user_database

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(temporaries, "_swept", False)
    left = _killed_read(tmp_path / "tmp")
    open_user_database()
    assert not left.exists()
