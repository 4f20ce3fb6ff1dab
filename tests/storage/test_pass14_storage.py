"""Pass 14 (databases and faults): a copy forked from the database and written since was taken
for the owner of the original's killed-save journal (A1); another program's live write was
called a crash (D1); a finished WAL log blocked ``data build`` (D2)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.errors import DatabaseBusy
from chipscope.storage.journal import journal_belongs
from chipscope.storage.recovery import journal_path, wal_path
from chipscope.storage.repository import load_dataset, open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from tests.other_program import other_program
from tests.storage.killed_save import kill_a_save

FOREIGN = "left by a crash of another copy of the database"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _by_sqlite3(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:  # another program: the lineage stays
        conn.execute("INSERT INTO scenarios VALUES ('viasqlite', ?, '{}', 0, 'x')",
                     ("q" * 100_000,))
        conn.commit()


# --- A1: a copy forked at the killed save's start and written since --------------------------
@pytest.mark.parametrize("writer", ["chipscope", "sqlite3"])
def test_a_copy_written_since_the_fork_does_not_take_the_originals_journal(
        db: Path, tmp_path: Path, writer: str) -> None:
    save_scenario(db, "mine", "", {"lock_in": 1.0})
    laptop = tmp_path / "laptop.db"
    shutil.copyfile(db, laptop)
    if writer == "chipscope":
        save_scenario(laptop, "laptopwork", "L" * 300_000, {"lock_in": 2.0})
    else:
        _by_sqlite3(laptop)
    kill_a_save(db, spill=True)
    journal = journal_path(db).read_bytes()
    shutil.copyfile(laptop, db)  # the user brings the laptop's copy back
    before = _digest(db)
    assert journal_belongs(db) is False
    with pytest.raises(StorageError, match=FOREIGN):  # reads name the journal, not damage
        load_dataset(db)
    with pytest.raises(StorageError, match=FOREIGN):
        open_user_database(db)
    with pytest.raises(StorageError, match=FOREIGN):
        save_scenario(db, "another", "", {"lock_in": 3.0})
    assert _digest(db) == before and journal_path(db).read_bytes() == journal
    journal_path(db).unlink()
    names = [s.name for s in list_scenarios(db)]
    assert "mine" in names and ("laptopwork" in names or writer == "sqlite3")


def test_the_killed_saves_own_journal_still_rolls_back_after_its_lineage_page_spilled(
        db: Path) -> None:
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    save_scenario(db, "kept2", "", {"lock_in": 1.0})  # previous now set: both lineage fields
    kill_a_save(db, spill=True)
    assert journal_belongs(db) is True
    open_user_database(db)
    assert not journal_path(db).exists()
    assert [s.name for s in list_scenarios(db)] == ["kept", "kept2"]


# --- D1: another program writing now ---------------------------------------------------------
_WRITER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA cache_size=1"); c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE pad SET x = upper(x)")  # in place (no page 1), spilled to the file
print("writing", flush=True); sys.stdin.readline(); c.execute("ROLLBACK")
"""


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="fcntl lock layout")
def test_a_live_write_of_another_program_is_busy_not_a_crash(db: Path) -> None:
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    with closing(sqlite3.connect(db)) as conn:  # another program's table, to write in place
        conn.execute("CREATE TABLE pad (x TEXT)")
        conn.executemany("INSERT INTO pad VALUES (?)", [("a" * 1000,)] * 400)
        conn.commit()
    with other_program(_WRITER, str(db), ready="writing"):
        assert journal_path(db).read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
        assert load_dataset(db).chip_ids  # the last commit, read from a private copy
        assert [s.name for s in list_scenarios(db)] == ["kept"]
        with pytest.raises(DatabaseBusy, match="Another program is using the database"):
            save_scenario(db, "new", "", {"lock_in": 1.0})
        assert journal_path(db).exists()  # nobody was told to move it away
    save_scenario(db, "new", "", {"lock_in": 1.0})
    assert [s.name for s in list_scenarios(db)] == ["kept", "new"]


# --- D2: a finished WAL log beside a build target --------------------------------------------
def test_a_finished_wal_log_beside_a_build_target_is_no_write_to_lose(
        db: Path, csv_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    subprocess.run([sys.executable, "-c", f"""
import os, signal, sqlite3
c = sqlite3.connect({str(db)!r}, isolation_level=None); c.execute('pragma journal_mode=wal')
c.execute('create table zz(x)'); c.execute('pragma wal_checkpoint(TRUNCATE)')
os.kill(os.getpid(), signal.SIGKILL)"""], check=False, timeout=60)
    assert wal_path(db).exists() and wal_path(db).stat().st_size == 0
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(db)]) == 0, \
        capsys.readouterr().err
