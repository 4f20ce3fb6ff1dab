"""Pass 19 (databases D1, D3): the private copy a WAL-mode file (or one with a journal) is read
from. D1: while another program wrote and checkpointed, a copy of the file from before a
checkpoint and of its log from after it was read as "damaged ... rebuild it or restore a copy".
D3: a temporary folder without room for the copy was reported as the database's own fault."""

from __future__ import annotations

import errno
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import read_connection
from chipscope.storage.errors import DatabaseBusy, StorageError
from chipscope.storage.scenarios import save_scenario


@pytest.fixture
def holder(db: Path) -> Iterator[sqlite3.Connection]:
    """Another program with ``db`` open in WAL mode (its ``-wal`` beside it: reads go through
    the private copy), one scenario saved."""
    save_scenario(db, "S", "", {"lock_in": 1.0})
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("UPDATE scenarios SET updated_at = 'first' WHERE name = 'S'")
    assert db.with_name(db.name + "-wal").exists()
    yield conn
    conn.close()


def _commit_after_copies(monkeypatch: pytest.MonkeyPatch, holder: sqlite3.Connection,
                         db: Path, times: int) -> list[int]:
    """The other program commits just after each of the first ``times`` copies of the file."""
    real = read_connection.copy_regular
    copies: list[int] = []

    def copy(src: Path, dst: Path, of: Path) -> None:
        real(src, dst, of)
        if src == db and len(copies) < times:
            copies.append(1)
            holder.execute("UPDATE scenarios SET updated_at = ? WHERE name = 'S'",
                           (f"commit {len(copies)}",))

    monkeypatch.setattr(read_connection, "copy_regular", copy)
    return copies


def test_a_commit_during_the_copy_is_copied_again(
        db: Path, holder: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    _commit_after_copies(monkeypatch, holder, db, times=1)
    with read_connection.connect_read_only(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        stamp = conn.execute("SELECT updated_at FROM scenarios WHERE name = 'S'").fetchone()
    assert stamp == ("commit 1",)  # the state after that commit, read whole


def test_a_writer_that_never_pauses_is_busy_never_damage(
        db: Path, holder: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    copies = _commit_after_copies(monkeypatch, holder, db, times=1000)
    with pytest.raises(DatabaseBusy, match=r"without a pause.*try again"), \
            read_connection.connect_read_only(db):
        pass  # before, the third (unsteady) copy was read: a mix of two states
    assert len(copies) == read_connection.COPY_ATTEMPTS


def test_a_change_the_stamp_misses_is_caught_by_the_comparison(
        db: Path, holder: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    """Size and time alone miss a log rewritten at its size within one clock tick."""
    monkeypatch.setattr(read_connection, "_stamp", lambda _path: ())
    copies = _commit_after_copies(monkeypatch, holder, db, times=1)
    with read_connection.connect_read_only(db) as conn:
        stamp = conn.execute("SELECT updated_at FROM scenarios WHERE name = 'S'").fetchone()
    assert copies == [1] and stamp == ("commit 1",)


def test_no_room_for_the_copy_names_the_temporary_folder(
        db: Path, holder: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_src: Path, _dst: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(read_connection, "copy_out", full)
    with pytest.raises(StorageError) as refused, read_connection.connect_read_only(db):
        pass
    message = str(refused.value)
    assert f"the temporary folder {tempfile.gettempdir()}" in message
    assert "free space there, or set TMPDIR to another folder" in message


def test_a_temporary_folder_that_cannot_be_made_is_named(
        db: Path, holder: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(read_connection.tempfile, "TemporaryDirectory", refused)
    with pytest.raises(StorageError, match="the temporary folder .* cannot hold a private "
                                           r"copy of it \(Permission denied\)"), \
            read_connection.connect_read_only(db):
        pass


def test_the_copy_s_companions_stay_out_of_the_user_s_folder(
        db: Path, holder: sqlite3.Connection) -> None:
    before = sorted(p.name for p in db.parent.iterdir())
    with read_connection.connect_read_only(db) as conn, closing(conn.cursor()) as cur:
        assert cur.execute("SELECT count(*) FROM scenarios").fetchone() == (1,)
    assert sorted(p.name for p in db.parent.iterdir()) == before
