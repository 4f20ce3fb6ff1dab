"""A lock another program keeps is waited for once per action, not once per connection (pass
10, W11): the window froze 10-15 s for one save (the save's 5 s wait, then the autosave's 5 s;
a data edit waited three times). After a lock outlasted a whole wait, connections to that
database wait :data:`AFTER_BUSY_S` for the next :data:`BUSY_TIMEOUT_S` seconds; a lock released
meanwhile is still taken as before."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from chipscope.storage import errors as storage_errors
from chipscope.storage import list_scenarios, save_scenario
from chipscope.storage.autosave import save_autosave
from chipscope.storage.errors import AFTER_BUSY_S, DatabaseBusy, busy_timeout


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The busy timeout every SQLite connection is opened with, in order."""
    seen: list[float] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        seen.append(kwargs.get("timeout", 5.0))
        return real(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 1.0)  # the first wait, kept short
    return seen


@pytest.fixture
def locked(db: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holds ``BEGIN EXCLUSIVE`` on ``db`` until the test releases it."""
    save_scenario(db, "Kept", "", {"lock_in": 2.0})
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    yield other
    if other.in_transaction:
        other.execute("COMMIT")
    other.close()


def test_a_save_and_its_autosave_wait_once_for_a_lock_that_stays(
        db: Path, locked: sqlite3.Connection, waits: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The brief waits last BUSY_TIMEOUT_S (1 s here) after the lock outlasted a wait: the
    # autosave must come within it, which a loaded machine need not do in real time.
    # errors.py's own clock stands still (SQLite's wait is in C, on the real clock).
    now = time.monotonic()
    monkeypatch.setattr(storage_errors, "time", SimpleNamespace(monotonic=lambda: now))
    waits.clear()
    with pytest.raises(DatabaseBusy):
        save_scenario(db, "Blocked", "", {"lock_in": 3.0})
    first = len(waits)
    with pytest.raises(DatabaseBusy):
        save_autosave(db, "Blocked", "", {"lock_in": 3.0})
    assert waits[:first][-1] == 1.0  # the save's wait: the whole timeout
    assert waits[first:] and set(waits[first:]) == {AFTER_BUSY_S}  # the autosave's: brief
    assert busy_timeout(db) == AFTER_BUSY_S
    assert busy_timeout(db.parent / "another.db") == 1.0  # other databases: unaffected


def test_a_lock_released_meanwhile_is_taken(db: Path, locked: sqlite3.Connection,
                                            waits: list[float]) -> None:
    with pytest.raises(DatabaseBusy):
        save_scenario(db, "Blocked", "", {"lock_in": 3.0})
    locked.execute("COMMIT")
    save_scenario(db, "After", "", {"lock_in": 3.0})
    assert sorted(s.name for s in list_scenarios(db)) == ["After", "Kept"]


def test_the_whole_wait_comes_back_after_the_timeout(
        db: Path, locked: sqlite3.Connection, waits: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DatabaseBusy):
        save_scenario(db, "Blocked", "", {"lock_in": 3.0})
    assert busy_timeout(db) == AFTER_BUSY_S
    link = db.parent / "link.db"
    link.symlink_to(db)
    assert busy_timeout(link) == AFTER_BUSY_S  # the same file by another name
    later = time.monotonic() + 1.5
    monkeypatch.setattr(storage_errors, "time", SimpleNamespace(monotonic=lambda: later))
    assert busy_timeout(db) == 1.0
