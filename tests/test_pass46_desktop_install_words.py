"""Pass 46 F2, F4: ``--install-desktop-entry``'s refusals name a read-only disk in words ("its
disk is read-only", not the raw "Read-only file system"), name the setting at fault (HOME or
XDG_DATA_HOME) and only advise to set it when what is in the way is the setting's own value or
above it (never "move it away" for /dev/null or /etc/passwd), and call /proc and /sys "a
system file system" instead of the raw errno text."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from chipscope.cli import main

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, /sys")


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


# --- F4 ---------------------------------------------------------------------------------------
@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_given_as_home_asks_to_set_home(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", "/dev/null")
    assert _refusal(capsys) == (
        "chipscope-cli: error: Cannot make the folder /dev/null/.local/share/applications for "
        "ChipScope's menu entry: /dev/null is a device, not a folder; set HOME to a folder you "
        "can write (nothing was installed).\n")


def test_a_file_given_as_home_asks_to_set_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "hostname"
    home.write_text("box\n")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    err = _refusal(capsys)
    assert err.endswith(f": {home} is a file, not a folder; set HOME to a folder you can write "
                        "(nothing was installed).\n")
    assert "move it away" not in err and "XDG_DATA_HOME" not in err
    assert home.read_text() == "box\n"


def test_a_file_above_xdg_data_home_asks_to_set_it(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0\n")
    monkeypatch.setenv("XDG_DATA_HOME", str(passwd / "share"))
    assert _refusal(capsys) == (
        f"chipscope-cli: error: Cannot make the folder {passwd}/share/applications for "
        f"ChipScope's menu entry: {passwd} is a file, not a folder; set XDG_DATA_HOME to a "
        "folder you can write (nothing was installed).\n")


def test_a_file_inside_home_may_still_be_moved_away(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """~/.local is the user's own and below HOME: moving it is fitting advice, as before."""
    (tmp_path / ".local").write_text("")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    err = _refusal(capsys)
    assert f"{tmp_path}/.local is a file, not a folder; move it away" in err


@linux_only
@pytest.mark.parametrize(("setting", "value", "named"), [
    ("XDG_DATA_HOME", "/proc/self/share", "/proc/self"),
    ("XDG_DATA_HOME", "/sys/share", "/sys"),
    ("HOME", "/proc", "/proc")])
def test_a_system_file_system_is_named(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str], setting: str,
                                       value: str, named: str) -> None:
    if not os.path.isdir(named) or os.path.lexists(f"{named}/share"):
        pytest.skip(f"{named} is not as expected here")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv(setting, value)
    err = _refusal(capsys)
    assert f": {named} belongs to a system file system such as /proc or /sys, which takes no " \
           f"new folders; set {setting} to a folder you can write (nothing was installed).\n" in err
