"""Pass 11 (databases and faults): a crash's journal beside another file, read-only folders,
full disks, ``data check``'s depth, hand-edited layouts and the autosave's checks."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.recovery import journal_path
from chipscope.storage.repository import check_database, load_dataset, open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario

FOREIGN = "beside it was left by a crash of another copy of the database; move it away"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _crash_mid_save(db: Path, *, chipscope: bool) -> bytes:
    """Kill a writer in the middle of a transaction on ``db``; return its hot journal.
    ``chipscope``: the write goes through ChipScope's ``write_transaction`` (page 1 is the
    journal's first page); otherwise another program's write, whose journal holds no page 1."""
    begin = ("from chipscope.storage.schema import write_transaction\n"
             "t = write_transaction(c)\n"
             "t.__enter__()\n") if chipscope else "c.execute('BEGIN IMMEDIATE')\n"
    code = (
        "import sqlite3, os, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"  # spill pages to the file before the commit
        + begin
        + "c.execute('DELETE FROM scenarios')\n"
        "for i in range(300):\n"
        "    c.execute(\"INSERT INTO scenarios VALUES (?, '', ?, 0, 'x')\", (str(i), 'x' * 4000))\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    journal = journal_path(db)
    assert journal.stat().st_size > 0
    return journal.read_bytes()



def test_a_journal_beside_a_restored_backup_is_refused(db: Path, tmp_path: Path) -> None:
    """Case A: a save is killed, the user copies a backup over the database; the crash's
    journal is never played back onto the backup (it was: the backup destroyed, exit 1)."""
    backup = tmp_path / "backup.db"
    save_scenario(db, "mine", "", {"lock_in": 0.3})
    save_scenario(db, "other", "", {"lock_in": 0.4})
    shutil.copyfile(db, backup)
    live = tmp_path / "live.db"
    shutil.copyfile(db, live)
    save_scenario(db, "later", "", {})  # the live copy moves on; the backup stays
    shutil.copyfile(db, live)
    journal = _crash_mid_save(live, chipscope=True)
    home = tmp_path / "home"
    home.mkdir()
    target = home / "chipscope.db"
    shutil.copyfile(backup, target)
    journal_path(target).write_bytes(journal)
    before = _digest(target)
    for read in (open_user_database, load_dataset, list_scenarios, check_database):
        if read is check_database:
            assert FOREIGN in " ".join(check_database(target))
            continue
        with pytest.raises(StorageError, match=FOREIGN):
            read(target)
    with pytest.raises(StorageError, match=FOREIGN):
        save_scenario(target, "x", "", {})
    assert _digest(target) == before and journal_path(target).read_bytes() == journal


def test_another_programs_journal_beside_a_file_of_another_size_is_refused(
        db: Path, tmp_path: Path) -> None:
    """A journal without page 1 (another program's write): the file's header must still say
    the journal's initial page count."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    for i in range(40):
        save_scenario(db, f"s{i}", "x" * 3000, {})
    journal = _crash_mid_save(db, chipscope=False)
    journal_path(backup).write_bytes(journal)
    before = _digest(backup)
    with pytest.raises(StorageError, match=FOREIGN):
        open_user_database(backup)
    assert _digest(backup) == before


def test_the_own_journal_of_a_killed_save_is_still_rolled_back(db: Path) -> None:
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    _crash_mid_save(db, chipscope=True)
    dataset, _ = open_user_database(db)
    assert dataset.chip_ids and not journal_path(db).exists()
    assert [s.name for s in list_scenarios(db)] == ["kept"]


def test_no_new_database_is_made_beside_a_leftover_journal(db: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Case B: the user deletes the database after a crash; the journal stays. A fresh copy
    was made and the old journal rolled back onto it (a phantom scenario, a broken index)."""
    save_scenario(db, "mine", "", {})
    journal = _crash_mid_save(db, chipscope=False)
    home = tmp_path / "home"
    home.mkdir()
    journal_path(home / "chipscope.db").write_bytes(journal)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    with pytest.raises(StorageError, match=FOREIGN):
        open_user_database()
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db-journal"]
    journal_path(home / "chipscope.db").unlink()  # moved away, as the message says
    dataset, path = open_user_database()
    assert dataset.chip_ids and list_scenarios(path) == []


def test_a_journal_without_its_magic_is_never_played_back_and_is_not_refused(db: Path) -> None:
    journal_path(db).write_bytes(b"\0" * 1024)  # a zeroed header: SQLite ignores it
    assert load_dataset(db).chip_ids


def _sql(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(sql)


# --- F2-F5: a folder that cannot be written, a full disk -----------------------------------------
def _unwritable(monkeypatch: pytest.MonkeyPatch, *places: Path) -> None:
    """os.access says no to writing ``places`` (as root every file is writable, so a read-only
    folder, mount or immutable file is shown this way)."""
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) in places
                        and mode == os.W_OK else real(p, mode, *a, **k))


def _user_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    target = home / "chipscope.db"
    shutil.copyfile(source, target)
    return target


def _newer_bundled(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "bundled.db"
    shutil.copyfile(db, bundled)
    _sql(bundled, "UPDATE meta SET value = '2099-01-01' WHERE key = 'date'")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))


@pytest.mark.parametrize("kind", ["newer bundled", "wal", "hot journal"])
def test_a_read_only_folder_is_read_as_it_is(db: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """F2/F3/F5: the user's database in a folder (or mount) that cannot be written: read the
    last committed state, write nothing (no rollback, no WAL switch, no -wal/-shm), and never
    say "damaged; rebuild it"."""
    save_scenario(db, "mine", "", {})
    target = _user_db(tmp_path, monkeypatch, db)
    if kind == "newer bundled":
        _newer_bundled(db, tmp_path, monkeypatch)
    elif kind == "wal":
        _sql(target, "PRAGMA journal_mode = WAL")
    else:
        journal_path(target).write_bytes(_crash_mid_save(target, chipscope=True))
    before = sorted(p.name for p in target.parent.iterdir()), _digest(target)
    _unwritable(monkeypatch, target, target.parent)
    dataset, path = open_user_database()
    assert dataset.chip_ids and [s.name for s in list_scenarios(path)] == ["mine"]
    assert (sorted(p.name for p in target.parent.iterdir()), _digest(target)) == before


def test_io_errors_of_a_read_only_folder_or_full_disk_are_not_damage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """damaged() and write_failed() classify alike: SQLite's "unable to open database file"
    or "disk I/O error" is read-only (folder) or a full disk, never "rebuild it"."""
    from chipscope.storage import disk_space, errors
    from chipscope.storage.database import damaged

    path = tmp_path / "chipscope.db"
    path.write_bytes(b"")
    io = sqlite3.OperationalError("disk I/O error")
    assert "damaged" in str(damaged(path, str(io)))  # a writable folder with space: damage
    monkeypatch.setattr(disk_space, "FULL_BELOW_BYTES", 2**62)
    for found in (damaged(path, str(io)), errors.write_failed(path, io)):
        assert isinstance(found, errors.DatabaseFull) and "disk is full" in str(found)
    _unwritable(monkeypatch, path.parent)
    found = damaged(path, "unable to open database file")
    assert isinstance(found, errors.DatabaseReadOnly) and "rebuild" not in str(found)


def test_a_wal_database_on_a_full_disk_is_read(db: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """F4: SQLite cannot make the -shm of a WAL database on a full disk ("disk I/O error"):
    a read works, a write says the disk is full."""
    from chipscope.storage import disk_space, errors, user_edits

    target = _user_db(tmp_path, monkeypatch, db)
    _sql(target, "PRAGMA journal_mode = WAL")
    monkeypatch.setattr(disk_space, "FULL_BELOW_BYTES", 2**62)
    real = sqlite3.connect

    def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if "mode=ro" not in str(database) and str(target.name) in str(database):
            raise sqlite3.OperationalError("disk I/O error")  # SQLite's words for no -shm
        return real(database, *args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(sqlite3, "connect", connect)
    dataset, path = open_user_database()
    assert dataset.chip_ids
    with pytest.raises(errors.DatabaseFull, match="disk is full"):
        user_edits.put_edits(path, [])


# --- F6: data check runs integrity_check ------------------------------------------------------
def test_data_check_finds_an_index_that_disagrees_with_its_table(db: Path) -> None:
    """quick_check (every open) does not compare an index with its table; data check does."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("CREATE INDEX ix ON deals(description)")
        conn.execute("PRAGMA writable_schema = ON")  # the index now claims another column
        conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX ix ON deals(deal_id)' "
                     "WHERE name = 'ix'")
    before = _digest(db)
    problems = check_database(db)
    assert len(problems) == 1 and "damaged (row 1 missing from index ix)" in problems[0]
    assert _digest(db) == before


# --- F7: hand-edited layouts and numbers ---------------------------------------------------------
_DEAL_COLUMNS = ("deal_id, adopter_id, vendor_id, chip_id, first_year, last_year, amount, "
                 "amount_unit, h100e_per_year, conversion, description, source_id, confidence, "
                 "firmness, start_fraction, host_id")


def test_a_table_renamed_only_in_case_is_read(db: Path) -> None:
    _sql(db, "ALTER TABLE deals RENAME TO tmpx; ALTER TABLE tmpx RENAME TO DEALS")
    assert load_dataset(db).chip_ids and check_database(db) == []


@pytest.mark.parametrize(("sql", "said"), [
    ("DROP TABLE scenarios; CREATE VIEW scenarios AS SELECT 'a' AS name",
     "has a view where ChipScope keeps a table ('scenarios')"),
    (f"CREATE TABLE d2({_DEAL_COLUMNS.replace('deal_id,', 'deal_id TEXT PRIMARY KEY,')}) "
     f"WITHOUT ROWID; INSERT INTO d2 SELECT {_DEAL_COLUMNS} FROM deals; DROP TABLE deals; "
     "ALTER TABLE d2 RENAME TO deals", "keeps the table 'deals' as a WITHOUT ROWID table"),
    (f"CREATE VIRTUAL TABLE d2 USING fts5({_DEAL_COLUMNS}); DROP TABLE deals; "
     "ALTER TABLE d2 RENAME TO deals", "keeps the table 'deals' as a virtual table"),
])
def test_another_layout_for_a_table_is_named(db: Path, sql: str, said: str) -> None:
    _sql(db, sql)
    with pytest.raises(StorageError) as info:
        load_dataset(db)
    assert said in str(info.value) and "missing" not in str(info.value)
    assert "no such column" not in str(info.value)


@pytest.mark.parametrize(("value", "shown"), [("9223372036854775807", "9223372036854775807 is"),
                                              ("1e308", "1e+308 is")])
def test_a_huge_year_is_quoted_as_stored(db: Path, value: str, shown: str) -> None:
    _sql(db, f"UPDATE deals SET first_year = {value} WHERE rowid = 1")
    with pytest.raises(StorageError) as info:
        load_dataset(db)
    assert f"column first_year: {shown} outside" in str(info.value)
    assert len(str(info.value)) < 300


# --- F8: the autosave follows save_scenario's rule -----------------------------------------------
@pytest.mark.parametrize(("name", "description", "said"), [
    ("a\ud800", "", "name: "), ("a\0b", "", "name: "), ("a\u202eb", "", "name: "),
    ("", "", "name: "), ("x" * 100_000, "", "name: "), ("ok", "bell\a", "description: "),
])
def test_the_autosave_refuses_what_save_scenario_refuses(db: Path, name: str, description: str,
                                                         said: str) -> None:
    from chipscope.storage.autosave import load_autosave, save_autosave

    for save in (save_scenario, save_autosave):
        with pytest.raises(ValueError) as info:
            save(db, name, description, {})
        assert str(info.value).startswith(said)
    assert load_autosave(db) is None and list_scenarios(db) == []


@pytest.mark.parametrize("value", ["abc", None, [1]])
def test_a_value_that_is_not_a_number_is_named_by_its_key(db: Path, value: object) -> None:
    from chipscope.storage.autosave import save_autosave

    for save in (save_scenario, save_autosave):
        with pytest.raises(ValueError, match=r"^lock_in: .* is not a number$"):
            save(db, "ok", "", {"lock_in": value})  # type: ignore[dict-item]
