"""Pass 51 F1, F4: --remove-desktop-entry said "removed" (or "nothing to remove") when a folder
on the way could not be entered, the files staying; a refused --install-desktop-entry ended in
"(nothing was written) (nothing was installed)". Now the removal refuses (exit 2) naming the
folder in the readers' words, and the install ends once, advising XDG_DATA_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.without_dac import REPO, SETPRIV, skip_unless_permission_bits_apply

DESKTOP = "io.github.chipscope.ChipScope.desktop"


def _cli(share: Path, option: str, dac: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(share)}
    return subprocess.run([*([] if dac else SETPRIV), sys.executable, "-m", "chipscope.cli",
                           option], capture_output=True, text=True, timeout=120, env=env)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("shut", ["applications", "above"])
def test_removal_refuses_a_folder_it_cannot_enter(tmp_path: Path, shut: str) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    share = tmp_path / "top" / "share"
    share.mkdir(parents=True)
    assert _cli(share, "--install-desktop-entry", dac=True).returncode == 0
    before = _files(tmp_path / "top")
    folder = share / "applications" if shut == "applications" else tmp_path / "top"
    folder.chmod(0)
    try:
        done = _cli(share, "--remove-desktop-entry")
    finally:
        folder.chmod(0o755)
    which = "its folder" if shut == "applications" else "the folder"
    # removing the entry writes in its own folder: u+wx there (pass 62 F4), u+x further up
    access = "accessible and writable (chmod u+wx)" if shut == "applications" else \
        "accessible (chmod u+x)"
    assert done.returncode == 2, done.stdout
    assert (f"Cannot remove ChipScope's menu entry {share / 'applications' / DESKTOP}: {which} "
            f"{folder} cannot be entered (permission denied); make that folder {access}, then "
            "run chipscope-cli --remove-desktop-entry again (nothing was removed).") in done.stderr
    assert "removed from" not in done.stdout + done.stderr
    assert "nothing to remove" not in done.stdout + done.stderr
    assert _files(tmp_path / "top") == before


def test_install_refusal_ends_once(tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    share = tmp_path / "D" / "sub"
    share.mkdir(parents=True)
    (tmp_path / "D").chmod(0)
    try:
        done = _cli(share, "--install-desktop-entry")
    finally:
        (tmp_path / "D").chmod(0o755)
    assert done.returncode == 2
    # the install makes the missing folders, which a shut folder hides: u+wx (pass 64 F6)
    assert (f"Cannot write the desktop file {share / 'applications' / DESKTOP}: the folder "
            f"{tmp_path / 'D'} cannot be entered (permission denied); make that folder "
            "accessible and writable (chmod u+wx) or set XDG_DATA_HOME to another folder "
            "(nothing was installed).") in done.stderr
    assert "nothing was written" not in done.stderr
    assert list(share.iterdir()) == []


def test_install_into_a_read_only_folder_ends_once(tmp_path: Path) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    apps = tmp_path / "share" / "applications"
    apps.mkdir(parents=True)
    apps.chmod(0o555)
    try:
        done = _cli(tmp_path / "share", "--install-desktop-entry")
    finally:
        apps.chmod(0o755)
    assert done.returncode == 2
    assert (f"Could not write ChipScope's desktop file {apps / DESKTOP}: its folder {apps} is "
            "read-only; make the folder writable or set XDG_DATA_HOME to another folder "
            "(nothing was installed).") in done.stderr
    assert "nothing was written" not in done.stderr
    assert [p for p in (tmp_path / "share").rglob("*") if p.is_file()] == []
