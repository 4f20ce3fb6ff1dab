"""Pass 46 F3 in the window: a database whose name (248-255 bytes) leaves no room for SQLite's
"-journal" beside it opened as writable, Save as failed with "could not be written (unable to
open database file)", and the log said its ".lock" could not be made because "the folder
refuses it". Now the window opens it read-only and says why (the name's length, the limit,
a shorter name), and Save as says the same (the lock note: tests/test_pass46_long_names.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.storage import open_user_database
from chipscope.ui.session import Session

CAUSE = ("its file name is too long (253 bytes; SQLite needs room for its \"-journal\" file "
         "beside it: at most 247 bytes); give it a shorter name")


def test_a_long_named_database_opens_read_only_and_says_why(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMainWindow

    from chipscope.ui.scenarios.actions import ScenarioActions

    _dataset, store = open_user_database()
    db = tmp_path / ("f" * 250 + ".db")
    shutil.copyfile(store, db)
    before = db.read_bytes()
    dataset, opened = open_user_database(db)  # read as it is
    assert opened == db
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ScenarioActions(window, Session(dataset), db)
    try:
        assert not actions.working.writable
        assert actions.read_only_label is not None
        assert CAUSE in actions.read_only_label.toolTip()
        errors: list[str] = []
        monkeypatch.setattr(actions.panel, "show_error", lambda _t, text: errors.append(text))
        monkeypatch.setattr(actions.panel, "ask_name", lambda *_: ("p46 test", ""))
        assert not actions.panel.save_as()
        assert CAUSE in errors[-1] and "unable to open" not in errors[-1], errors
    finally:
        actions.working.release_autosave_lock()
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [db.name]
