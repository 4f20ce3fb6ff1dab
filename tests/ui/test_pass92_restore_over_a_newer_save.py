"""Pass 92 F1-F2: after a crash, the restored autosave was shown as unsaved changes of the saved
scenario of its name, with that scenario's current stamp: Save overwrote a save another window
or program made after the autosave (window B's "Mine" = 1.7 under A's restored 1.4; B's new
"Untitled" under A's untitled values) without a question. A saved copy newer than the autosave
now makes Save ask, as a live window does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import SaveConflict, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow


def _autosaved_earlier(db: Path) -> None:
    """The autosave was written a while ago (the saves below are later, to the second)."""
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET saved_at = '2026-01-01T00:00:00+00:00'")


@pytest.mark.parametrize("case", ["saved", "untitled", "not_newer"])
def test_a_restore_never_overwrites_a_newer_save_without_asking(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        case: str) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None and working.owns_autosave
    name = "Untitled" if case == "untitled" else "Mine"
    if case != "untitled":
        window.session.set_value("lock_in", 1.3)
        monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
        assert panel.save_as() is True
    window.session.set_value("lock_in", 1.4)
    assert working.autosave_now() is None
    working.autosave_timer.stop()
    if case != "not_newer":
        _autosaved_earlier(db)
        save_scenario(db, name, "", {"lock_in": 1.7})  # another window, then A is killed
    record = load_autosave(db)
    assert record is not None and record.scenario.name == name
    working.restore(record)  # Yes at the next start's question
    asked: list[SaveConflict] = []
    monkeypatch.setattr(panel, "ask_conflict", lambda exc: asked.append(exc) or "cancel")
    saved = panel.save()
    if case == "not_newer":  # the saved copy is the one the autosave's changes were made to
        assert saved is True and not asked
        assert load_scenario(db, name).values == {"lock_in": 1.4}
        return
    assert saved is None and len(asked) == 1 and asked[0].name == name
    assert load_scenario(db, name).values == {"lock_in": 1.7}
