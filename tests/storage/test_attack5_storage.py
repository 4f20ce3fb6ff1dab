"""Storage findings of the fifth attack pass of issue 10: ``data build`` over a database that
another program is about to write, and a damaged schema read without a traceback."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import build_database
from chipscope.storage import errors as storage_errors
from chipscope.storage.errors import DatabaseBusy
from chipscope.storage.schema import StorageError, read_rows


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(csv_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data.db"
    build_database(csv_dir, path)
    return path


@pytest.fixture
def writer(built: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite3.Connection]:
    """Another connection that has begun a write (``BEGIN IMMEDIATE``: a reserved lock) but
    not written anything yet, so no journal sits beside the file."""
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 0.3)
    with closing(sqlite3.connect(built, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        yield conn


def test_build_does_not_replace_a_database_another_program_is_writing(
        csv_dir: Path, built: Path, writer: sqlite3.Connection) -> None:
    assert not Path(f"{built}-journal").exists()  # nothing on disk says a write is under way
    before = _sha(built)
    with pytest.raises(DatabaseBusy, match="Another program is using the database"):
        build_database(csv_dir, built)
    assert _sha(built) == before
    assert sorted(p.name for p in built.parent.iterdir() if p.name.startswith(".cs-")) == []
    writer.execute("CREATE TABLE theirs (a)")
    writer.execute("INSERT INTO theirs VALUES (42)")
    writer.execute("COMMIT")
    with closing(sqlite3.connect(built)) as conn:  # the other program's write is in the file
        assert conn.execute("SELECT a FROM theirs").fetchall() == [(42,)]


def test_build_replaces_the_database_once_the_other_write_is_done(
        csv_dir: Path, built: Path, writer: sqlite3.Connection) -> None:
    writer.execute("ROLLBACK")
    build_database(csv_dir, built)
    with closing(sqlite3.connect(built)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not Path(f"{built}-journal").exists()


def test_rows_with_text_that_is_not_utf8_are_a_storage_error(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "x.db")) as conn:
        conn.execute("CREATE TABLE scenarios (name TEXT)")
        conn.execute("INSERT INTO scenarios VALUES (CAST(X'D328' AS TEXT))")
        with pytest.raises(StorageError, match=r"scenarios table .* not UTF-8"):
            read_rows(conn, "scenarios", tmp_path / "x.db", "SELECT name FROM scenarios")
