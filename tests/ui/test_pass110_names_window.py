"""Pass 110 F2 in the window (see tests/storage/test_pass110_names.py): Delete of a row another
program saved under a name ChipScope cannot save back says why and how to go on, next to the
action, and deletes nothing (its undo could not have put the copy back)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from chipscope.ui.main_window import MainWindow
from tests.ui.marks_window import opened


def test_f2_delete_of_a_row_named_with_a_control_character_is_refused(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    _, working, panel, db = opened(make_window)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES ('Bell\x07', 'raw', '{\"lock_in\": 0.7}', 0, "
                     "'2026-01-01T00:00:00+00:00')")
    conn.close()
    working.document.scenarios_changed.emit()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(panel, "show_error", lambda title, text: shown.append((title, text)))
    monkeypatch.setattr(panel, "confirm", lambda *_: True)
    assert panel.select("Bell\x07")
    panel.delete_selected()
    assert len(shown) == 1 and shown[0][0] == "Cannot delete the scenario"
    assert "cannot be deleted here" in shown[0][1] and "rename it first" in shown[0][1]
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM scenarios")] == ["Bell\x07"]
    conn.close()
    assert not working.document.history.can_undo()
