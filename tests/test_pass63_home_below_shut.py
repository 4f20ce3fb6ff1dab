"""Pass 63 F5: CHIPSCOPE_HOME below missing folders inside a shut (000) folder got "make that
folder accessible (chmod u+x)", then, once followed, a second refusal asking for u+w: ChipScope
makes the missing folders in the shut one. Now it asks u+wx at once (pass 62 F4 did so only for
the folder directly holding the data folder), and following it the data folder is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chipscope import paths
from tests.without_dac import REPO, SETPRIV


def _run(home: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHIPSCOPE_HOME": str(home), "PYTHONPATH": str(REPO),
           "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*SETPRIV, sys.executable, "-m", "chipscope.cli", "run", "--out",
                           str(out)], capture_output=True, text=True, env=env, check=False,
                          timeout=120)


def test_a_shut_folder_above_missing_folders_is_to_be_made_writable_too(shut: Path) -> None:
    home = shut / "h" / "i"
    out = shut.parent / "y.csv"
    done = _run(home, out)
    assert done.returncode == 0, done.stderr
    assert (f"Note: Cannot use the data folder {home}: the folder {shut} cannot be entered "
            "(permission denied); make that folder accessible and writable (chmod u+wx) or "
            "choose another one (see CHIPSCOPE_HOME).") in done.stderr
    assert "(chmod u+x)" not in done.stderr
    out.unlink()
    shut.chmod(0o300)  # what the advice says: u+wx
    done = _run(home, out)
    assert done.returncode == 0, done.stderr
    assert "Cannot use the data folder" not in done.stderr, done.stderr
    shut.chmod(0o755)
    assert (home / paths.DB_FILENAME).is_file() and out.is_file()
