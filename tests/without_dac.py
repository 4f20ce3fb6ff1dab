"""The CLI run under real permission bits: without the capabilities that let root ignore them
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped by ``setpriv``), for the tests of what a folder's
mode makes ChipScope say (one helper for all of them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SETPRIV = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
           "--inh-caps=-dac_override,-dac_read_search"]
"""Runs a command without the capabilities that let root ignore permission bits."""

REPO = Path(__file__).resolve().parents[1]
"""The checkout these tests belong to: its ``chipscope`` is the one the CLI runs."""

_PROBE = """
import os, sys
for attempt in (lambda: os.lstat(sys.argv[1]), lambda: open(sys.argv[2], "w")):
    try:
        attempt()
    except PermissionError:
        continue
    sys.exit("permission bits do not apply")
print("refused")
"""


def permission_bits_apply(folder: Path) -> bool:
    """Whether setpriv runs here and, under it, a folder of mode 000 cannot be entered and a
    folder of mode 555 takes no new file (probed in ``folder``, which keeps a ``probe``)."""
    if shutil.which("setpriv") is None:
        return False
    shut, read_only = folder / "probe" / "shut", folder / "probe" / "read_only"
    shut.mkdir(parents=True)
    read_only.mkdir()
    (shut / "f").write_text("x")
    shut.chmod(0)
    read_only.chmod(0o555)
    try:
        done = subprocess.run([*SETPRIV, sys.executable, "-c", _PROBE, str(shut / "f"),
                               str(read_only / "f")],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shut.chmod(0o700)
        read_only.chmod(0o755)
    return done.returncode == 0 and done.stdout.strip() == "refused"


def skip_unless_permission_bits_apply(folder: Path) -> None:
    """Skip the test where root would ignore the bits it sets (see permission_bits_apply)."""
    if not permission_bits_apply(folder):
        pytest.skip("setpriv cannot drop CAP_DAC_OVERRIDE here (permission bits do not apply)")


def cli_without_dac(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m chipscope.cli args`` run in ``cwd`` without those capabilities (this
    checkout's chipscope, Qt offscreen), its output collected."""
    return subprocess.run(
        [*SETPRIV, sys.executable, "-m", "chipscope.cli", *args],
        capture_output=True, text=True, timeout=300, cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"})
