"""Pass 42 (observed): Duplicate of a saved scenario that cannot be opened (its saved values
name keys that are no assumptions, or a value out of its range: another program or another
version of ChipScope wrote them) silently saved a second such row. Now Duplicate refuses it
as Open does: one sentence naming the scenario, the database and the cause, shown next to
the action, no undo step, and the database byte-identical; a good row still duplicates."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.ui.main_window import MainWindow
from tests.ui.saved_rows import window_with_saved_row

ADVICE = ("; delete it in the scenario list, or repair its row in the scenarios table with an "
          "SQLite tool.")


def _saved_names(db: Path) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [n for (n,) in conn.execute("SELECT name FROM scenarios WHERE is_preset = 0 "
                                           "ORDER BY name")]


@pytest.mark.parametrize(("values_json", "cause"), [
    ('{"lock_in": 0.5, " lock_in": 0.7, "NOPE": 1}',
     "(unknown assumption ' lock_in'; did you mean lock_in?; unknown assumption 'NOPE'"),
    ('{"lock_in": 99}', "(lock_in"),
])
def test_duplicate_refuses_a_row_that_cannot_be_opened(
        make_window: Callable[..., MainWindow], values_json: str, cause: str) -> None:
    window, db = window_with_saved_row(make_window, "Good", "Beta", values_json)
    before = db.read_bytes()
    panel, working = window.scenarios.panel, window.scenarios.working
    labels = working.document.history.labels()
    assert panel.select("Beta")
    assert panel.duplicate_selected() is None
    errors: list[str] = window.errors  # type: ignore[attr-defined]
    assert len(errors) == 1
    text = errors[0]
    assert text.startswith(f"The saved scenario 'Beta' in {db} cannot be duplicated {cause}")
    assert text.endswith(ADVICE) and "\n" not in text and "lists them" not in text
    assert db.read_bytes() == before and _saved_names(db) == ["Beta", "Good"]
    assert working.document.history.labels() == labels  # no step to undo
    assert panel.select("Good") and panel.duplicate_selected() == "Good (2)"  # the others work
    assert _saved_names(db) == ["Beta", "Good", "Good (2)"]
