"""Pass 20 (CLI and databases): the read copies' clean-up and temporary folder.

B1: a folder ``chipscope-read-2147483648-x`` (anyone can make one in a shared /tmp) made the
clean-up raise OverflowError: every command ended "unexpected" (exit 1, after its work was
done) and the window did not start. C1: with no usable temporary folder at all, a read said
"unexpected FileNotFoundError". D1: a temporary folder without room for SQLite's ``-shm``
beside a WAL-mode copy made a sound database "damaged (disk I/O error)"."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import cli
from chipscope.storage import read_connection, temporaries
from chipscope.storage.errors import StorageError
from chipscope.storage.scenarios import save_scenario
from chipscope.storage.temporaries import READ_COPY_PREFIX, remove_stale_reads


@pytest.mark.parametrize("pid", ["2147483648", "99999999999999999999999", "0"])
def test_a_folder_named_with_no_possible_process_id_is_left_alone(
        tmp_path: Path, pid: str) -> None:
    odd = tmp_path / f"{READ_COPY_PREFIX}{pid}-abcdefgh"
    odd.mkdir()
    assert remove_stale_reads(tmp_path) == []  # raised OverflowError for the first two
    assert odd.exists()


def test_a_command_with_such_a_folder_ends_as_it_should(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(temporaries, "_swept", False)
    (tmp_path / f"{READ_COPY_PREFIX}2147483648-abcdefgh").mkdir()
    assert cli.main(["--db", str(db), "data", "check"]) == 0
    assert "unexpected" not in capsys.readouterr().err


@pytest.fixture
def wal_db(db: Path) -> Iterator[Path]:
    """``db`` held open in WAL mode by another program: every read uses the private copy."""
    save_scenario(db, "S", "", {"lock_in": 1.0})
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL").fetchone()
    holder.execute("UPDATE scenarios SET description = 'in the log' WHERE name = 'S'")
    yield db
    holder.close()


def test_no_usable_temporary_folder_at_all_is_named(
        wal_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def none_usable(*_args: object, **_kwargs: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found")

    monkeypatch.setattr(read_connection.tempfile, "TemporaryDirectory", none_usable)
    monkeypatch.setattr(read_connection.tempfile, "gettempdir", none_usable)
    monkeypatch.setenv("TMPDIR", "/nowhere/tmp")
    with pytest.raises(StorageError, match=r"the temporary folder /nowhere/tmp cannot hold a "
                                           r"private copy of it \(No usable temporary"), \
            read_connection.connect_read_only(wal_db):
        pass


@pytest.fixture
def small_tmp(tmp_path: Path, wal_db: Path) -> Iterator[Path]:
    """A temporary folder (a tmpfs of its own) with room for the copy of ``wal_db`` and its log
    but not for the 32 KB ``-shm`` SQLite would make beside it (root only: skipped elsewhere)."""
    where = tmp_path / "small"
    where.mkdir()
    room = wal_db.stat().st_size + wal_db.with_name(wal_db.name + "-wal").stat().st_size
    size = (room // 4096 + 4) * 4096  # the copy and log, and a few pages less than a -shm
    mount = shutil.which("mount")
    if mount is None or subprocess.run([mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                        str(where)], capture_output=True).returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_a_copy_of_a_wal_database_needs_no_index_file_beside_it(
        wal_db: Path, small_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, "The database ... is damaged (disk I/O error); rebuild it or restore a copy."
    (the copy's -shm did not fit); the index is now kept in memory."""
    monkeypatch.setattr(tempfile, "tempdir", str(small_tmp))
    with read_connection.connect_read_only(wal_db) as conn:
        row = conn.execute("SELECT description FROM scenarios WHERE name = 'S'").fetchone()
    assert row == ("in the log",)  # the log's commit, read through the copy
    assert list(small_tmp.iterdir()) == []  # the copy is gone again
