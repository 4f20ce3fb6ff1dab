"""Pass 108 F1-F2 in the window (see tests/storage/test_pass108_spaced_names.py): a saved row
whose stored name has a space around it (another program wrote it) is listed, opened and saved
as its clean name, live and after a crash; beside a plain row of that name, neither is listed."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened, save_asks, stored


def _raw(db: Path, name: str, value: float, stamp: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, 'old', ?, 0, ?)",
                     (name, json.dumps({"lock_in": value}), stamp))
    conn.close()


@pytest.mark.parametrize("crash", [False, True])
def test_f1_open_change_and_save_a_spaced_row_asks_nothing(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        crash: bool) -> None:
    window, working, panel, db = opened(make_window)
    _raw(db, " Mine", 1.5, "2026-01-01T00:00:00+00:00")
    working.document.scenarios_changed.emit()
    assert [it.text(0) for it in panel.rows() if "Mine" in it.text(0)] == ["Mine"]
    assert panel.select("Mine") and panel.open_selected()
    assert (working.name, working.source) == ("Mine", "saved")
    window.session.set_value("lock_in", 2.5)
    working.commit()
    assert save_asks(working, panel, monkeypatch, crash) == []  # before: "deleted or renamed"
    assert stored(db) == {"Mine": {"lock_in": 2.5}}
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM scenarios")] == ["Mine"]
    conn.close()


def test_f2_a_spaced_and_a_plain_row_are_not_listed(
        make_window: Callable[..., MainWindow]) -> None:
    window, working, panel, db = opened(make_window)
    _raw(db, " Mine", 1.5, "2026-01-01T00:00:00+00:00")
    _raw(db, "Mine", 2.5, "2026-01-02T00:00:00+00:00")
    working.document.scenarios_changed.emit()
    assert [it.text(0) for it in panel.rows() if "Mine" in it.text(0)] == []
    assert not panel.select("Mine")             # before: it opened and deleted " Mine"
    assert "spaces around the name" in window.statusBar().currentMessage()
    with sqlite3.connect(db) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT name FROM scenarios")) == [" Mine",
                                                                                 "Mine"]
    conn.close()
