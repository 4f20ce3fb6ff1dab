"""Pass 88, F1: a window's Save committed, then the process was killed (SIGKILL) before the
autosave update that follows it: the older autosave (lock_in 1.4) stayed, and the next start
offered it as unsaved changes over the newer save (1.5); Yes and Save put 1.4 back. The Save now
drops that autosave in its own transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chipscope.storage import load_scenario
from chipscope.storage.autosave import load_autosave
from chipscope.ui.main_window import MainWindow


def test_a_kill_after_a_save_leaves_no_older_autosave_to_offer(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    working, panel = window.scenarios.working, window.scenarios.panel
    db = working.db_path
    assert db is not None
    window.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
    assert panel.save_as() is True
    window.session.set_value("lock_in", 1.4)
    assert working.autosave_now() is None  # the 2 s timer's autosave
    record = load_autosave(db)
    assert record is not None and record.scenario.values["lock_in"] == 1.4
    window.session.set_value("lock_in", 1.5)
    monkeypatch.setattr(working, "autosave_now", lambda final=False: None)  # killed here
    assert panel.save() is True
    assert load_scenario(db, "Mine").values["lock_in"] == 1.5
    assert load_autosave(db) is None  # nothing older offered at the next start


def test_a_second_windows_save_keeps_the_first_windows_autosave(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the window that keeps the database's autosave drops it: the first window's unsaved
    1.4 stays kept for it when a second window saves the same scenario."""
    first = make_window(show=False)
    db = first.scenarios.working.db_path
    assert db is not None
    first.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(first.scenarios.panel, "ask_name", lambda *_: ("Mine", ""))
    assert first.scenarios.panel.save_as() is True
    first.session.set_value("lock_in", 1.4)
    assert first.scenarios.working.autosave_now() is None
    second = make_window(show=False)
    assert second.scenarios.working.db_path == db
    assert not second.scenarios.working.owns_autosave
    second.session.set_value("lock_in", 1.5)
    monkeypatch.setattr(second.scenarios.panel, "ask_name", lambda *_: ("Mine", ""))
    monkeypatch.setattr(second.scenarios.panel, "confirm", lambda *_: True)  # replace it
    assert second.scenarios.panel.save_as() is True
    assert load_scenario(db, "Mine").values["lock_in"] == 1.5
    record = load_autosave(db)
    assert record is not None and record.scenario.values["lock_in"] == 1.4
