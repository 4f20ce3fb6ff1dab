"""A read that meets another connection's commit (SQLite's ticket #3883 race) is read again,
never reported as a read-only file: a load during another thread's save said "The database
... is read-only" in CI (2026-12-03, test_concurrent_saves_from_threads_lose_nothing_silently)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import read_connection
from chipscope.storage.scenarios import load_scenario, save_scenario

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _journal_of_an_open_write(db: Path) -> bytes:
    """The bytes of the journal a write to ``db`` has beside it before it commits."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE scenarios SET description = 'changed'")
        journal = db.with_name(db.name + "-journal")
        data = journal.read_bytes()
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    # Its header gets SQLite's magic number when the write syncs it, before the commit; a
    # journal whose first byte is 0 is no journal to SQLite. The record count, unknown (all
    # ones), is worked out from the size.
    return JOURNAL_MAGIC + b"\xff" * 4 + data[12:]


@pytest.fixture
def flicker(db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``db`` with a scenario, and a journal that appears just after ChipScope's last look
    for one, before SQLite's (another connection begins a write at that moment)."""
    save_scenario(db, "S", "", {"lock_in": 1.5})
    journal = _journal_of_an_open_write(db)
    real = read_connection.has_hot_journal
    looks: list[Path] = []

    def appears_after_the_first_look(path: Path) -> bool:
        looks.append(path)
        if len(looks) == 1:
            path.with_name(path.name + "-journal").write_bytes(journal)
            return False
        return real(path)

    monkeypatch.setattr(read_connection, "has_hot_journal", appears_after_the_first_look)
    return db


def test_a_journal_that_appears_as_sqlite_looks_is_read_around(flicker: Path) -> None:
    with read_connection.connect_read_only(flicker) as conn:
        assert conn.execute("SELECT count(*) FROM chips").fetchone()[0] > 0
    assert flicker.with_name(flicker.name + "-journal").exists()  # the original left alone


def test_a_load_during_a_commit_is_not_called_read_only(flicker: Path) -> None:
    assert load_scenario(flicker, "S").values == {"lock_in": 1.5}


def test_a_read_holds_one_committed_state(db: Path) -> None:
    """Each reader reads inside one transaction: a save committed while it reads is not half
    seen (its shared lock makes the writer wait, within the busy timeout)."""
    save_scenario(db, "S", "", {"lock_in": 1.0})
    with read_connection.connect_read_only(db) as conn:
        assert conn.in_transaction
        first = conn.execute("SELECT count(*) FROM chips").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM chips").fetchone()[0] == first


def test_a_damaged_file_still_says_damaged(tmp_path: Path) -> None:
    """The first read moved into the open: its other errors are raised as before."""
    bad = tmp_path / "bad.db"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "data" / "chipscope.db", bad)
    with bad.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 400)  # the schema page's header
    with pytest.raises(sqlite3.DatabaseError), read_connection.connect_read_only(bad) as conn:
        conn.execute("SELECT * FROM sqlite_master").fetchall()


def test_a_reader_waits_for_a_lock_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read that begins the transaction waits out another program's lock; the caller's own
    first read, which says "Another program is using the database", waits no more (each
    waited the whole timeout: a load took twice as long to say so)."""
    from chipscope.storage import errors

    monkeypatch.setattr(errors, "BUSY_TIMEOUT_S", 0.3)
    monkeypatch.setattr(errors, "AFTER_BUSY_S", 0.1)
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        with read_connection.connect_read_only(db) as conn:
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 0
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                conn.execute("SELECT count(*) FROM chips").fetchone()
        assert errors.busy_timeout(db) == errors.AFTER_BUSY_S  # the next ones: briefly
        other.execute("ROLLBACK")
    with read_connection.connect_read_only(db) as conn:  # a lock released: read as before
        assert conn.execute("SELECT count(*) FROM chips").fetchone()[0] > 0
