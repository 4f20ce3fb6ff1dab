"""Pass 49 F6 in the window: a saved scenario row whose values_json holds 1e-400 (written by
another program) was listed and opened as 0 without a word. Now it is left out of the list and
named in the status bar; an autosave like it is not offered, and said why. The database stays
byte-identical."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.storage.autosave import save_autosave
from chipscope.ui.main_window import MainWindow
from tests.ui.saved_rows import window_with_saved_row

WORDS = "(the value of 'lock_in' is 1e-400, too small for a number: it would read as 0)."


def test_the_list_leaves_the_row_out_and_names_it(
        make_window: Callable[..., MainWindow]) -> None:
    window, db = window_with_saved_row(make_window, "Good", "Tiny", '{"lock_in": 1e-400}')
    before = db.read_bytes()
    panel = window.scenarios.panel
    said = window.statusBar().currentMessage()
    assert said.startswith(f"The saved scenario 'Tiny' in {db} is damaged {WORDS}"), said
    assert not panel.select("Tiny")
    assert panel.select("Good") and panel.open_selected()
    assert window.session.assumptions["lock_in"] == 2.0
    assert [e.name for e in window.scenarios.working.entries() if not e.is_preset] == ["Good"]
    assert window.errors == []  # type: ignore[attr-defined]
    assert db.read_bytes() == before


def test_an_autosave_holding_one_is_not_offered_and_said(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    db = window.scenarios.working.db_path
    assert db is not None
    save_autosave(Path(db), "My", "", {"lock_in": 1.2}, unsaved=True)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET values_json = ?", ('{"lock_in": 1e-400}',))
    before = Path(db).read_bytes()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a:
                        asked.append(text) or QMessageBox.StandardButton.Yes)
    assert not window.scenarios.offer_restore()
    assert asked == []
    assert window.statusBar().currentMessage() == (
        f"The autosave could not be read: The autosave in {db} is damaged {WORDS}")
    assert Path(db).read_bytes() == before
