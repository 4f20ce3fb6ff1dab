"""A full disk, a lock held by another program and a read-only file: each is named (never
"damaged; rebuild it", never a raw sqlite3 error), and the database keeps what it had."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    list_scenarios,
    load_dataset,
    load_scenario,
    save_scenario,
)
from chipscope.storage import errors as storage_errors
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.storage.errors import (
    DatabaseBusy,
    DatabaseFull,
    DatabaseReadOnly,
    sqlite_failure,
)
from chipscope.storage.schema import write_transaction


# --- a full disk (the full_disk fixture: tests/storage/conftest.py) -----------------------------
def test_save_scenario_on_a_full_disk_names_the_cause(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      request: pytest.FixtureRequest) -> None:
    save_scenario(db, "Kept", "before", {"lock_in": 2.0})
    before = db.read_bytes()
    request.getfixturevalue("full_disk")
    big = "x" * 200_000  # far more than the free pages
    with pytest.raises(DatabaseFull, match="disk is full") as info:
        save_scenario(db, "Big", big, {"lock_in": 3.0})
    assert str(db) in str(info.value) and "rollback" not in str(info.value)
    monkeypatch.undo()
    assert db.read_bytes() == before
    assert [r.name for r in list_scenarios(db)] == ["Kept"]
    assert load_scenario(db, "Kept").values == {"lock_in": 2.0}


def test_save_autosave_on_a_full_disk_names_the_cause(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      request: pytest.FixtureRequest) -> None:
    save_autosave(db, "Work", "", {"lock_in": 2.0})
    request.getfixturevalue("full_disk")
    with pytest.raises(DatabaseFull, match="disk is full"):
        save_autosave(db, "Work", "y" * 200_000, {"lock_in": 3.0})
    monkeypatch.undo()
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 2.0}


def test_write_transaction_keeps_the_real_cause_when_sqlite_already_rolled_back() -> None:
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        conn.execute("CREATE TABLE t (x)")
        with pytest.raises(sqlite3.OperationalError, match="no such table"), \
                write_transaction(conn):
            conn.execute("ROLLBACK")  # as SQLite does itself on SQLITE_FULL
            conn.execute("INSERT INTO missing VALUES (1)")
        assert not conn.in_transaction


# --- a lock held by another program ----------------------------------------------------------
LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE meta SET value = value")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def _lock(db: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def _unlock(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.wait(timeout=10)
    proc.stdout.close()


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 0.3)


@pytest.fixture
def locked(db: Path, short_timeout: None) -> Iterator[subprocess.Popen[str]]:
    """Another process holds ``BEGIN EXCLUSIVE`` (with a journal beside the file) until the
    test ends; the busy timeout is short so the tests stay fast."""
    proc = _lock(db)
    yield proc
    _unlock(proc)


def _no_rebuild(exc: StorageError, db: Path) -> None:
    text = str(exc)
    assert "Another program is using the database" in text and str(db) in text
    assert "rebuild" not in text and "damaged" not in text and "crash" not in text


def test_a_lock_is_reported_as_busy_for_every_read_and_write(
        db: Path, locked: subprocess.Popen[str]) -> None:
    """Writes wait, then say another program is using the file. A read either shows the last
    committed state or says the same; never "damaged", "rebuild" or "a crash left"."""
    reads = [lambda: list_scenarios(db), lambda: load_dataset(db), lambda: load_autosave(db)]
    for read in reads:
        try:
            read()
        except DatabaseBusy as exc:
            _no_rebuild(exc, db)
    for write in (lambda: save_scenario(db, "B", "", {}),
                  lambda: save_autosave(db, "W", "", {})):
        with pytest.raises(DatabaseBusy) as info:
            write()
        _no_rebuild(info.value, db)


def test_a_short_lock_is_waited_for(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 5.0)
    import threading

    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    save_scenario(db, "After the lock", "", {"lock_in": 2.0})
    release.join()
    other.close()
    assert 0.2 < time.monotonic() - started < 5.0
    assert [r.name for r in list_scenarios(db)] == ["After the lock"]


@pytest.mark.parametrize("own", [False, True], ids=["--db", "user database"])
def test_the_cli_says_busy_with_status_2(db: Path, tmp_path: Path, short_timeout: None,
                                         own: bool, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope import paths
    from chipscope.cli import main
    from chipscope.storage import open_user_database

    target = db
    args = ["run", "--out", str(tmp_path / "out.csv")]
    if own:
        _, target = open_user_database()
        assert target == paths.user_db_path()
    else:
        args += ["--db", str(db)]
    proc = _lock(target)
    try:
        status = main(args)
    finally:
        _unlock(proc)
    err = capsys.readouterr().err
    assert "unexpected" not in err and "crash" not in err and "rebuild" not in err
    if status != 0:  # (a run may also read the last committed state and succeed)
        assert status == 2 and "Another program is using the database" in err
        assert not (tmp_path / "out.csv").exists()


# --- a read-only file -----------------------------------------------------------------------
def test_read_only_errors_say_so() -> None:
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    found = sqlite_failure(Path("/x/chipscope.db"), exc)
    assert isinstance(found, DatabaseReadOnly)
    assert "read-only" in str(found) and "rebuild" not in str(found)


def test_saving_to_a_read_only_database_says_so(db: Path) -> None:
    db.chmod(0o444)
    try:
        with pytest.raises(DatabaseReadOnly, match="read-only"):
            save_scenario(db, "A", "", {})
        assert list_scenarios(db) == []  # still readable
    finally:
        db.chmod(0o644)


def test_a_read_only_user_database_opens_and_saving_says_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """(As root every file is writable, so the check is shown with os.access answering no.)"""
    from chipscope.storage import DbScenarioStore, open_user_database
    from chipscope.storage.errors import is_read_only

    dataset, db = open_user_database()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) in (
        db, db.parent) and mode == os.W_OK else real(p, mode, *a, **k))
    assert is_read_only(db)
    again, _ = open_user_database()  # reading needs no write
    assert again.date == dataset.date
    with pytest.raises(DatabaseReadOnly, match="read-only") as info:
        DbScenarioStore(db).save("A", "", {})
    assert str(db) in str(info.value) and "rebuild" not in str(info.value)
    assert list_scenarios(db) == []
