"""Pass 40 in the window: a saved scenario whose ``values_json`` names a key twice (another
tool wrote it) was listed and opened with the last value without a word. Now it is left out of
the list and the compare view, named in the status bar, and the other scenarios keep working;
an autosave like it is not offered, and said why. The database stays byte-identical."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.storage import save_scenario
from chipscope.storage.autosave import save_autosave
from chipscope.ui.main_window import MainWindow

TWICE = '{"lock_in": 1, "lock_in": 2}'


def _db(window: MainWindow) -> Path:
    db = window.scenarios.working.db_path
    assert db is not None
    return Path(db)


def test_the_list_and_compare_leave_the_row_out_and_name_it(
        make_window: Callable[..., MainWindow]) -> None:
    window = make_window(show=False)
    db = _db(window)
    save_scenario(db, "Good", "", {"lock_in": 2.0})
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES ('Twice', '', ?, 0, '')", (TWICE,))
    before = db.read_bytes()
    panel = window.scenarios.panel
    panel.refresh()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"The saved scenario 'Twice' in {db} is damaged (its values_json "
                              "names 'lock_in' twice")
    assert "row 2 of the scenarios table" in message
    assert not panel.select("Twice")
    assert panel.select("Good") and panel.open_selected()
    assert window.session.assumptions["lock_in"] == 2.0
    window.scenarios.open_compare()
    assert [e.name for e in window.scenarios.working.entries() if not e.is_preset] == ["Good"]
    assert window.errors == []  # type: ignore[attr-defined]
    assert db.read_bytes() == before


def test_an_autosave_naming_a_key_twice_is_not_offered_and_said(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    db = _db(window)
    save_autosave(db, "My", "", {"lock_in": 1.2}, unsaved=True)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET values_json = ?", (TWICE,))
    before = db.read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a:
                        asked.append(text) or QMessageBox.StandardButton.Yes)
    assert not window.scenarios.offer_restore()
    assert asked == []
    assert window.statusBar().currentMessage() == (
        f"The autosave could not be read: The autosave in {db} is damaged (its values_json "
        "names 'lock_in' twice, so which value holds is unclear).")
    assert db.read_bytes() == before
