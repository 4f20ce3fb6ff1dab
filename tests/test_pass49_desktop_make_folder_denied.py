"""Pass 52 N2: --install-desktop-entry refused by a read-only folder it had to make a subfolder
in said "Permission denied; check that SHARE is a folder you can write", naming the wrong
folder. Now it names the folder that blocks it in the writers' words, with one ending."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply


def _install(share: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(share)}
    return subprocess.run([*SETPRIV, sys.executable, "-m", "chipscope.cli",
                           "--install-desktop-entry"], capture_output=True, text=True,
                          timeout=120, env=env)


@pytest.mark.parametrize(("blocked", "made"), [
    ("icons", "icons/hicolor"),
    ("icons/hicolor/64x64", "icons/hicolor/64x64/apps"),
    ("", "applications"),
])
def test_read_only_folder_is_named(tmp_path: Path, blocked: str, made: str) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    share = tmp_path / "U"
    folder = share / blocked
    folder.mkdir(parents=True, exist_ok=True)
    before = sorted(str(p) for p in share.rglob("*"))
    folder.chmod(0o555)
    try:
        done = _install(share)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2, done.stdout
    assert (f"Cannot make the folder {share / made} for ChipScope's menu entry: its folder "
            f"{folder} is read-only; make the folder writable or set XDG_DATA_HOME to another "
            "folder (nothing was installed).") in done.stderr
    assert "Permission denied" not in done.stderr
    assert sorted(str(p) for p in share.rglob("*")) == before
