"""Pass 46 F2: ``--install-desktop-entry``'s refusals name a read-only disk in words ("its
disk is read-only", not the raw "Read-only file system")."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from chipscope.cli import main


def _refusal(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--install-desktop-entry"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err


# --- F2 ---------------------------------------------------------------------------------------
def test_a_read_only_disk_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    assert _refusal(capsys) == (
        f"chipscope-cli: error: Cannot make the folder {share} for ChipScope's menu entry: its "
        "disk is read-only; make that disk writable or set XDG_DATA_HOME to a folder on another "
        "disk (nothing was installed).\n")
    assert sorted(tmp_path.iterdir()) == []
