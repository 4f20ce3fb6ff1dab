"""Pass 11 recheck (databases): an autosave name an older version stored (D2), a finished
journal beside a deleted database (D3), refused writes to a read-only WAL database (E1)."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.model.scenario_checks import MAX_NAME_LENGTH, name_problem
from chipscope.storage import StorageError
from chipscope.storage.autosave import clear_autosave, load_autosave, save_autosave
from chipscope.storage.errors import DatabaseReadOnly
from chipscope.storage.journal import MAGIC
from chipscope.storage.recovery import journal_path, wal_path
from chipscope.storage.repository import open_user_database
from chipscope.storage.scenarios import save_scenario
from chipscope.storage.user_edits import put_edits


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


# --- E1: a refused write to a read-only WAL-mode database leaves nothing beside it -------------
def _wal(db: Path) -> None:
    save_autosave(db, "A", "", {"lock_in": 1.5})  # clear_autosave writes only when one is there
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()


def _writes(db: Path) -> list[Callable[[], object]]:
    source = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                        "CC BY 4.0")
    edit = Edit("chips", "x", "retire", {}, source, "low")
    return [lambda: save_scenario(db, "A", "", {}),
            lambda: save_autosave(db, "A", "", {"lock_in": 1.5}),
            lambda: clear_autosave(db),
            lambda: put_edits(db, [edit])]


@pytest.mark.parametrize("write", range(4))
def test_a_write_to_a_read_only_wal_database_never_opens_it_read_write(
        db: Path, monkeypatch: pytest.MonkeyPatch, write: int) -> None:
    """E1: save_scenario, save_autosave and import-edits opened an immutable WAL-mode file
    read-write before they found it read-only, and SQLite left -wal and -shm beside it. (As
    root every file is writable, so os.access says no, as for an immutable file; that the
    file is never opened read-write is what keeps SQLite from making the two files.)"""
    _wal(db)
    real_access, real_connect = os.access, sqlite3.connect
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == db
                        and mode == os.W_OK else real_access(p, mode, *a, **k))
    opened: list[str] = []

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        opened.append(str(target))
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        _writes(db)[write]()
    assert not [uri for uri in opened if "mode=rw" in uri]
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [
        db.name]


@pytest.mark.parametrize("write", range(4))
def test_a_read_only_wal_database_file_gets_no_wal_or_shm(db: Path, write: int) -> None:
    _wal(db)
    db.chmod(0o444)
    try:
        with pytest.raises(DatabaseReadOnly, match="read-only"):
            _writes(db)[write]()
        assert not wal_path(db).exists() and not db.with_name(db.name + "-shm").exists()
    finally:
        db.chmod(0o644)
