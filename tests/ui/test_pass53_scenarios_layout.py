"""P53-F7: the window's scenario list named a scenarios table of another layout without advice
("Cannot list the saved scenarios: The scenarios table of the database ... has another layout
than ChipScope's (no such column: is_preset)."); it now gives the autosave's advice for the
same cause (one constant, storage.schema.REBUILD_TABLE_ADVICE), never "rebuild it"."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing

import pytest
from PySide6.QtWidgets import QMessageBox

from chipscope.storage import open_user_database
from chipscope.storage.scenarios import save_scenario
from chipscope.storage.schema import REBUILD_TABLE_ADVICE


def test_scenario_list_of_another_layout_gives_the_autosaves_advice(
        make_window: Callable[..., object], monkeypatch: pytest.MonkeyPatch) -> None:
    boxes: list[str] = []  # the window's first list, made before make_window records errors
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a, **_k:
                        boxes.append(text) or QMessageBox.StandardButton.Ok)
    _dataset, db = open_user_database()
    save_scenario(db, "Mine", "", {})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("ALTER TABLE scenarios DROP COLUMN is_preset")
    before = db.read_bytes()
    win = make_window()
    said = (f"The scenarios table of the database {db} has another layout than ChipScope's "
            "(no such column: is_preset); rebuild the table with ChipScope's layout with an "
            "SQLite tool or restore a copy.")
    assert boxes == [said]  # the box at the window's start
    win.scenarios.panel.refresh()  # type: ignore[attr-defined]
    assert win.errors == [said]  # type: ignore[attr-defined]
    assert REBUILD_TABLE_ADVICE in said and "rebuild it" not in said
    assert db.read_bytes() == before
