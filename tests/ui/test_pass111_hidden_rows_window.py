"""Pass 111 in the window (see tests/storage/test_pass111_hidden_rows.py): a row another program
wrote under "Mine (2)" with values that are not JSON is left out of the list; Save As (its
suggested name) and Duplicate keep it and take "Mine (3)". Delete, then another program writes a
damaged "Mine": Undo puts the copy back as "Mine (restored)". The changes of a listed row named
with a control character are autosaved and come back after a crash."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow
from tests.raw_scenarios import raw_row
from tests.ui.marks_window import opened


def _rows(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT name, values_json FROM scenarios"))
    conn.close()
    return rows


@pytest.mark.parametrize("how", ["save_as", "duplicate"])
def test_a_damaged_hidden_row_keeps_its_name(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        how: str) -> None:
    window, working, panel, db = opened(make_window)
    window.session.set_value("lock_in", 1.4)
    working.commit()
    working.save_as("Mine")
    raw_row(db, "Mine (2)", "not json")                     # another program's row, not listed
    working.document.scenarios_changed.emit()
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_name", lambda _t, name, d: asked.append(f"name:{name}")
                        or (name, d or ""))
    monkeypatch.setattr(panel, "ask_conflict", lambda e: asked.append("conflict") or "cancel")
    if how == "save_as":
        panel.save_as()                                  # the suggested name, OK
        assert asked == ["name:Mine (3)"]
    else:
        assert working.duplicate("Mine") == "Mine (3)"
    assert _rows(db)["Mine (2)"] == "not json"           # before: replaced, nothing asked
    assert json.loads(_rows(db)["Mine (3)"]) == {"lock_in": 1.4}


def test_undo_of_a_delete_after_a_damaged_row_took_the_name(
        make_window: Callable[..., MainWindow]) -> None:
    window, working, _, db = opened(make_window)
    window.session.set_value("lock_in", 1.4)
    working.commit()
    working.save_as("Mine")
    working.delete("Mine")
    raw_row(db, "Mine", "not json")
    working.document.scenarios_changed.emit()
    messages: list[str] = []
    working.message_changed.connect(messages.append)
    assert working.undo()                                # before: refused every time
    assert any("Mine (restored)" in m for m in messages)
    assert _rows(db)["Mine"] == "not json"
    assert json.loads(_rows(db)["Mine (restored)"]) == {"lock_in": 1.4}


@pytest.mark.parametrize("name", ["Bell\x07", "Zero\u200bwidth", "L" * 205])
def test_changes_of_a_row_named_as_no_scenario_may_be_survive_a_crash(
        make_window: Callable[..., MainWindow], name: str) -> None:
    window, working, _, db = opened(make_window)
    raw_row(db, name, '{"lock_in": 0.7}')
    working.document.scenarios_changed.emit()
    working.open(name)
    window.session.set_value("lock_in", 1.3)
    working.commit()
    working.autosave_timer.stop()
    working.autosave_now()                               # before: "Autosave failed: name: ..."
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.3}
    working.restore(record)                              # the next start
    assert window.session.assumptions["lock_in"] == 1.3
    assert working.source == "new" and working.name != name
