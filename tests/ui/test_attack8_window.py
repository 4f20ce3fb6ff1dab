"""Window findings of the eighth attack pass of issue 10 (/work/attack8w-findings.md): each
bad input or fault gives one clear message next to the action, never a traceback or a frozen
window, and nothing the user had is lost."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session


# --- B3: a window destroyed while shown ---------------------------------------------------------
def test_a_shown_window_with_its_compare_window_is_destroyed_without_errors(
        qtbot: QtBot) -> None:
    """Ctrl+C with the compare window open: the window was destroyed while shown, and its
    children, cleared at the window's ``destroyed``, still got virtual calls (headerData,
    sizeHint) while Qt tore them down: a 300-line traceback at exit. pytest-qt fails the test
    on an exception in a Qt virtual."""
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    window = MainWindow(Session(dataset), settings, db_path=db)
    window.show()
    qtbot.waitExposed(window)
    compare = window.scenarios.open_compare()
    for row in range(3):
        compare.list.item(row).setCheckState(Qt.CheckState.Checked)
    spec = window.session.specs["price_sensitivity"]
    window.session.set_value(spec.key, (spec.default + spec.hi) / 2)
    window.session.finish_edit(spec.key)
    qtbot.waitUntil(lambda w=window: not w.is_table_stale())
    assert compare.isVisible() and compare.table_model.rowCount() > 0
    destroyed: list[bool] = []
    window.destroyed.connect(lambda *_: destroyed.append(True))
    window.deleteLater()
    del window, compare
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    assert destroyed == [True]
