"""P57-F5 in the window: a path through a file (``f.csv/s.toml``) said "it is no longer there"
at the open path (meant only for a recent-files entry) and "Cannot read ... (Not a directory)."
at Import scenario and Edit data Import; all three now give the readers' words and advice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow
from chipscope.ui.recent import why_not_openable

WORDS = "f.csv is a file, not a folder; check the path"


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(show=False)


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    path = tmp_path / "f.csv"
    path.write_bytes(b"the user's file\n")
    return path


def test_open_path(window: MainWindow, blocker: Path) -> None:
    path = blocker / "s.toml"
    assert window.open_scenario_file(path) is False
    assert window.errors == [f"{path}: {blocker} is a file, not a folder; check the path."]  # type: ignore[attr-defined]
    assert blocker.read_bytes() == b"the user's file\n"


def test_a_recent_entry_below_a_file_is_no_longer_there(blocker: Path) -> None:
    assert why_not_openable(blocker / "s.toml", recent=True) == "it is no longer there"


def test_import_scenario(window: MainWindow, blocker: Path) -> None:
    path = blocker / "s.toml"
    assert window.scenarios.import_scenario(path) is False
    assert window.errors == [  # type: ignore[attr-defined]
        f"Cannot read the scenario file {path}: {blocker} is a file, not a folder; check the "
        "path."]
    assert blocker.read_bytes() == b"the user's file\n"


def test_edit_data_import(window: MainWindow, blocker: Path) -> None:
    path = blocker / "x.csv"
    dialog = open_data_dialog(window)
    assert dialog.import_file(path) is False
    assert dialog.status.text().endswith(f"{path}: {blocker} is a file, not a folder; check "
                                         "the path."), dialog.status.text()
    assert blocker.read_bytes() == b"the user's file\n"


def test_the_open_path_looks_at_the_file_once(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Review item: a folder, a missing file and a path through a file were looked at twice
    (the open path's own stat, then the readers' check)."""
    import os

    folder = tmp_path / "folder.toml"
    folder.mkdir()
    (tmp_path / "f.csv").write_bytes(b"x")
    looked: list[str] = []
    real_stat = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if kwargs.get("follow_symlinks", True):  # lstat tells a dangling link: not counted
            looked.append(os.fspath(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    for path in (folder, tmp_path / "typo.toml", tmp_path / "f.csv" / "s.toml"):
        assert why_not_openable(path) is not None
        assert looked.count(str(path)) == 1, looked
