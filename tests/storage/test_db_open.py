"""Opening and reading databases (issue 10): special files, odd headers and tables, WAL files,
hot journals and older versions give one clear StorageError, and leave every file as it was."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import (
    SCHEMA_VERSION,
    StorageError,
    check_database,
    delete_scenario,
    inspect_database,
    list_scenarios,
    load_dataset,
    open_user_database,
    rename_scenario,
    save_scenario,
)
from chipscope.storage.autosave import load_autosave


def _sql(path: Path, *statements: str) -> Path:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for statement in statements:
            conn.execute(statement)
    return path


def _copy(db: Path, folder: Path, name: str = "copy.db") -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copyfile(db, folder / name))


def _folder(path: Path) -> dict[str, bytes]:
    """Every file of ``path``'s folder with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    return status, capsys.readouterr().err


READERS: dict[str, Callable[[Path], object]] = {
    "load_dataset": load_dataset, "inspect_database": inspect_database,
    "list_scenarios": list_scenarios, "load_autosave": load_autosave,
    "open_user_database": open_user_database,
    "save_scenario": lambda p: save_scenario(p, "x", "", {"lock_in": 1.0}),
}


# --- 1. special files ---------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(30)
def test_a_fifo_is_refused_at_once_by_every_entry_point(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for name, call in READERS.items():
        with pytest.raises(StorageError, match="pipe") as info:
            call(fifo)
        assert str(fifo) in str(info.value), name
    assert "pipe" in check_database(fifo)[0]
    for argv in (["run", "--db", str(fifo), "--out", str(tmp_path / "o.csv")],
                 ["data", "check", "--db", str(fifo)]):
        status, err = _cli(capsys, *argv)
        assert status == 2 and "is a pipe (FIFO), not a regular file" in err
        assert err.count("\n") == 1
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.timeout(30)
def test_data_build_refuses_a_fifo_or_a_symlink_loop_as_its_output(
        csv_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo, loop = tmp_path / "pipe.db", tmp_path / "a.db"
    os.mkfifo(fifo)
    loop.symlink_to(tmp_path / "b.db")
    (tmp_path / "b.db").symlink_to(loop)
    for out, words in ((fifo, "is a pipe (FIFO)"), (loop, "symlink loop")):
        status, err = _cli(capsys, "data", "build", "--csv-dir", str(csv_dir), "--out", str(out))
        assert status == 2 and words in err
    assert fifo.is_fifo() and loop.is_symlink()


def test_a_symlink_loop_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "a.db"
    loop.symlink_to(tmp_path / "b.db")
    (tmp_path / "b.db").symlink_to(loop)
    for call in READERS.values():
        with pytest.raises(StorageError, match="symlink loop"):
            call(loop)
    status, err = _cli(capsys, "data", "check", "--db", str(loop))
    assert status == 2 and "symlink loop" in err


# --- 2. 3. 4. odd headers and tables ----------------------------------------------------------
def test_a_negative_schema_version_is_named(db: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _sql(_copy(db, tmp_path / "bad"), "PRAGMA user_version = -1")
    before = path.read_bytes()
    for call in READERS.values():
        with pytest.raises(StorageError, match="schema version -1, which no ChipScope writes"):
            call(path)
    for argv in (["run", "--db", str(path), "--out", "-"], ["data", "check", "--db", str(path)]):
        status, err = _cli(capsys, *argv)
        assert status == 2 and "schema version -1" in err and "unexpected" not in err
    assert path.read_bytes() == before


def test_an_empty_history_table_is_named(db: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _sql(_copy(db, tmp_path / "bad"), "DELETE FROM history")
    with pytest.raises(StorageError, match="history table: has no rows"):
        load_dataset(path)
    assert check_database(path) == ["history table: has no rows; the projection starts from "
                                    "the purchases it records"]
    for argv in (["run", "--db", str(path), "--out", "-"], ["data", "check", "--db", str(path)]):
        status, err = _cli(capsys, *argv)
        assert status == 2 and "history table: has no rows" in err and "unexpected" not in err


def test_scenarios_and_autosave_tables_of_another_layout(db: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    path = _sql(_copy(db, tmp_path / "bad"), "DROP TABLE scenarios",
                "CREATE TABLE scenarios (id INTEGER PRIMARY KEY, body TEXT)",
                "CREATE TABLE autosave (slot INTEGER, blob BLOB)")
    before = path.read_bytes()
    for call, table in ((list_scenarios, "scenarios"), (load_autosave, "autosave")):
        with pytest.raises(StorageError, match=f"The {table} table of the database .* has "
                                               "another layout than ChipScope's"):
            call(path)
    [problem] = check_database(path)
    # named by the save's trial since pass 18, D1 (a missing column is never an older layout)
    assert "table 'scenarios' with another layout" in problem and str(path) in problem
    assert load_dataset(path).chip_ids  # the dataset itself still opens
    status, _ = _cli(capsys, "run", "--db", str(path), "--out", str(tmp_path / "o.csv"))
    assert status == 0
    assert path.read_bytes() == before


# --- 5. WAL files ---------------------------------------------------------------------------
def _wal(db: Path, folder: Path) -> Path:
    path = _copy(db, folder)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    return path


def test_reading_a_wal_database_leaves_its_folder_unchanged(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _wal(db, tmp_path / "wal")
    before = _folder(path)
    assert load_dataset(path).chip_ids and list_scenarios(path) == []
    assert inspect_database(path) == SCHEMA_VERSION and check_database(path) == []
    assert load_autosave(path) is None
    status, _ = _cli(capsys, "run", "--db", str(path), "--out", "-")
    assert status == 0
    assert _folder(path) == before  # no -wal, no -shm, the file byte for byte


@pytest.mark.parametrize("flip", [(18, 255), (19, 1), (18, 3)])
def test_odd_file_format_versions_leave_nothing_beside_the_file(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        flip: tuple[int, int]) -> None:
    # A WAL file whose header byte 18 was damaged: SQLite still made -wal and -shm to read it.
    path = _wal(db, tmp_path / "wal")
    data = bytearray(path.read_bytes())
    data[flip[0]] ^= flip[1]
    path.write_bytes(bytes(data))
    before = _folder(path)
    for argv in (("run", "--db", str(path), "--out", "-"), ("data", "check", "--db", str(path))):
        status, _ = _cli(capsys, *argv)
        assert status in (0, 2)
    assert _folder(path) == before


def test_a_wal_log_left_beside_a_database_is_read_not_touched(db: Path, tmp_path: Path) -> None:
    path = _wal(db, tmp_path / "wal")
    child = ("import os, sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
             "c.execute(\"UPDATE chips SET name = 'Renamed' WHERE rowid = 1\")\n"
             "os._exit(0)\n")  # no close: the log stays beside the file, not checkpointed
    subprocess.run([sys.executable, "-c", child, str(path)], check=True)
    assert (tmp_path / "wal" / "copy.db-wal").exists()
    before = _folder(path)
    assert load_dataset(path).chips["name"].iloc[0] == "Renamed"
    assert _folder(path) == before


def test_the_users_own_wal_database_goes_back_to_a_journal(db: Path, tmp_path: Path) -> None:
    path = _wal(db, tmp_path / "home")
    dataset, _ = open_user_database(path)
    assert dataset.chip_ids
    assert sorted(p.name for p in path.parent.iterdir()) == ["copy.db"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# --- 6. a foreign database with a hot journal -------------------------------------------------
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_foreign_hot_journal_gets_advice_the_user_can_follow(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "photos.db"
    _sql(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)",
         "INSERT INTO photos (file) VALUES ('cat.jpg')")
    child = ("import sqlite3, sys, time\n"
             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
             "c.execute('PRAGMA cache_size = 1')\n"
             "c.execute('BEGIN IMMEDIATE')\n"
             "for i in range(300):\n"
             "    c.execute('INSERT INTO photos (file) VALUES (?)', (str(i) * 900,))\n"
             "print('ready', flush=True)\n"
             "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", child, str(path)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert (tmp_path / "photos.db-journal").stat().st_size > 0
    before = _folder(path)
    for call in READERS.values():
        with pytest.raises(StorageError) as info:
            call(path)
        assert "another application" in str(info.value)
        assert "as your database" not in str(info.value)
    status, err = _cli(capsys, "data", "check", "--db", str(path))
    assert status == 2 and "another application" in err
    assert _folder(path) == before


# --- 7. an older version is migrated only when the whole operation succeeds -------------------
def _v0(db: Path, folder: Path) -> Path:
    return _sql(_copy(db, folder, "v0.db"), "DROP TABLE scenarios", "PRAGMA application_id = 0",
                "PRAGMA user_version = 0")


def test_a_v0_database_stays_as_it_was_when_the_write_then_fails(db: Path,
                                                                 tmp_path: Path) -> None:
    path = _v0(db, tmp_path / "old")
    assert inspect_database(path) == 0
    before = path.read_bytes()
    with pytest.raises(StorageError, match="no saved scenario named 'nope'"):
        delete_scenario(path, "nope")
    with pytest.raises(StorageError, match="no saved scenario named 'nope'"):
        rename_scenario(path, "nope", "other")
    assert path.read_bytes() == before
    save_scenario(path, "kept", "", {"lock_in": 1.0})  # a write that succeeds migrates
    assert inspect_database(path) == SCHEMA_VERSION
    assert [r.name for r in list_scenarios(path)] == ["kept"]


def test_a_v0_user_database_stays_as_it_was_when_the_open_then_fails(db: Path,
                                                                     tmp_path: Path) -> None:
    path = _sql(_v0(db, tmp_path / "old"),
                "UPDATE chips SET vendor_id = 'nobody' WHERE rowid = 2")
    before = path.read_bytes()
    with pytest.raises(StorageError, match="holds invalid data"):
        open_user_database(path)
    assert path.read_bytes() == before
