"""Pass 45 F1-F3: ``--install-desktop-entry`` ignores a relative XDG_DATA_HOME (and refuses with
no usable HOME), names a disk with no free inodes and what is in a folder's way, and a failure
part-way takes back what the run wrote and made (files and folders), restoring an older entry.

The full disk is an fsync (or mkdir) refused with ENOSPC; no free inodes is statvfs counting no
free file left, as in tests/test_pass43_full_home.py."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from chipscope.cli import main
from chipscope.storage import desktop_entry, files
from chipscope.storage.schema import StorageError

APP_ID = desktop_entry.APP_ID


def _snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _one_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "unexpected" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


# --- F1 ---------------------------------------------------------------------------------------
def test_a_relative_xdg_data_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert main(["--install-desktop-entry"]) == 0
    out = capsys.readouterr().out
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    assert desktop.is_file() and str(desktop) in out
    assert "XDG_DATA_HOME (relative/share) was ignored" in out
    assert not any(work.iterdir())  # nothing under the current folder
    assert main(["--remove-desktop-entry"]) == 0
    assert not desktop.exists()


@pytest.mark.parametrize(("value", "said"), [("", "HOME is empty"),
                                             ("rel-home", "HOME (rel-home) is not an absolute")])
def test_no_usable_home_is_one_sentence_naming_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        value: str, said: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", value)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    with pytest.raises(StorageError, match="set HOME to your home folder"):
        desktop_entry.data_home()  # (the old code gave "/.local/share" for an empty HOME)
    if value:  # (never run the old code with an empty HOME: it wrote to /.local/share)
        assert main(["--install-desktop-entry"]) == 2
        err = _one_error(capsys)
        assert said in err and "XDG_DATA_HOME is not set" in err
        assert not any(tmp_path.iterdir())


# --- F2 ---------------------------------------------------------------------------------------
def _full_mkdir(monkeypatch: pytest.MonkeyPatch, share: Path, allowed: int,
                inodes: bool) -> None:
    """Under ``share``, mkdir makes ``allowed`` folders and then fails with ENOSPC; with
    ``inodes`` statvfs there counts files with none free (bytes free)."""
    real_mkdir, real_statvfs = Path.mkdir, os.statvfs
    count = [0]

    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        if self == share or share in self.parents:
            count[0] += 1
            if count[0] > allowed:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        real_mkdir(self, *args, **kwargs)

    def statvfs(path: Any) -> Any:
        st = real_statvfs(path)
        if not inodes or not (Path(path) == share.parent or share.parent in Path(path).parents):
            return st
        return os.statvfs_result((st.f_bsize, st.f_frsize, st.f_blocks, st.f_bfree,
                                  st.f_bavail, 1000, 0, 0, st.f_flag, st.f_namemax))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(os, "statvfs", statvfs)


@pytest.mark.parametrize("allowed", [0, 3, 9])
def test_no_free_inodes_is_named_and_no_folder_made_stays(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        allowed: int) -> None:
    share = tmp_path / "share"
    (tmp_path / "mine.txt").write_text("mine\n")
    before = _snapshot(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    _full_mkdir(monkeypatch, share, allowed, inodes=True)
    assert main(["--install-desktop-entry"]) == 2
    err = _one_error(capsys)
    assert "Cannot make the folder" in err and "no free inodes" in err
    assert "delete some files on it" in err and "nothing was installed" in err
    assert "No space left on device" not in err and "can write" not in err
    assert _snapshot(tmp_path) == before  # no empty folder left behind


def test_a_full_disk_is_named_and_folders_that_were_there_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    share = tmp_path / "share"
    (share / "applications").mkdir(parents=True)
    (share / "icons").mkdir()
    before = _snapshot(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    _full_mkdir(monkeypatch, share, 4, inodes=False)
    assert main(["--install-desktop-entry"]) == 2
    err = _one_error(capsys)
    assert "its disk is full; free some space on it" in err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", ["fifo", "file", "dangling"])
def test_something_in_a_folders_place_is_named_and_nothing_is_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    share = tmp_path / "share"
    share.mkdir()
    mime = share / "mime"
    if kind == "fifo":
        os.mkfifo(mime)
    elif kind == "file":
        mime.write_text("mine\n")
    else:
        mime.symlink_to(tmp_path / "gone")
    before = _snapshot(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 2
    err = _one_error(capsys)
    what = {"fifo": "is a pipe (FIFO), not a folder", "file": "is a file, not a folder",
            "dangling": f"is a symlink to the missing {tmp_path / 'gone'}"}[kind]
    assert f"Cannot make the folder {mime / 'packages'}" in err and f"{mime} {what}" in err
    assert "nothing was installed" in err and "File exists" not in err
    assert _snapshot(tmp_path) == before  # not even the menu entry's folder


# --- F3 ---------------------------------------------------------------------------------------
def _fsync_fails_after(monkeypatch: pytest.MonkeyPatch, allowed: int, once: bool = False
                       ) -> None:
    """The fsync of the file written after ``allowed`` ones fails (and every later one, unless
    ``once``: the roll-back's writes then get through)."""
    real = files.os.fsync
    count = [0]

    def fsync(fd: int) -> None:
        if os.path.isfile(os.readlink(f"/proc/self/fd/{fd}")):
            count[0] += 1
            if count[0] > allowed and not (once and count[0] > allowed + 1):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)


@pytest.mark.parametrize("allowed", [1, 2, 5, 11])
def test_a_full_disk_part_way_takes_back_what_the_run_wrote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        allowed: int) -> None:
    share = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    _fsync_fails_after(monkeypatch, allowed)
    assert main(["--install-desktop-entry"]) == 2
    err = _one_error(capsys)
    assert "its disk is full" in err
    taken = ("the file it had written was" if allowed == 1
             else f"the {allowed} files it had written were")
    assert f"nothing was installed: {taken} taken back" in err
    assert not share.exists()


def test_a_failed_reinstall_puts_the_older_entry_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/old/chipscope")
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.write_text("<svg>old</svg>\n")
    (share / "icons" / "hicolor" / "512x512" / "apps" / f"{APP_ID}.png").unlink()
    before = _snapshot(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    _fsync_fails_after(monkeypatch, 8, once=True)
    assert main(["--install-desktop-entry"]) == 2
    assert "the 8 files it had written were taken back" in _one_error(capsys)
    assert _snapshot(tmp_path) == before


def test_a_mime_target_linked_to_a_device_is_refused_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "mime" / "packages" / f"{APP_ID}.xml").symlink_to("/dev/full")
    before = _snapshot(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))
    assert main(["--install-desktop-entry"]) == 2
    err = _one_error(capsys)
    assert "links to a device" in err and "nothing was installed" in err
    assert _snapshot(tmp_path) == before  # no menu entry written first


def test_a_file_that_cannot_be_taken_back_is_named_with_the_way_to_remove_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    _fsync_fails_after(monkeypatch, 3)
    real_unlink = Path.unlink

    def unlink(self: Path, *args: Any, **kwargs: Any) -> None:
        if self.suffix == ".desktop":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StorageError) as caught:
        desktop_entry.install_entry(share, command="/usr/bin/chipscope")
    text = str(caught.value)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert f"undone except for 1 of the 3 files it had written, which stay: {desktop}" in text
    assert "remove them with chipscope-cli --remove-desktop-entry" in text
    assert desktop.is_file()
    assert not (share / "mime" / "packages" / f"{APP_ID}.xml").exists()


def test_an_older_file_that_cannot_be_put_back_is_named(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share"
    desktop_entry.install_entry(share, command="/old/chipscope")
    _fsync_fails_after(monkeypatch, 4)  # the full disk stays full: the put-back fails too
    with pytest.raises(StorageError) as caught:
        desktop_entry.install_entry(share, command="/new/chipscope")
    text = str(caught.value)
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert (f"which stay: {desktop} (its old contents could not be put back: No space left on "
            "device); remove them with chipscope-cli --remove-desktop-entry") in text
    assert "/new/chipscope" in desktop.read_text()  # said: the new one stays
