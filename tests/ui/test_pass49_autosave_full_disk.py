"""Pass 49 N3: the window's autosave on a full disk says so once, in the status bar ("Autosave
failed: The database P could not be written because the disk is full; ..."), as a database
that turned read-only is said (F8), not again at every change; once an autosave is written
again, a full disk is said again (once)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.storage.errors import full, read_only
from chipscope.ui.scenarios import working_autosave
from tests.ui.autosaving import change as _change
from tests.ui.autosaving import listening


@pytest.fixture
def working(make_window: object) -> object:
    window = make_window(show=False)  # type: ignore[operator]
    working = listening(window)
    working.window = window
    return working


def _fill_the_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite finds no room for a new page (SQLITE_FULL), as on a full disk."""
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)  # type: ignore[call-overload]
        assert isinstance(conn, sqlite3.Connection)
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_a_full_disk_is_said_once(working: object, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        _fill_the_disk(patched)
        failures = [_change(working, value) for value in (1.5, 1.6, 1.7, 1.8)]
    assert failures[0] is not None and "disk is full" in failures[0]
    assert failures == [failures[0]] * 4
    words = f"Autosave failed: {failures[0]}"
    assert working.said == [words]  # type: ignore[attr-defined]  # once, not at every move
    assert working.window.statusBar().currentMessage() == words  # type: ignore[attr-defined]
    assert _change(working, 1.9) is None  # room again: written
    assert working.said == [words]  # type: ignore[attr-defined]
    db = Path(working.db_path)  # type: ignore[attr-defined]
    assert failures[0] == str(full(db))

    def refused(*_args: object, **_kwargs: object) -> None:
        raise full(db)  # the row written now fits its page: the storage layer's refusal

    with monkeypatch.context() as patched:
        patched.setattr(working_autosave, "save_autosave", refused)
        assert _change(working, 2.0) == failures[0]
        assert _change(working, 2.1) == failures[0]
    assert working.said == [words, words]  # type: ignore[attr-defined]  # full again: once


def test_full_then_read_only_each_said_once(working: object,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Two causes in a row: each is said once (the second is news)."""
    db = Path(working.db_path)  # type: ignore[attr-defined]
    raised = [full(db)]

    def refused(*_args: object, **_kwargs: object) -> None:
        raise raised[0]

    monkeypatch.setattr(working_autosave, "save_autosave", refused)
    for value in (1.5, 1.6):
        assert _change(working, value) == str(full(db))
    raised[0] = read_only(db)
    for value in (1.7, 1.8):
        assert _change(working, value) == str(read_only(db))
    assert working.said == [f"Autosave failed: {full(db)}",  # type: ignore[attr-defined]
                            f"Autosave failed: {read_only(db)}"]
