"""SIGTERM ends a command with one line and exit status 143, removing what it was writing:
also in the command's first moments (while modules load) and during ``data build``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SIGTERM_WHILE_A_MODULE_LOADS = """
import signal, sys
from chipscope.cli_common import exit_on_terminate
exit_on_terminate()
class Stop:  # SIGTERM while chipscope.storage.files is half imported
    def find_spec(self, name, path=None, target=None):
        if name == "chipscope.storage.file_causes":
            signal.raise_signal(signal.SIGTERM)
        return None
sys.meta_path.insert(0, Stop())
import chipscope.storage.files
print("not reached")
"""


def test_sigterm_while_the_modules_load_is_one_line_and_status_143() -> None:
    """Before: the handler imported chipscope.storage.files itself, meeting the half-imported
    module: "unexpected ImportError" (or RecursionError, or a raw traceback), exit 1."""
    done = subprocess.run([sys.executable, "-c", SIGTERM_WHILE_A_MODULE_LOADS],
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr, done.stdout) == (
        143, "chipscope-cli: error: terminated\n", "")


SIGTERM_DURING_A_BUILD = """
import signal, sys
from chipscope.cli import main
from chipscope.storage import repository
real = repository._insert_dataset
def insert(conn, dataset):  # SIGTERM in the middle of the build's transaction
    real(conn, dataset)
    signal.raise_signal(signal.SIGTERM)
repository._insert_dataset = insert
sys.exit(main(["data", "build", "--csv-dir", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_sigterm_during_data_build_leaves_no_temporary_file(tmp_path: Path,
                                                            synthetic_db: Path) -> None:
    """Before: the build's .cs-*.tmp (and its -journal) stayed beside the target."""
    folder = tmp_path / "out"
    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", SIGTERM_DURING_A_BUILD, str(tmp_path / "csv"),
                           str(folder / "new.db")], capture_output=True, text=True,
                          timeout=120, check=False)
    assert (done.returncode, done.stderr) == (143, "chipscope-cli: error: terminated\n")
    assert sorted(p.name for p in folder.iterdir()) == []


SIGHUP_DURING_A_BUILD = SIGTERM_DURING_A_BUILD.replace("signal.SIGTERM", "signal.SIGHUP")


def test_sighup_during_data_build_leaves_no_temporary_file(tmp_path: Path,
                                                           synthetic_db: Path) -> None:
    """Pass 19 D1: SIGHUP (the terminal closed, an SSH connection dropped) kept Python's
    default action: the command died at once and its .cs-*.tmp stayed beside the target."""
    folder = tmp_path / "out"
    folder.mkdir()
    done = subprocess.run([sys.executable, "-c", SIGHUP_DURING_A_BUILD, str(tmp_path / "csv"),
                           str(folder / "new.db")], capture_output=True, text=True,
                          timeout=120, check=False)
    assert (done.returncode, done.stderr) == (
        129, "chipscope-cli: error: hung up (the terminal or the connection closed)\n")
    assert sorted(p.name for p in folder.iterdir()) == []
