"""Pass 56 F3/F4: the window's Edit data import of a database names no --db option, and its
open path gives the readers' words and advice for a symlink loop, a dangling link, a folder
and a missing file ("no longer there" is kept for a recent-files entry)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.main_window import MainWindow


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(show=False)


def test_edit_data_import_of_a_database_gives_the_windows_advice(window: MainWindow,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    con = sqlite3.connect(path)
    con.execute("create table t (a)")
    con.commit()
    con.close()
    before = path.read_bytes()
    dialog = open_data_dialog(window)
    assert dialog.import_file(path) is False
    assert dialog.status.text().endswith(
        f"{path}: it is an SQLite database, not a CSV file (to open a database, start "
        "ChipScope with --db FILE)")
    assert path.read_bytes() == before


def test_open_path_gives_the_readers_words(window: MainWindow, tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    os.symlink(loop.name, loop)
    dangling = tmp_path / "dangling.toml"
    os.symlink("nothere.toml", dangling)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    missing = tmp_path / "typo.toml"
    for path in (loop, dangling, folder, missing):
        assert window.open_scenario_file(path) is False
    assert window.errors == [  # type: ignore[attr-defined]
        f"{loop}: it is a symlink loop; remove the link or choose another file.",
        f"{dangling}: it is a symlink to the missing nothere.toml; put the file back or "
        "choose another file.",
        f"{folder}: it is a folder, not a regular file; give a file inside it.",
        f"{missing}: there is no such file."]


def test_a_recent_entry_that_vanished_is_no_longer_there(window: MainWindow,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "gone.toml"
    window.desktop.recent.add(path)
    assert window.open_scenario_file(path) is False
    assert window.errors == [f"{path}: it is no longer there."]  # type: ignore[attr-defined]
