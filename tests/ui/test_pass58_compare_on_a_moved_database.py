"""View > Compare scenarios in a window whose database was moved away while it was open: the
compare window opens on the scenarios the window holds, compares them and refreshes its list
without an error; no database is made in the old place and the moved file is unchanged (left
untested until session 38)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session


def test_compare_works_on_a_moved_database(qtbot: QtBot, tmp_path: Path) -> None:
    dataset, db = open_user_database()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    moved = tmp_path / "moved.db"
    os.replace(db, moved)
    before = moved.read_bytes()
    compare = window.scenarios.open_compare()
    assert compare.list.count() >= 3
    for row in range(3):
        compare.list.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: compare.table_model.rowCount() > 0)
    compare.refresh_list()
    assert not db.exists() and moved.read_bytes() == before
    assert sorted(p.name for p in Path(os.environ["CHIPSCOPE_HOME"]).iterdir()
                  if p.name.startswith("chipscope.db") and p.suffix != ".lock") == []
