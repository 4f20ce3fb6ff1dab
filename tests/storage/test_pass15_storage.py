"""Pass 15 (storage rules the window and the CLI share): regression tests (/work/pass15-win.md)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from chipscope.storage.errors import is_read_only
from chipscope.storage.file_causes import not_a_log


def _immutable(folder: Path) -> bool:
    """Make ``folder`` immutable (root's chattr +i); False where that cannot be done."""
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def test_a_database_linked_into_a_read_only_folder_is_read_only(tmp_path: Path) -> None:
    """D3: a database reached through a symlink whose real folder cannot be written was not
    marked read-only (the link's folder was asked), and saves failed in SQLite's words."""
    real, other = tmp_path / "real", tmp_path / "other"
    real.mkdir()
    other.mkdir()
    (real / "data.db").write_bytes(b"")
    link = other / "mine.db"
    link.symlink_to(real / "data.db")
    if os.geteuid() != 0:
        real.chmod(0o555)
    elif not _immutable(real):
        pytest.skip("no chattr here to make a folder read-only as root")
    try:
        assert is_read_only(real / "data.db")
        assert is_read_only(link)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(real)], check=False)
        real.chmod(0o755)


@pytest.mark.parametrize(("name", "refused"), [
    ("meeting.log.txt", True), ("catalog.log.bak", True), ("x.log.csv", True),
    ("notes.txt", True), ("CHIPSCOPE.LOG", False), ("other.log", False),
    ("chipscope.log.1", False), ("chipscope.log.12", False)])
def test_a_log_link_is_taken_only_to_a_log_or_a_rotated_log(
        tmp_path: Path, name: str, refused: bool) -> None:
    """A3/E1: the ".log." rule let meeting.log.txt be appended to; ``CHIPSCOPE.LOG`` was
    refused (the suffix was compared case-sensitively)."""
    target = tmp_path / name
    target.write_text("my notes\n", encoding="utf-8")
    link = tmp_path / "chipscope.log"
    link.symlink_to(target)
    said = not_a_log(link)
    assert (said == f"a link to {target}, which is no log file") if refused else said is None
