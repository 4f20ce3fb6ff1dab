"""Pass 46 F1: SIGTERM (or SIGHUP, Ctrl+C) during ``--install-desktop-entry`` says "terminated"
and takes back what the run wrote and made (no ``.cs-*.tmp``, an older entry put back), also
while a refresh tool runs (the tool and what it started are ended); during
``--remove-desktop-entry`` it says what stays.

Before, both options kept Python's default SIGTERM: exit 143 with no word, a partial menu
entry and a ``.cs-*.tmp`` left, and the refresh tool went on running on its own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import desktop_entry, files

APP_ID = desktop_entry.APP_ID

SIGNAL_AFTER_WRITES = """
import signal, sys
from chipscope.cli import main
from chipscope.storage import files
real, count = files.write_bytes, [0]
def write(*args, **kwargs):  # the signal just after the Nth file was written
    done = real(*args, **kwargs)
    count[0] += 1
    if count[0] == int(sys.argv[1]):
        signal.raise_signal(getattr(signal, sys.argv[2]))
    return done
files.write_bytes = write
sys.exit(main(["--install-desktop-entry"]))
"""

SIGNAL_IN_A_WRITE = """
import os, signal, sys
from chipscope.cli import main
real, count = os.fsync, [0]
def fsync(fd):  # the signal in the middle of a write: its temporary file is there
    real(fd)
    count[0] += 1
    if count[0] == int(sys.argv[1]):
        signal.raise_signal(signal.SIGTERM)
os.fsync = fsync
sys.exit(main(["--install-desktop-entry"]))
"""

SIGNAL_AFTER_REMOVALS = """
import pathlib, signal, sys
from chipscope.cli import main
real, count = pathlib.Path.unlink, [0]
def unlink(self, missing_ok=False):
    real(self, missing_ok)
    count[0] += 1
    if count[0] == int(sys.argv[1]):
        signal.raise_signal(signal.SIGTERM)
pathlib.Path.unlink = unlink
sys.exit(main(["--remove-desktop-entry"]))
"""


def _run(script: str, share: Path, *argv: str, path: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(share))
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True,
                          timeout=120, check=False, env=env)


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize(("signal_name", "word", "status"), [
    ("SIGTERM", "terminated", 143),
    ("SIGHUP", "hung up (the terminal or the connection closed)", 129)])
def test_a_signal_part_way_takes_back_what_the_install_wrote(
        tmp_path: Path, signal_name: str, word: str, status: int) -> None:
    share = tmp_path / "share"
    done = _run(SIGNAL_AFTER_WRITES, share, "5", signal_name)
    assert (done.returncode, done.stderr, done.stdout) == (
        status, f"chipscope-cli: error: {word}; nothing was installed: the 5 files it had "
                "written were taken back\n", "")
    assert sorted(tmp_path.rglob("*")) == []  # no file, no folder, no .cs-*.tmp


def test_sigterm_part_way_through_a_reinstall_puts_the_older_entry_back(tmp_path: Path) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/old/chipscope")
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.write_text("<svg>old</svg>\n")
    before = _snapshot(tmp_path)
    done = _run(SIGNAL_AFTER_WRITES, share, "4", "SIGTERM")
    assert done.returncode == 143
    assert done.stderr.startswith("chipscope-cli: error: terminated; nothing was installed")
    assert _snapshot(tmp_path) == before


def test_sigterm_in_the_middle_of_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    share = tmp_path / "share"
    done = _run(SIGNAL_IN_A_WRITE, share, "3")
    assert done.returncode == 143
    assert done.stderr.startswith("chipscope-cli: error: terminated; nothing was installed")
    assert sorted(tmp_path.rglob("*")) == []


def _gone(pid: int) -> bool:
    """Whether ``pid`` ended (a zombie waiting for a parent that does not reap counts)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def _stopped_by_a_refresh_tool(tool: str, script: str, share: Path, *argv: str
                               ) -> tuple[subprocess.CompletedProcess[str], bool]:
    """Runs ``script`` (as _run) with a fake refresh ``tool`` first on the PATH, in a folder
    ``bin`` beside ``share``: the tool starts a child and sends SIGTERM to ChipScope. Returns
    the run and whether the tool's child was left running (the old code left it: it is ended
    here, for the test to fail)."""
    fakebin = share.parent / "bin"
    pid_file = fakebin / "sleep.pid"
    fakebin.mkdir()
    (fakebin / tool).write_text(
        f"#!/bin/sh\nsleep 60 &\necho $! > {pid_file}\nkill -TERM $PPID\nwait\n")
    (fakebin / tool).chmod(0o755)
    done = _run(script, share, *argv, path=f"{fakebin}{os.pathsep}{os.environ.get('PATH', '')}")
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = not _gone(pid)
    if alive:
        os.kill(pid, 9)
    return done, alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and process groups")
def test_sigterm_while_a_refresh_tool_runs_ends_the_tool_and_takes_everything_back(
        tmp_path: Path) -> None:
    """The fake update-mime-database starts a child and sends SIGTERM to ChipScope."""
    share = tmp_path / "share"
    done, alive = _stopped_by_a_refresh_tool("update-mime-database", SIGNAL_AFTER_WRITES, share,
                                             "0", "SIGTERM")
    assert (done.returncode, done.stderr) == (
        143, "chipscope-cli: error: terminated; nothing was installed: the 12 files it had "
             "written were taken back\n")
    assert not share.exists()
    assert not alive, "the refresh tool's child was left running"


def test_sigterm_part_way_through_a_removal_says_what_stays(tmp_path: Path) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share)
    done = _run(SIGNAL_AFTER_REMOVALS, share, "3")
    assert (done.returncode, done.stdout) == (143, "")
    assert done.stderr == (
        f"chipscope-cli: error: terminated; the removal was not finished: 9 of ChipScope's "
        f"files stay in {share} (the menu entry was removed); run chipscope-cli "
        "--remove-desktop-entry again to remove them\n")
    again = _run(SIGNAL_AFTER_REMOVALS, share, "0")
    assert again.returncode == 0, again.stderr
    assert [p for p in share.rglob("*") if not p.is_dir()] == []  # the files said to stay


def test_ctrl_c_part_way_takes_back_what_the_install_wrote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    real, count = files.write_bytes, [0]

    def write(*args: object, **kwargs: object) -> Path:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        count[0] += 1
        if count[0] == 7:
            raise KeyboardInterrupt
        return done

    monkeypatch.setattr(files, "write_bytes", write)
    assert main(["--install-desktop-entry"]) == 130
    assert capsys.readouterr().err == (
        "chipscope-cli: error: interrupted; nothing was installed: the 7 files it had written "
        "were taken back\n")
    assert sorted(tmp_path.rglob("*")) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and process groups")
def test_sigterm_while_the_removal_refreshes_the_menus_finishes_tidying(tmp_path: Path) -> None:
    """Every file was removed when update-desktop-database got stopped: the caches of ours go
    as after a whole removal, and the tool with what it started is ended."""
    share = tmp_path / "share"
    desktop_entry.install_entry(share)
    (share / "mime" / "mime.cache").write_bytes(b"a cache update-mime-database wrote")
    done, alive = _stopped_by_a_refresh_tool("update-desktop-database", SIGNAL_AFTER_REMOVALS,
                                             share, "0")
    assert (done.returncode, done.stderr) == (
        143, f"chipscope-cli: error: terminated; ChipScope's menu entry, icons and file type had "
             f"been removed from {share} (some empty folders may stay)\n")
    assert [p for p in tmp_path.rglob("*") if p.is_file() and "bin" not in p.parts] == []
    assert not alive, "the refresh tool's child was left running"
