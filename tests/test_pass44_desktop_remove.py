"""Pass 44 F1: ``--remove-desktop-entry`` on a disk or folder that refuses removals ends in one
sentence naming the file and cause (exit 2), not "unexpected OSError" (exit 1); files stay."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import desktop_entry
from chipscope.storage.schema import StorageError

APP_ID = desktop_entry.APP_ID


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _refuse(monkeypatch: pytest.MonkeyPatch, code: int, names: tuple[str, ...] = (),
            method: str = "unlink") -> None:
    """Make Path.<method> raise ``code`` (for every path, or those whose name is in names)."""
    real = getattr(Path, method)

    def refused(self: Path, *args: object, **kwargs: object) -> None:
        if not names or self.name in names:
            raise OSError(code, os.strerror(code), str(self))
        real(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refused)


@pytest.mark.parametrize(("code", "cause"), [(errno.EROFS, "its disk is read-only"),
                                             (errno.EPERM, "Operation not permitted"),
                                             (errno.EBUSY, "busy")])
def test_a_refused_removal_is_one_sentence_exit_2_and_nothing_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        code: int, cause: str) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["--install-desktop-entry"]) == 0
    capsys.readouterr()
    before = _snapshot(tmp_path)
    _refuse(monkeypatch, code)
    assert main(["--remove-desktop-entry"]) == 2
    err = capsys.readouterr().err
    desktop = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    assert f"Cannot remove ChipScope's menu entry {desktop}:" in err
    assert cause in err and "nothing was removed" in err
    assert "unexpected" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _snapshot(tmp_path) == before


def test_an_icon_that_stays_is_named_and_the_entry_removal_is_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/usr/bin/chipscope")
    _refuse(monkeypatch, errno.EPERM, (f"{APP_ID}.svg",))
    with pytest.raises(StorageError) as caught:
        desktop_entry.remove_entry(share)
    text = str(caught.value)
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert "the menu entry among them" in text and str(svg) in text
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
    assert svg.is_file()


def test_an_empty_folder_that_stays_is_a_note_not_a_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/usr/bin/chipscope")
    _refuse(monkeypatch, errno.EROFS, ("applications",), method="rmdir")
    message = desktop_entry.remove_entry(share)
    assert "removed from" in message and "kept" in message
    assert f"{share / 'applications'} (its disk is read-only)" in message
    assert not (share / "applications" / f"{APP_ID}.desktop").exists()
