"""m21: ``--remove-desktop-entry`` refusals advised "let it be removed (a writable disk and
folder)" whatever the cause - also for an immutable file (chattr +i) and a busy one (EBUSY, a
mount point) - and nested brackets ("(it is immutable (chattr +i))"). Now the advice fits the
cause, and no bracket holds another."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import desktop_entry
from chipscope.storage.schema import StorageError

APP_ID = desktop_entry.APP_ID


def _refuse(monkeypatch: pytest.MonkeyPatch, code: int, names: tuple[str, ...] = ()) -> None:
    real = Path.unlink

    def refused(self: Path, *args: object, **kwargs: object) -> None:
        if not names or self.name in names:
            raise OSError(code, os.strerror(code), str(self))
        real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refused)


def _nested(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth > 1:
            return True
    return False


def _refusal(share: Path) -> str:
    with pytest.raises(StorageError) as caught:
        desktop_entry.remove_entry(share)
    return str(caught.value)


@pytest.mark.parametrize(("code", "cause", "advice"), [
    (errno.EBUSY, "it is busy: a mount point or in use",
     "unmount what is mounted on the file or close the program using it"),
    (errno.EROFS, "its disk is read-only", "remount the disk read-write"),
])
def test_the_advice_fits_a_busy_file_and_a_read_only_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, cause: str,
        advice: str) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/usr/bin/chipscope")
    _refuse(monkeypatch, code)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert _refusal(share) == (
        f"Cannot remove ChipScope's menu entry {desktop}: {cause}; {advice}, then run "
        "chipscope-cli --remove-desktop-entry again (nothing was removed).")
    assert desktop.is_file()


def test_an_immutable_icon_left_is_told_to_clear_the_attribute(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/usr/bin/chipscope")
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    _refuse(monkeypatch, errno.EPERM, (svg.name,))  # as the system refuses an immutable file
    monkeypatch.setattr(desktop_entry, "attribute_letter",
                        lambda path, folder=False: "i" if path == svg else None)
    text = _refusal(share)
    assert f"{svg} (it is marked immutable by chattr +i)" in text
    assert "clear the immutable attribute with chattr -i, then run" in text
    assert "writable disk" not in text and not _nested(text)


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def test_a_real_immutable_menu_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["--install-desktop-entry"]) == 0
    capsys.readouterr()
    desktop = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    if not _chattr("+i", desktop):
        pytest.skip("chattr +i is not possible here (not root, or no attributes)")
    try:
        assert main(["--remove-desktop-entry"]) == 2
        err = capsys.readouterr().err
    finally:
        _chattr("-i", desktop)
    assert (f"{desktop}: it is marked immutable by chattr +i; clear the immutable attribute "
            "with chattr -i, then run chipscope-cli --remove-desktop-entry again") in err
    assert "writable disk" not in err and not _nested(err)
    assert desktop.is_file()
    assert main(["--remove-desktop-entry"]) == 0  # the advice followed: it works
