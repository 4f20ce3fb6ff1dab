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


def _mine_with_an_autosave(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved "Mine" = 1.3, its unsaved 1.4 autosaved, then 1.5 typed; the autosave update
    after the next write is lost (the process is killed there)."""
    working, panel = window.scenarios.working, window.scenarios.panel
    window.session.set_value("lock_in", 1.3)
    monkeypatch.setattr(panel, "ask_name", lambda *_: ("Mine", ""))
    assert panel.save_as() is True
    window.session.set_value("lock_in", 1.4)
    assert working.autosave_now() is None
    window.session.set_value("lock_in", 1.5)
    monkeypatch.setattr(working, "autosave_now", lambda final=False: None)  # killed here


def test_a_kill_after_a_save_as_leaves_no_older_autosave_to_offer(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 89 F1: the autosave of "Mine" (1.4) stayed after Save As "Other" (1.5); the next
    start offered 1.4 as unsaved changes of Mine."""
    window = make_window(show=False)
    db = window.scenarios.working.db_path
    assert db is not None
    _mine_with_an_autosave(window, monkeypatch)
    monkeypatch.setattr(window.scenarios.panel, "ask_name", lambda *_: ("Other", ""))
    assert window.scenarios.panel.save_as() is True
    assert load_scenario(db, "Other").values["lock_in"] == 1.5
    assert load_autosave(db) is None


def test_a_kill_after_a_rename_offers_the_changes_under_the_new_name(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 89 F2: after Rename "Mine" → "Renamed", the next start offered the unsaved changes
    of "Mine", a scenario no longer there."""
    window = make_window(show=False)
    working = window.scenarios.working
    db = working.db_path
    assert db is not None
    _mine_with_an_autosave(window, monkeypatch)
    monkeypatch.setattr(working, "autosave_now", lambda final=False: None)
    window.session.set_value("lock_in", 1.4)  # as autosaved: only the rename is in question
    working.rename("Mine", "Renamed")
    assert window.scenarios.working.name == "Renamed"
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Renamed"
    assert record.scenario.values["lock_in"] == 1.4


def test_an_undo_of_a_rename_takes_the_autosave_back(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 90 F2: after Rename "Mine" → "Renamed" and Undo, the autosave stayed "Renamed"."""
    window = make_window(show=False)
    working = window.scenarios.working
    db = working.db_path
    assert db is not None
    _mine_with_an_autosave(window, monkeypatch)
    window.session.set_value("lock_in", 1.4)  # as autosaved: only the rename is in question
    working.rename("Mine", "Renamed")
    working.document.undo()
    assert working.name == "Mine"
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Mine"
