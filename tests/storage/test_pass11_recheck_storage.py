"""Pass 11 recheck (databases): an autosave name an older version stored (D2), a finished
journal beside a deleted database (D3), refused writes to a read-only WAL database (E1)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.scenario_checks import MAX_NAME_LENGTH, name_problem
from chipscope.storage.autosave import load_autosave, save_autosave


def _old_autosave(db: Path, name: str) -> None:
    """The autosave row as a version before the name rule wrote it (pass 11's F8)."""
    save_autosave(db, "placeholder", "", {"lock_in": 1.5})
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET name = ?", (name,))


# --- D2: an autosave whose stored name breaks the name rule -----------------------------------
@pytest.mark.parametrize(("stored", "restored"), [
    ("a\x00b", "ab"),
    ("\u202eevil", "evil"),
    ("x" * 250, "x" * MAX_NAME_LENGTH),
    ("\x00\u202e", "Restored scenario"),
])
def test_an_old_autosave_name_is_restored_as_one_that_can_be_saved(
        db: Path, stored: str, restored: str) -> None:
    """D2: the name came back as it was stored, and every later autosave then failed with
    "Autosave failed: name: ..." (a crash after the restore lost everything since)."""
    _old_autosave(db, stored)
    record = load_autosave(db)
    assert record is not None
    assert record.scenario.name == restored and record.stored_name == stored
    assert name_problem(record.scenario.name) is None
    assert dict(record.scenario.values) == {"lock_in": 1.5}
    save_autosave(db, record.scenario.name, "", {"lock_in": 2.0})  # the next autosave works
    again = load_autosave(db)
    assert again is not None and again.stored_name is None
    assert again.scenario.name == restored


def test_a_good_autosave_name_is_restored_unchanged(db: Path) -> None:
    save_autosave(db, "  My work ", "", {"lock_in": 1.5})
    record = load_autosave(db)
    assert record is not None
    assert record.scenario.name == "My work" and record.stored_name is None
