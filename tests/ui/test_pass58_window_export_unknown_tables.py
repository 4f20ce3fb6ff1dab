"""The Edit data dialog's Export with no data edits names a table ChipScope does not know
(a renamed user_edits table keeps the edits), as `data export-edits` does (pass 56 F6's
window side)."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database
from chipscope.ui.data_edit.dialog import open_data_dialog
from chipscope.ui.data_edit.files import export_edits_file
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session


def _window(qtbot: QtBot) -> tuple[MainWindow, Path]:
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(window)
    return window, db


def test_export_with_no_edits_names_a_table_chipscope_does_not_know(qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    window, db = _window(qtbot)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE ue_old (table_name TEXT, row_key TEXT)")
        conn.execute("INSERT INTO ue_old VALUES ('deals', 'd1')")
    before = db.read_bytes()
    dialog = open_data_dialog(window)
    out = tmp_path / "e.csv"
    assert export_edits_file(dialog, out) is False
    assert dialog.status.text() == ("No data edits to export; the database also holds a table "
                                    "'ue_old' (1 row) that ChipScope does not know")
    assert not out.exists() and db.read_bytes() == before
    dialog.close()


def test_export_with_no_edits_and_no_other_table_says_only_that(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    window, _ = _window(qtbot)
    dialog = open_data_dialog(window)
    assert export_edits_file(dialog, tmp_path / "e.csv") is False
    assert dialog.status.text() == "No data edits to export"
    dialog.close()
