"""Pass 40 F1: settings.ini is a link (a dotfile manager's layout) and the window's close could
not save through it: its target's disk is full or read-only, or the link leads into a folder
that does not exist. Qt writes its new copy beside the link's target, but the cause was probed
beside the link, so the close said "the system gave no reason; HOME takes new files now". The
probe now runs where Qt writes, and the line names the target and its folder. The full and
read-only disks are simulated (Qt's status; the OSError such a disk gives); the links into a
missing folder and through a file are real."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from chipscope.ui.main_window import MainWindow
from chipscope.ui.stored_settings import sync_failure

LEAD = "The window's size, layout and chart were not saved in"


def _home_link(target: Path) -> Path:
    """settings.ini in the test's home, made a link to ``target``."""
    link = Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    return link


def _kept_target(tmp_path: Path) -> Path:
    """A settings file a window wrote, on its own "disk" (a folder away from the home)."""
    target = tmp_path / "disk" / "s.ini"
    target.parent.mkdir()
    written = QSettings(str(target), QSettings.Format.IniFormat)
    written.setValue("view/chart", "Adopters")
    written.sync()
    assert written.status() == QSettings.Status.NoError and target.is_file()
    return target


def _refuse_in(folder: Path, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's sync reports AccessError; no file can be made in ``folder`` (``code``)."""
    real_open = os.open

    def refusing(name: object, *args: object, **kwargs: object) -> int:
        if os.path.dirname(str(name)) == str(folder):
            raise OSError(code, os.strerror(code), str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)
    monkeypatch.setattr(QSettings, "status", lambda _self: QSettings.Status.AccessError)


def _said(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(LEAD)]


@pytest.mark.parametrize(("code", "cause"), [
    (errno.ENOSPC, "because its disk is full; free some space on it"),
    (errno.EROFS, "because its disk is read-only; make that disk writable")])
def test_a_link_into_a_full_or_read_only_disk_names_that_disk(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, tmp_path: Path, code: int, cause: str) -> None:
    target = _kept_target(tmp_path)
    link = _home_link(target)
    window = make_window()
    _refuse_in(target.parent, code, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert _said(caplog) == [f"{LEAD} {link}: it links to {target}, and its new copy cannot be "
                             f"made in {target.parent} {cause}."]
    assert link.is_symlink() and os.readlink(link) == str(target)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_the_probe_beside_a_link_target_leaves_the_target_and_both_folders_as_they_were(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """The cause is learnt by a probe in the target's folder: the target stays byte-identical
    and no file is left in its folder or beside the link."""
    target = _kept_target(tmp_path)
    before = target.read_bytes()
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.ini").symlink_to(target)
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    _refuse_in(target.parent, code, monkeypatch)
    made: list[str] = []
    real_open = os.open  # the refusing one: every name asked for is counted

    def counting(name: object, *args: object, **kwargs: object) -> int:
        made.append(str(name))
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", counting)
    said = sync_failure(settings)
    assert said is not None and f"cannot be made in {target.parent} because its disk is" in said
    assert [os.path.dirname(m) for m in made] == [str(target.parent)]  # probed there alone
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["s.ini"]
    assert sorted(p.name for p in home.iterdir()) == ["settings.ini"]


def test_a_link_into_a_missing_folder_names_that_folder(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    """A real dangling link: Qt's sync fails (it does not make the target's folder), and the
    line says which folder is missing instead of "the system gave no reason"."""
    target = tmp_path / "gone" / "x.ini"
    link = _home_link(target)
    window = make_window()
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert window.settings is not None
    assert window.settings.status() == QSettings.Status.AccessError
    assert _said(caplog) == [
        f"{LEAD} {link}: it links to {target}, and the folder {target.parent} does not exist; "
        f"make that folder, or remove the link {link} (a new settings file is then made in "
        "its place)."]
    assert not target.parent.exists()  # the probe made no folder
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert not [p for p in os.listdir(link.parent) if ".probe-" in p]


def test_a_link_through_a_file_says_that_is_not_a_folder(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    blocker = tmp_path / "plain"
    blocker.write_text("not a folder\n")
    target = blocker / "x.ini"
    link = _home_link(target)
    window = make_window()
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert _said(caplog) == [
        f"{LEAD} {link}: it links to {target}, and {blocker} is not a folder; remove the link "
        f"{link} (a new settings file is then made in its place)."]
    assert blocker.read_text() == "not a folder\n"


def test_a_link_whose_target_folder_takes_files_now_names_that_folder(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    """Qt reports AccessError, but a test file is made beside the target now: the folder said
    to take new files is the target's, where Qt writes, not the link's."""
    target = _kept_target(tmp_path)
    link = _home_link(target)
    window = make_window()
    monkeypatch.setattr(QSettings, "status", lambda _self: QSettings.Status.AccessError)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert _said(caplog) == [
        f"{LEAD} {link}: it links to {target}, and it could not be rewritten (the system gave "
        f"no reason; {target.parent} takes new files now)."]
    assert sorted(p.name for p in target.parent.iterdir()) == ["s.ini"]


def test_a_link_with_room_where_it_points_is_saved_through(
        make_window: Callable[..., MainWindow], caplog: pytest.LogCaptureFixture,
        tmp_path: Path) -> None:
    target = _kept_target(tmp_path)
    link = _home_link(target)
    window = make_window()
    window.chart_area.set_chart(window.chart_area.chart_name())
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        window.save_settings()
    assert not _said(caplog)
    assert link.is_symlink() and "window" in target.read_text()
