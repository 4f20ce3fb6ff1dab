"""Saving from the window when the database refuses: another window saved the scenario since
(the Overwrite / Save as new / Cancel question), a full disk, a lock held by another program.
Each is a message next to the action, never the unexpected-error box."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from chipscope.storage import SaveConflict, load_scenario, open_user_database, save_scenario
from chipscope.storage import errors as storage_errors
from chipscope.ui.scenarios.panel import ScenariosPanel
from chipscope.ui.scenarios.working import WorkingScenario
from chipscope.ui.session import Session

KEY = "lock_in"


class Replies:
    def __init__(self) -> None:
        self.conflict: list[str] = []
        self.names: list[tuple[str, str] | None] = []
        self.asked: list[str] = []
        self.errors: list[str] = []


def _panel(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, db: Path,
           replies: Replies) -> ScenariosPanel:
    dataset, _ = open_user_database(db)
    widget = ScenariosPanel(WorkingScenario(Session(dataset), db, []))
    qtbot.addWidget(widget)

    def ask_conflict(error: SaveConflict) -> str:
        replies.asked.append(f"conflict:{error.name}")
        return replies.conflict.pop(0)

    def ask_name(title: str, name: str, description: str | None) -> tuple[str, str] | None:
        replies.asked.append(f"name:{name}")
        return replies.names.pop(0)

    monkeypatch.setattr(widget, "ask_conflict", ask_conflict)
    monkeypatch.setattr(widget, "ask_name", ask_name)
    monkeypatch.setattr(widget, "show_error", lambda _t, text: replies.errors.append(text))
    return widget


@pytest.fixture
def two(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[ScenariosPanel, ScenariosPanel, Replies]]:
    """Two windows on one database, both showing the saved scenario "Shared"."""
    _, db = open_user_database()
    save_scenario(db, "Shared", "", {KEY: 1.0})
    replies = Replies()
    one, other = (_panel(qtbot, monkeypatch, db, replies) for _ in range(2))
    for panel in (one, other):
        panel.refresh()
        panel.working.open("Shared")
    yield one, other, replies
    for panel in (one, other):
        panel.working.autosave_timer.stop()
        panel.working.release_autosave_lock()


def _edit_and_save(panel: ScenariosPanel, value: float) -> bool:
    panel.working.session.set_value(KEY, value)
    panel.working.session.finish_edit(KEY)
    return panel.save()


def _saved(panel: ScenariosPanel, name: str = "Shared") -> float:
    assert panel.working.db_path is not None
    return load_scenario(panel.working.db_path, name).values[KEY]


def test_the_second_save_asks_and_cancel_keeps_the_first(two: tuple[
        ScenariosPanel, ScenariosPanel, Replies]) -> None:
    one, other, replies = two
    assert _edit_and_save(one, 1.5)
    replies.conflict.append("cancel")
    assert not _edit_and_save(other, 2.5)
    assert replies.asked == ["conflict:Shared"] and not replies.errors
    assert _saved(one) == 1.5 and other.working.is_modified()


def test_overwrite_replaces_the_other_windows_change(two: tuple[
        ScenariosPanel, ScenariosPanel, Replies]) -> None:
    one, other, replies = two
    assert _edit_and_save(one, 1.5)
    replies.conflict.append("overwrite")
    assert _edit_and_save(other, 2.5)
    assert _saved(other) == 2.5 and not other.working.is_modified()


def test_save_as_new_keeps_both(two: tuple[ScenariosPanel, ScenariosPanel, Replies]) -> None:
    one, other, replies = two
    assert _edit_and_save(one, 1.5)
    replies.conflict.append("save_as")
    replies.names.append(("Shared (mine)", ""))
    assert _edit_and_save(other, 2.5)
    assert _saved(one) == 1.5 and _saved(other, "Shared (mine)") == 2.5
    assert other.working.name == "Shared (mine)"


@pytest.mark.parametrize("description", ["", "a new description"])
def test_save_as_the_open_name_offers_the_same_choice_as_save(
        two: tuple[ScenariosPanel, ScenariosPanel, Replies], description: str) -> None:
    """Pass 11, N8: Save As "Shared" (the name open here) after another window saved it showed
    only an error, where Save offers Overwrite / Save as new / Cancel."""
    one, other, replies = two
    assert _edit_and_save(one, 1.5)
    other.working.session.set_value(KEY, 2.5)
    other.working.session.finish_edit(KEY)
    replies.names.append(("Shared", description))
    replies.conflict.append("cancel")
    assert not other.save_as()
    assert replies.asked == ["name:Shared (2)", "conflict:Shared"] and not replies.errors
    assert _saved(one) == 1.5 and other.working.is_modified()
    replies.names.append(("Shared", description))
    replies.conflict.append("overwrite")
    assert other.save_as()
    assert _saved(other) == 2.5 and not other.working.is_modified() and not replies.errors
    assert other.working.description == description


# --- a full disk, a lock ----------------------------------------------------------------------
def test_a_full_disk_is_a_warning_and_an_autosave_message(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, two: tuple[
            ScenariosPanel, ScenariosPanel, Replies]) -> None:
    one, _, replies = two
    real = sqlite3.connect

    def full(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[call-overload]
        assert isinstance(conn, sqlite3.Connection)
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", full)
    one.working.session.set_value(KEY, 1.5)
    one.working.session.finish_edit(KEY)
    replies.names.append(("Big", "x" * 300_000))  # more than the disk has room for
    assert not one.save_as()
    assert replies.errors and "disk is full" in replies.errors[-1]
    assert str(one.working.db_path) in replies.errors[-1]
    assert one.working.owns_autosave and one.working.is_modified()
    with qtbot.waitSignal(one.working.message_changed) as message:
        one.working.autosave_now()  # the autosave table needs a new page: the disk is full
    assert "Autosave failed" in message.args[0] and "disk is full" in message.args[0]
    monkeypatch.undo()
    assert _saved(one) == 1.0


def test_a_lock_is_a_warning_not_a_rebuild(monkeypatch: pytest.MonkeyPatch, two: tuple[
        ScenariosPanel, ScenariosPanel, Replies]) -> None:
    one, _, replies = two
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 0.2)
    assert one.working.db_path is not None
    with closing(sqlite3.connect(one.working.db_path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        assert not _edit_and_save(one, 1.5)
        other.execute("ROLLBACK")
    assert "Another program is using the database" in replies.errors[-1]
    assert "rebuild" not in replies.errors[-1]
    assert _edit_and_save(one, 1.5) and _saved(one) == 1.5


def test_a_read_only_database_opens_read_only_and_says_why(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from PySide6.QtWidgets import QMainWindow

    from chipscope.ui.scenarios.actions import ScenarioActions

    dataset, db = open_user_database()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == db
                        and mode == os.W_OK else real(p, mode, *a, **k))
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = ScenarioActions(window, Session(dataset), db)
    assert not actions.working.writable
    assert actions.read_only_label is not None
    assert "read-only" in actions.read_only_label.toolTip()
    assert str(db) in actions.read_only_label.toolTip()
    actions.panel.refresh()
    assert not actions.panel.save_action.isEnabled()
    errors: list[str] = []
    monkeypatch.setattr(actions.panel, "show_error", lambda _t, text: errors.append(text))
    monkeypatch.setattr(actions.panel, "ask_name", lambda *_: ("X", ""))
    assert not actions.panel.save_as()
    assert "read-only" in errors[-1] and "rebuild" not in errors[-1]
    actions.working.release_autosave_lock()
