"""Pass 75, F3: the compare view after the window's database was moved away or replaced by a
folder told "does not exist; check the path, or make one there with `chipscope-cli data build
--out ...`" (advice to build a new, empty database where the user's had been), once for the
list and again for every ticked scenario, and left the five presets, which need no database,
out of the comparison. It now says the window's words once, and compares the presets."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chipscope.ui.main_window import MainWindow


@pytest.mark.parametrize("how", ["moved", "folder"])
def test_compare_says_the_windows_words_once_and_keeps_the_presets(
        make_window: Callable[..., MainWindow], tmp_path: Path, how: str) -> None:
    window = make_window()
    db = window.db_path
    assert db is not None
    window.scenarios.working.save_as("Mine")
    compare = window.scenarios.open_compare()
    for row in range(compare.list.count()):
        compare.list.item(row).setCheckState(Qt.CheckState.Checked)
    moved = tmp_path / "moved.db"
    os.replace(db, moved)
    before = moved.read_bytes()
    if how == "folder":
        db.mkdir()
    compare._cache.clear()
    compare.refresh_list()
    hint = compare.hint.text()
    what = ("does not exist (it was moved or deleted while this window was open)"
            if how == "moved" else "is now a folder, not the database this window was opened on")
    assert hint == (f"Saved scenarios cannot be listed: The database {db} {what}; put the file "
                    "back to compare its saved scenarios.")
    assert "data build" not in hint
    presets = [p.name for p in window.scenarios.working.presets]
    assert compare.labels == ["Mine (working)", *presets]
    assert moved.read_bytes() == before
    assert db.is_dir() if how == "folder" else not db.exists()
