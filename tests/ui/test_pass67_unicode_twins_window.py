"""Pass 67 F1 in the window: two saved rows named "Caf\u00e9" in different Unicode forms are
not listed (one would open as the other, and Save > Overwrite deleted the other); the
status bar says why, and a Save as that name is refused next to the action with nothing
deleted."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

import pytest

from chipscope.ui.main_window import MainWindow

NFC, NFD = "Caf\u00e9", "Cafe\u0301"


def test_twin_rows_are_named_and_never_deleted(make_window: Callable[..., MainWindow],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    win = make_window(show=False)
    db = win.scenarios.working.db_path
    with sqlite3.connect(db) as conn:
        for name, description, value in ((NFC, "nfc one", 1.1), (NFD, "nfd one", 2.2)):
            conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                         "updated_at) VALUES (?, ?, ?, 0, '2026-01-01T00:00:00+00:00')",
                         (name, description, json.dumps({"lock_in": value})))
    before = list(sqlite3.connect(db).execute("SELECT * FROM scenarios ORDER BY rowid"))
    panel = win.scenarios.panel
    panel.refresh()
    assert [it.text(0) for it in panel.rows() if it.text(0) == NFC] == []
    twins = (f"2 saved scenarios in {db} are named '{NFC}' (written in different Unicode "
             "forms or with spaces around the name), so {doing}; rename or delete one of them "
             "in the scenarios table with an SQLite tool.")
    shown = win.statusBar().currentMessage()
    assert shown == twins.format(doing="they are left out of the scenario list"), shown
    monkeypatch.setattr(panel, "ask_name", lambda *_: (NFD, "mine"))
    monkeypatch.setattr(panel, "confirm", lambda *_: True)
    monkeypatch.setattr(panel, "ask_conflict", lambda _e: "overwrite")
    win.scenarios.working.session.set_value("lock_in", 3.3)
    win.scenarios.working.session.finish_edit("lock_in")
    assert panel.save_as() is False
    assert win.errors == [
        twins.format(doing="ChipScope cannot tell which one to replace and nothing was saved")]
    assert list(sqlite3.connect(db).execute("SELECT * FROM scenarios ORDER BY rowid")) == before
