"""Pass 12 (databases and faults): regression tests (/work/pass12-db.md)."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.storage.scenarios import list_scenarios, load_scenario, save_scenario


def _execute(db: Path, script: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.executescript(script)


# --- A2: another program's UNIQUE index made a save delete other scenarios -----------------
def test_a_foreign_unique_index_refuses_the_save_and_deletes_nothing(db: Path) -> None:
    """``INSERT OR REPLACE`` deleted every row that broke any unique index: saving 'third'
    silently deleted 'other'. The save now fails naming the rule, and nothing is lost."""
    save_scenario(db, "mine", "my notes", {"lock_in": 1.0})
    save_scenario(db, "other", "", {"lock_in": 2.0})
    _execute(db, "CREATE UNIQUE INDEX distinct_notes ON scenarios(description)")
    before = db.read_bytes()
    with pytest.raises(StorageError) as caught:
        save_scenario(db, "third", "", {})
    assert str(caught.value) == (
        f"The database {db} could not be written (UNIQUE constraint failed: "
        "scenarios.description: another program added that rule, which ChipScope's tables do "
        "not have); nothing was changed. Drop that index with an SQLite tool.")
    assert [r.name for r in list_scenarios(db)] == ["mine", "other"]
    assert db.read_bytes() == before


def test_saving_a_scenario_again_keeps_its_row_and_others(db: Path) -> None:
    """The upsert that replaced REPLACE: a second save of a name updates it in place."""
    save_scenario(db, "mine", "v1", {"lock_in": 1.0})
    save_scenario(db, "other", "", {})
    save_scenario(db, "mine", "v2", {"lock_in": 2.0})
    record = load_scenario(db, "mine")
    assert record.scenario.description == "v2" and dict(record.scenario.values) == {
        "lock_in": 2.0}
    assert [r.name for r in list_scenarios(db)] == ["mine", "other"]


# --- A3: a table rebuilt without its primary key -------------------------------------------
REBUILD_SCENARIOS = """BEGIN; ALTER TABLE scenarios RENAME TO s_old;
CREATE TABLE scenarios (name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
  values_json TEXT NOT NULL, is_preset INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
INSERT INTO scenarios SELECT * FROM s_old; DROP TABLE s_old; COMMIT;"""


def test_a_scenarios_table_without_its_key_refuses_saves(db: Path) -> None:
    """Saves of one name added rows and loading gave the first (old) values."""
    save_scenario(db, "mine", "v1", {"lock_in": 1.0})
    _execute(db, REBUILD_SCENARIOS)
    before = db.read_bytes()
    with pytest.raises(StorageError, match=re.escape(  # pass 14: the sentence names the table
            "its table 'scenarios' lost its key (name): another program rebuilt it without its "
            "PRIMARY KEY")):
        save_scenario(db, "mine", "v2", {"lock_in": 2.0})
    assert db.read_bytes() == before
    assert load_scenario(db, "mine").scenario.description == "v1"


def test_an_autosave_table_without_its_key_refuses_autosaves(db: Path) -> None:
    """The autosave slot rebuilt without PRIMARY KEY: a restore brought back the first
    autosave, not the last."""
    save_autosave(db, "first", "", {"lock_in": 1.0}, unsaved=True)
    _execute(db, """BEGIN; ALTER TABLE autosave RENAME TO a_old;
        CREATE TABLE autosave AS SELECT * FROM a_old; DROP TABLE a_old; COMMIT;""")
    with pytest.raises(StorageError, match="its table 'autosave' lost its key"):
        save_autosave(db, "second", "", {"lock_in": 2.0}, unsaved=True)
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "first"


def test_undoing_a_delete_over_a_later_save_is_told_as_an_undo(db: Path) -> None:
    """Window E2: Undo of a Delete after another window saved the name said "... since you
    opened it here; saving now would overwrite that change": the user opened nothing and was
    not saving. A write that expects the name unsaved ("") now says what happened."""
    from chipscope.storage.scenarios import SaveConflict, delete_scenario

    save_scenario(db, "S3", "", {"lock_in": 1.0})
    delete_scenario(db, "S3")
    save_scenario(db, "S3", "theirs", {"lock_in": 2.0})  # another window, meanwhile
    with pytest.raises(SaveConflict) as caught:
        save_scenario(db, "S3", "", {"lock_in": 1.0}, expected="")  # the undo
    assert str(caught.value) == (
        f"The scenario 'S3' in {db} was saved by another window or program in the meantime; "
        "writing it now would overwrite that change.")
    assert load_scenario(db, "S3").scenario.values == {"lock_in": 2.0}


def test_a_damaged_autosave_shows_no_hidden_characters_nor_pythons_advice(db: Path) -> None:
    """Window E3: a saved_at of "yesterday<NUL><RLO>" reached the restore question as it was,
    and values holding a 5,000-digit integer were reported with "use
    sys.set_int_max_str_digits() to increase the limit" (Python's advice to programmers)."""
    save_autosave(db, "mine", "", {"lock_in": 1.0}, True)
    _execute(db, "UPDATE autosave SET saved_at = 'yesterday' || char(0) || char(8238)")
    record = load_autosave(db)
    assert record is not None and record.saved_at == "yesterday"
    _execute(db, "UPDATE autosave SET values_json = '{\"lock_in\": " + "9" * 5000 + "}'")
    with pytest.raises(StorageError) as caught:
        load_autosave(db)
    said = str(caught.value)
    assert said == (f"The autosave in {db} is damaged (it holds an integer of more than 4,300 "
                    "digits).")


def test_a_disk_out_of_inodes_is_named(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DB D2: on a file system with bytes but no inodes free, saves said "could not be
    written (unable to open database file)": SQLite could not make its journal. (Checked on a
    real tmpfs with nr_inodes=6 by hand; here statvfs is the one stand-in.)"""
    import os
    import sqlite3
    from types import SimpleNamespace

    from chipscope.storage import errors

    def no_inodes(_path: object) -> SimpleNamespace:  # shutil.disk_usage reads it too
        return SimpleNamespace(f_files=6, f_favail=0, f_frsize=4096, f_bsize=4096,
                               f_blocks=1000, f_bfree=900, f_bavail=900)

    monkeypatch.setattr(errors.os, "statvfs", no_inodes, raising=False)
    found = errors.write_failed(db, sqlite3.OperationalError("unable to open database file"))
    assert isinstance(found, errors.DatabaseFull)
    assert str(found).startswith(f"The database {db} could not be written because its disk can "
                                 "hold no more files (no free inodes")
    monkeypatch.setattr(errors.os, "statvfs",
                        lambda _p: SimpleNamespace(f_files=0, f_favail=0))
    assert not errors.no_free_inodes(db)  # a file system that does not count its files
    assert os.path.exists(db)


def test_a_build_removes_the_temporaries_a_killed_build_left(csv_dir: Path, tmp_path: Path
                                                            ) -> None:
    """DB E1: a SIGKILL during `data build` left `.cs-XXXXXXXX.tmp` and its journal beside the
    output for ever. The next build removes ChipScope's own temporaries older than an hour,
    and nothing else."""
    import os
    import time

    from chipscope.storage import build_database

    out = tmp_path / "out"
    out.mkdir()
    old = time.time() - 2 * 3600
    stale = [out / ".cs-ab12cd_9.tmp", out / ".cs-ab12cd_9.tmp-journal"]
    kept = [out / ".cs-zz12cd_9.tmp", out / ".cs-notours.tmp", out / "mine.tmp"]
    for path in [*stale, *kept]:
        path.write_bytes(b"x")
    for path in [*stale, *kept[1:]]:
        os.utime(path, (old, old))
    build_database(csv_dir, out / "chipscope.db")
    assert not any(p.exists() for p in stale)
    assert all(p.read_bytes() == b"x" for p in kept)  # fresh (a build under way), or not ours


def test_clearing_the_autosave_of_a_database_moved_away_says_nothing(db: Path,
                                                                     tmp_path: Path) -> None:
    """Window observation: at close, "The autosave could not be cleared ... the next start may
    offer to restore changes" was said for a database moved away while the window was open:
    there is no autosave left to offer."""
    from chipscope.storage.autosave import clear_autosave

    save_autosave(db, "mine", "", {"lock_in": 1.0}, True)
    moved = tmp_path / "moved.db"
    db.rename(moved)
    clear_autosave(db)  # no error, and nothing made in its place
    assert not db.exists() and load_autosave(moved) is not None
