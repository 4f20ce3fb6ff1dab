"""Pass 13, window B1: with the accessible namer installed, Qt's static dialogs crashed the
process (SIGSEGV) as they opened: File > Import scenario and Export scenario
(QFileDialog.getOpenFileName/getSaveFileName) and the data editor's Duplicate
(QInputDialog.getText). The namer walked the children of a dialog Qt makes and deletes in C++.
It now leaves Qt's stock dialogs alone (Qt names their controls itself). Each dialog runs in
its own process: a crash is an exit status here, not the end of the test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox
from chipscope.ui import accessibility
from chipscope.ui.app import ensure_app

app = ensure_app()
accessibility.install(app)
seen = []

def close():
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and hasattr(widget, "reject"):
            seen.append(type(widget).__name__)
            widget.reject()

QTimer.singleShot(600, close)
which = sys.argv[1]
if which == "open":
    QFileDialog.getOpenFileName(None, "Import scenario", sys.argv[2], "TOML (*.toml)")
elif which == "save":
    QFileDialog.getSaveFileName(None, "Export", sys.argv[2] + "/x.png", "PNG (*.png)")
elif which == "text":
    QInputDialog.getText(None, "Duplicate", "New id:", text="x_copy")
else:
    QMessageBox.question(None, "Replace?", "Replace it?")
print("closed", seen)
"""


@pytest.mark.parametrize("which", ["open", "save", "text", "question"])
def test_qts_stock_dialogs_open_and_close_with_the_namer(tmp_path: Path, which: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHIPSCOPE_HOME=str(tmp_path),
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    for _run in range(2):  # it crashed every time; twice rules out a lucky run
        proc = subprocess.run([sys.executable, "-c", SCRIPT, which, str(tmp_path)],
                              capture_output=True, text=True, env=env, timeout=120,
                              check=False)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "closed ['Q" in proc.stdout  # the dialog was shown, then closed


def test_stock_dialogs_are_left_to_qt_and_own_ones_named(qtbot: object) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QVBoxLayout

    from chipscope.ui.accessibility import _in_qt_dialog, name_tree

    stock = QFileDialog(None, "t")
    stock.setOption(QFileDialog.Option.DontUseNativeDialog)
    field = stock.findChild(QLineEdit)
    assert field is not None and _in_qt_dialog(field)
    own = QDialog()
    edit = QLineEdit(own)
    edit.setPlaceholderText("Scenario name")
    QVBoxLayout(own).addWidget(edit)
    name_tree(own)
    assert not _in_qt_dialog(edit) and edit.accessibleName() == "Scenario name"
    stock.deleteLater()
    own.deleteLater()
