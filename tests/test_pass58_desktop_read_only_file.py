"""Installing the menu entry again over a desktop file the user made read-only (chmod 444)
refuses in one sentence with advice that fits (make it writable, or another XDG_DATA_HOME;
not "choose another file", which the install cannot), and leaves every installed file as it
was (left untested until session 38)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from chipscope.cli import main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG menu entry")


def test_a_read_only_desktop_file_is_refused_and_kept(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 0
    desktop = next((share / "applications").glob("*.desktop"))
    desktop.chmod(0o444)
    before = {p: (p.read_bytes(), p.stat().st_mode) for p in share.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["--install-desktop-entry"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"chipscope-cli: error: Could not write ChipScope's desktop file {desktop}: it is "
        "read-only; make it writable (chmod u+w) or set XDG_DATA_HOME to another folder "
        "(nothing was installed).\n")
    after = {p: (p.read_bytes(), p.stat().st_mode) for p in share.rglob("*") if p.is_file()}
    assert after == before and not stat.S_IWUSR & desktop.stat().st_mode
