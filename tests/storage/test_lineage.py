"""Pass 12, DB A4b: the journal of a killed ChipScope save was played back into another
ChipScope database whose header happened to match (a restored copy with a change counter one
higher): its scenarios were lost and `data check` then found nothing wrong. Every write now
moves a lineage row on, and a journal is played back only into the database it was written
for (chipscope.storage.lineage)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.journal import journal_belongs
from chipscope.storage.recovery import journal_path
from chipscope.storage.repository import check_database, open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from tests.storage.killed_save import kill_a_save


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_killed_save_is_not_played_into_a_restored_copy(db: Path, tmp_path: Path) -> None:
    built = tmp_path / "built.db"
    shutil.copyfile(db, built)
    save_scenario(db, "mine", "", {"lock_in": 1.0})  # the user's database: counter c
    other = tmp_path / "other.db"  # another machine's copy of the same build: counter c + 1
    shutil.copyfile(built, other)
    save_scenario(other, "work0", "", {"lock_in": 2.0})
    save_scenario(other, "work1", "", {"lock_in": 3.0})
    kill_a_save(db, spill=True)
    journal = journal_path(db).read_bytes()
    shutil.copyfile(other, db)  # the user restores the other copy over the database
    before = _digest(db)
    assert journal_belongs(db) is False
    with pytest.raises(StorageError, match="left by a crash of another copy of the database"):
        open_user_database(db)
    assert any("another copy" in p for p in check_database(db))
    assert _digest(db) == before and journal_path(db).read_bytes() == journal
    journal_path(db).unlink()  # what the message says: move it away
    assert [s.name for s in list_scenarios(db)] == ["work0", "work1"]


def test_an_older_backup_of_the_same_database_is_refused_too(db: Path, tmp_path: Path) -> None:
    save_scenario(db, "first", "", {"lock_in": 1.0})
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    save_scenario(db, "second", "", {"lock_in": 2.0})
    kill_a_save(db, spill=True)
    shutil.copyfile(backup, db)
    assert journal_belongs(db) is False


def test_a_killed_save_is_still_rolled_back_into_its_own_database(db: Path) -> None:
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    kill_a_save(db, spill=True)
    journal = journal_path(db).read_bytes()
    assert journal.startswith(bytes.fromhex("d9d505f920a163d7")) and b"csgen:" in journal
    assert journal_belongs(db) is True
    dataset, _ = open_user_database(db)
    assert dataset.chip_ids and not journal_path(db).exists()
    assert [s.name for s in list_scenarios(db)] == ["kept"]


def test_a_build_stays_reproducible_and_its_first_write_adds_the_lineage(
        db: Path, csv_dir: Path, tmp_path: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'lineage'"
                            ).fetchone() == (0,)
    save_scenario(db, "x", "", {"lock_in": 1.0})
    save_scenario(db, "y", "", {"lock_in": 1.0})
    with closing(sqlite3.connect(db)) as conn:
        generation, previous = conn.execute("SELECT generation, previous FROM lineage").fetchone()
    assert generation.startswith("csgen:") and previous.startswith("csprev:")
    assert check_database(db) == []
