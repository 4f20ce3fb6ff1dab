"""Pass 11 recheck (databases): an autosave name an older version stored (D2), a finished
journal beside a deleted database (D3), refused writes to a read-only WAL database (E1)."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.scenario_checks import MAX_NAME_LENGTH, name_problem
from chipscope.storage import StorageError
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.storage.journal import MAGIC
from chipscope.storage.recovery import journal_path
from chipscope.storage.repository import open_user_database


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


# --- D3: a finished journal beside a deleted database -----------------------------------------
def _header(magic: bytes, records: int) -> bytes:
    """A rollback journal's header (fileformat2 "The Rollback Journal"): magic, record count,
    nonce, initial page count 7, sector size 512, page size 4096, padded to the sector."""
    fields = b"".join(n.to_bytes(4, "big") for n in (records, 0x26FF0631, 7, 512, 4096))
    return (magic + fields).ljust(512, b"\0") + b"\1" * 4104


def test_a_finished_journal_beside_a_deleted_database_is_moved_aside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
        ) -> None:
    """D3: a journal whose header SQLite had zeroed (never played back) beside a deleted
    database was refused as "left by a crash of another copy", and no new database was made."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    left = _header(b"\0" * 8, 0)
    journal_path(home / "chipscope.db").write_bytes(left)
    with caplog.at_level(logging.WARNING, logger="chipscope"):
        dataset, path = open_user_database()
    assert dataset.chip_ids and path == home / "chipscope.db"
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db", "chipscope.db-journal.unused"]
    assert (home / "chipscope.db-journal.unused").read_bytes() == left
    assert any("chipscope.db-journal.unused" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("records", [3, 0])
def test_a_journal_sqlite_would_play_back_beside_a_deleted_database_is_still_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: int) -> None:
    """D3's limit: with the magic, SQLite plays the journal back onto the new copy (with no
    record it still cuts the file to the header's page count), so it stays refused."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    journal_path(home / "chipscope.db").write_bytes(_header(MAGIC, records))
    with pytest.raises(StorageError, match="left by a crash of another copy"):
        open_user_database()
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db-journal"]
