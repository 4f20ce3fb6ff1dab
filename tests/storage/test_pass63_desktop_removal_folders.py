"""Pass 63 F6: --remove-desktop-entry removed every empty folder up to and including
XDG_DATA_HOME, whoever made it: the user's own empty applications/ and icons/ and the data
folder itself were gone. The install now records the folders it made (in its desktop file) and
the removal takes back only those, never XDG_DATA_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import desktop_entry

APP_ID = "io.github.chipscope.ChipScope"


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_folders_the_user_had_before_the_install_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    share = tmp_path / "xdg4"
    (share / "icons").mkdir(parents=True)
    (share / "applications").mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 0
    assert (share / "applications" / f"{APP_ID}.desktop").is_file()
    assert main(["--remove-desktop-entry"]) == 0
    assert "removed from" in capsys.readouterr().out
    assert _tree(share) == ["applications", "icons"]


def test_an_empty_xdg_data_home_is_never_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "empty"
    share.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 0
    assert main(["--remove-desktop-entry"]) == 0
    assert share.is_dir() and _tree(share) == []


def test_the_folders_the_install_made_are_removed_also_after_a_reinstall(tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "mine").mkdir(parents=True)
    desktop_entry.install_entry(share)
    desktop_entry.install_entry(share)  # made nothing new: the first run's record is kept
    assert "removed from" in desktop_entry.remove_entry(share)
    assert _tree(share) == ["mine"]
