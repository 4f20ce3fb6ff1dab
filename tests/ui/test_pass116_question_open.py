"""Pass 116 F2-F3 and pass 115 F1: an answer is about the copy the question showed.
- F2 (data lost): Save asked "saved by another window"; while the box was open the other
  window saved again; Overwrite replaced that newer copy too (no stamp was checked). Now
  Overwrite replaces the copy asked about only, and a newer one asks again.
- F3: Save As asked "Replace it?"; a copy saved while that box was open was replaced without
  a question. Now Yes replaces the copy asked about only.
- Pass 115 F1: Overwrite after the question replaced a row another program had damaged in
  place since (left out of the list, which the question did not say). It is refused now, with
  the way out, and the row is kept."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from chipscope.storage import list_scenarios, save_scenario
from chipscope.storage.errors import SaveConflict
from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened


def _descriptions(db: object) -> dict[str, str]:
    return {r.name: r.description for r in list_scenarios(db)}  # type: ignore[arg-type]


def test_overwrite_replaces_only_the_copy_asked_about(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, panel, db = opened(make_window)
    monkeypatch.setattr(panel, "ask_name", lambda _t, _n, _d: ("Shared", "mine"))
    assert panel.save_as() is True
    save_scenario(db, "Shared", "other v1", {})
    asked: list[str] = []

    def conflict(exc: SaveConflict) -> str:
        asked.append(str(exc))
        if len(asked) == 1:  # while the box is open, the other window saves again
            save_scenario(db, "Shared", "other v2", {})
            return "overwrite"
        return "cancel"

    monkeypatch.setattr(panel, "ask_conflict", conflict)
    assert panel.save() is None                        # asked again, and cancelled
    assert len(asked) == 2
    assert _descriptions(db)["Shared"] == "other v2"


def test_overwrite_of_the_copy_asked_about_still_saves(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, panel, db = opened(make_window)
    monkeypatch.setattr(panel, "ask_name", lambda _t, _n, _d: ("Shared", "mine"))
    assert panel.save_as() is True
    save_scenario(db, "Shared", "other v1", {})
    monkeypatch.setattr(panel, "ask_conflict", lambda _e: "overwrite")
    assert panel.save() is True
    assert _descriptions(db)["Shared"] == "mine"


def test_yes_to_replace_replaces_only_the_copy_asked_about(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, panel, db = opened(make_window)
    save_scenario(db, "Target", "v1 other", {})
    panel.refresh()
    monkeypatch.setattr(panel, "ask_name", lambda _t, _n, _d: ("Target", "mine"))

    def confirm(_title: str, _text: str) -> bool:  # while the box is open, v2 is saved
        save_scenario(db, "Target", "v2 other", {})
        return True

    monkeypatch.setattr(panel, "confirm", confirm)
    conflicts: list[str] = []
    monkeypatch.setattr(panel, "ask_conflict", lambda e: conflicts.append(str(e)) or "cancel")
    assert panel.save_as() is None
    assert len(conflicts) == 1 and "Target" in conflicts[0]
    assert _descriptions(db)["Target"] == "v2 other"


def test_overwrite_never_replaces_a_row_damaged_since(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window, working, panel, db = opened(make_window)
    monkeypatch.setattr(panel, "ask_name", lambda _t, _n, _d: ("Mine", "mine"))
    assert panel.save_as() is True
    save_scenario(db, "Mine", "B's", {"lock_in": 0.2})
    with sqlite3.connect(db) as conn:                  # another program damages it in place
        conn.execute("UPDATE scenarios SET values_json = 'not json' WHERE name = 'Mine'")
        rows = sorted(conn.execute("SELECT * FROM scenarios"))
    conn.close()
    window.session.set_value("lock_in", 1.5)
    working.commit()
    monkeypatch.setattr(panel, "ask_conflict", lambda _e: "overwrite")
    errors: list[str] = []
    monkeypatch.setattr(panel, "show_error", lambda _t, message: errors.append(message))
    assert panel.save() is False
    assert len(errors) == 1 and "damaged" in errors[0] and str(db) in errors[0]
    with sqlite3.connect(db) as conn:
        assert sorted(conn.execute("SELECT * FROM scenarios")) == rows
    conn.close()
