"""Pass 50 F8: the window's autosave said other failures than read-only and full disk again at
every change, and froze the window while another program held a lock on the database (the
first autosave waited the whole busy timeout, 5 s, the next ones 0.5 s each); a database moved
away mid-session was told "The database P does not exist." at every change, with no advice.
Now every kind of failure is said once until an autosave is written; a lock is waited for only
briefly, said once ("autosave will try again"), and the autosave tries again by itself; a
database gone says what becomes of the work and how to keep it (the autosave and Save alike)."""

from __future__ import annotations

import sqlite3
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from chipscope.storage import StorageError
from chipscope.storage import errors as storage_errors
from chipscope.storage.autosave import load_autosave
from chipscope.ui.scenarios import working_autosave
from tests.other_program import other_program
from tests.ui.autosaving import change as _change

HOLD_EXCLUSIVE = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("held", flush=True)
    sys.stdin.read()
""")
"""Another program holding ``BEGIN EXCLUSIVE`` on the database ``argv[1]``: prints ``held``."""


@pytest.fixture
def window(autosaving_window: Any) -> Any:
    return autosaving_window


def _timed_change(working: Any, value: float) -> tuple[str | None, float]:
    start = time.monotonic()
    failed = _change(working, value)
    return failed, time.monotonic() - start


def test_a_locked_database_is_said_once_without_freezing_and_tried_again(
        window: Any, qtbot: Any) -> None:
    working = window.scenarios.working
    db = Path(working.db_path)
    words = (f"Another program is using the database {db}; autosave will try again when it "
             "has finished (your changes stay in this window).")
    with other_program(HOLD_EXCLUSIVE, str(db), ready="held"):
        before = db.read_bytes()
        for value in (1.6, 1.7, 1.8):
            failed, took = _timed_change(working, value)
            # one attempt waits briefly, far from the storage's whole busy timeout
            assert took < storage_errors.BUSY_TIMEOUT_S / 5
            assert failed == words
            assert working.autosave_timer.isActive()  # tried again by itself shortly
        assert working.said == [f"Autosave failed: {words}"]  # once, not at every move
        assert window.statusBar().currentMessage() == f"Autosave failed: {words}"
        # a brief wait is not a whole one: an explicit Save still waits the whole timeout
        assert storage_errors.busy_timeout(db) == storage_errors.BUSY_TIMEOUT_S
        assert db.read_bytes() == before
    working.autosave_timer.setInterval(10)
    working.autosave_timer.start()  # its next try, at once
    qtbot.waitUntil(lambda: not working.autosave_failures_said, timeout=5000)
    record = load_autosave(db)
    assert record is not None and record.scenario.values["lock_in"] == 1.8  # resumed
    assert working.said == [f"Autosave failed: {words}"]
    with other_program(HOLD_EXCLUSIVE, str(db), ready="held"):
        assert _change(working, 1.9) == words
    assert working.said == [f"Autosave failed: {words}"] * 2  # locked again: said again, once


def test_only_the_last_autosave_waits_the_whole_timeout(window: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The autosave at an interrupt (the app ends: no next try) waits out a lock as before;
    the autosave at a change waits :data:`BRIEF_WAIT_S`."""
    working = window.scenarios.working
    waits: list[float] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if "timeout" in kwargs:
            waits.append(kwargs["timeout"])
        return real(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    assert _change(working, 1.6) is None
    assert waits and set(waits) == {storage_errors.BRIEF_WAIT_S}
    waits.clear()
    working.session.set_value("lock_in", 1.7)
    working.session.finish_edit("lock_in")
    assert working.autosave_now(final=True) is None
    assert waits and set(waits) == {storage_errors.BUSY_TIMEOUT_S}


def test_a_database_moved_away_is_said_once_with_what_becomes_of_the_work(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    working, panel = window.scenarios.working, window.scenarios.panel
    monkeypatch.setattr(panel, "ask_name", lambda *_args: ("Mine", ""))
    assert panel.save()  # saved as "Mine", then changed again
    db = Path(working.db_path)
    moved = db.with_name("moved.db")
    db.rename(moved)
    kept = moved.read_bytes()
    words = (f"The database {db} does not exist (it was moved or deleted while this window "
             "was open); your changes stay in this window: put the file back, or keep them in "
             "a scenario file with File > Export scenario.")
    for value in (1.6, 1.7):
        assert _change(working, value) == words
    assert working.said == [f"Autosave failed: {words}"]  # once
    assert not db.exists() and moved.read_bytes() == kept
    assert panel.save() is False  # Save on the same cause: the same words
    assert window.errors == [words]
    moved.rename(db)  # put back: written again
    assert _change(working, 1.8) is None
    assert working.said == [f"Autosave failed: {words}"]


def test_every_other_failure_is_said_once_until_an_autosave_is_written(
        window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    working = window.scenarios.working
    causes = iter([StorageError("The database D is damaged (x); rebuild it."),
                   StorageError("The database D is damaged (x); rebuild it."),
                   ValueError("The name is too long."), ValueError("The name is too long."),
                   StorageError("The database D is damaged (x); rebuild it.")])

    def refused(*_args: object, **_kwargs: object) -> None:
        raise next(causes)

    with monkeypatch.context() as patched:
        patched.setattr(working_autosave, "save_autosave", refused)
        failures = [_change(working, value) for value in (1.6, 1.7, 1.8, 1.9, 2.0)]
    assert failures == ["The database D is damaged (x); rebuild it."] * 2 \
        + ["The name is too long."] * 2 + ["The database D is damaged (x); rebuild it."]
    assert working.said == ["Autosave failed: The database D is damaged (x); rebuild it.",
                            "Autosave failed: The name is too long."]  # each kind once
    assert _change(working, 2.1) is None  # written: failing again is said again
    with monkeypatch.context() as patched:
        patched.setattr(working_autosave, "save_autosave", refused)
        causes = iter([ValueError("The name is too long.")])
        _change(working, 2.2)
    assert working.said[-1] == "Autosave failed: The name is too long."
    assert len(working.said) == 3
