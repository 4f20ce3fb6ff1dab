"""Autosave of the working scenario: one row, replaced in one transaction, cleared on exit."""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError, list_scenarios, save_scenario
from chipscope.storage.autosave import clear_autosave, load_autosave, save_autosave
from chipscope.storage.recovery import has_hot_journal, roll_back_interrupted_write


def test_no_autosave_in_a_new_database(db: Path) -> None:
    assert load_autosave(db) is None
    clear_autosave(db)  # nothing to clear is fine
    assert load_autosave(db) is None


def test_save_load_replace_clear(db: Path) -> None:
    save_autosave(db, "Bear case", "slow", {"lock_in": 1.0,
                                            "vendor.v0.supply_cap_h100e": math.nan})
    record = load_autosave(db)
    assert record is not None and record.unsaved
    assert record.scenario.name == "Bear case" and record.scenario.description == "slow"
    assert record.scenario.values["lock_in"] == 1.0
    assert math.isnan(record.scenario.values["vendor.v0.supply_cap_h100e"])
    assert record.saved_at.endswith("+00:00")
    save_autosave(db, "Untitled", "", {"lock_in": 2.0}, unsaved=False)
    again = load_autosave(db)
    assert again is not None and again.scenario.name == "Untitled" and not again.unsaved
    assert again.scenario.values == {"lock_in": 2.0}
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM autosave").fetchone() == (1,)
    clear_autosave(db)
    assert load_autosave(db) is None
    assert list_scenarios(db) == []  # the autosave is not a saved scenario


def test_a_failed_write_keeps_the_previous_autosave(db: Path) -> None:
    save_autosave(db, "A", "", {"lock_in": 1.0})
    with pytest.raises(ValueError, match="lock_in"):
        save_autosave(db, "B", "", {"lock_in": math.inf})
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "A"


def test_bundled_database_is_refused(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    before = db.read_bytes()
    with pytest.raises(StorageError, match="read-only"):
        save_autosave(db, "A", "", {"lock_in": 1.0})
    assert db.read_bytes() == before and load_autosave(db) is None


def test_damaged_autosave_row_is_reported(db: Path) -> None:
    save_autosave(db, "A", "", {"lock_in": 1.0})
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE autosave SET values_json = 'not json'")
        conn.commit()
    with pytest.raises(StorageError, match="damaged"):
        load_autosave(db)


def test_interrupted_write_is_rolled_back(db: Path, tmp_path: Path) -> None:
    """A save that dies mid-transaction leaves a hot journal; recovery puts the file back.
    (ChipScope's writes go through ``write_transaction``, page 1 first: another program's
    journal without page 1 is refused instead, see test_pass12_companions.py.)"""
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    import subprocess
    import sys

    code = (
        "import sqlite3, os\n"
        "from chipscope.storage.schema import write_transaction\n"
        f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"  # spill pages to the file before commit
        "t = write_transaction(c)\n"
        "t.__enter__()\n"
        "c.execute('DELETE FROM scenarios')\n"
        "for i in range(300):\n"
        "    c.execute(\"INSERT INTO scenarios VALUES (?, '', ?, 0, 'x')\", (str(i), 'x' * 4000))\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    assert has_hot_journal(db)
    assert roll_back_interrupted_write(db) is True
    assert not has_hot_journal(db)
    assert [s.name for s in list_scenarios(db)] == ["kept"]
    assert roll_back_interrupted_write(db) is False  # nothing left to do


def test_recovery_leaves_foreign_files_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    journal = tmp_path / "other.db-journal"
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\0" * 504)
    assert roll_back_interrupted_write(other) is False
    assert journal.exists()


def test_an_untitled_autosave_never_takes_a_saved_scenarios_name(db: Path) -> None:
    """Pass 91 F1: the untitled working scenario's autosave was "Untitled" beside a saved
    "Untitled"; the next start offered its values as that scenario's changes and Save
    overwrote it. It now takes a free name; a saved scenario's own autosave keeps its name."""
    save_autosave(db, "Untitled", "", {"lock_in": 1.6}, based_on="")
    assert (record := load_autosave(db)) is not None and record.scenario.name == "Untitled"
    save_scenario(db, "Untitled", "", {"lock_in": 1.3})
    save_scenario(db, "Untitled (restored)", "", {"lock_in": 1.2})
    save_autosave(db, "Untitled", "", {"lock_in": 1.6}, based_on="")
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Untitled (restored 2)"
    assert record.unsaved and record.scenario.values == {"lock_in": 1.6}
    save_autosave(db, "Untitled", "", {"lock_in": 1.7})  # the saved one's own changes
    assert (record := load_autosave(db)) is not None and record.scenario.name == "Untitled"
    assert [r.name for r in list_scenarios(db)] == ["Untitled", "Untitled (restored)"]


def test_the_autosave_keeps_the_stamp_its_values_were_made_on(db: Path) -> None:
    """Pass 93 F1: the next start could not tell which saved copy the autosaved values were
    made on. An older version's table gets the column at the next autosave; an older version's
    later autosave (another saved_at) leaves it stale, and it is then unknown."""
    with closing(sqlite3.connect(db)) as conn, conn:  # an older version's table
        conn.execute("CREATE TABLE autosave (slot INTEGER PRIMARY KEY NOT NULL CHECK "
                     "(slot = 1), name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                     "values_json TEXT NOT NULL, unsaved INTEGER NOT NULL CHECK (unsaved IN "
                     "(0, 1)), saved_at TEXT NOT NULL)")
        conn.execute("INSERT INTO autosave VALUES (1, 'Mine', '', '{\"lock_in\": 1.4}', 1, "
                     "'2026-01-01T00:00:00+00:00')")
    assert (record := load_autosave(db)) is not None and record.based_on is None
    save_autosave(db, "Mine", "", {"lock_in": 1.5}, based_on="2026-12-01T10:00:00.000001+00:00")
    assert (record := load_autosave(db)) is not None
    assert record.based_on == "2026-12-01T10:00:00.000001+00:00"
    save_autosave(db, "Untitled", "", {"lock_in": 1.6}, based_on="")
    assert (record := load_autosave(db)) is not None and record.based_on == ""
    with closing(sqlite3.connect(db)) as conn, conn:  # an older version's upsert
        conn.execute("UPDATE autosave SET saved_at = '2027-01-01T00:00:00+00:00'")
    assert (record := load_autosave(db)) is not None and record.based_on is None
    save_autosave(db, "Mine", "", {"lock_in": 1.5})  # unknown
    assert (record := load_autosave(db)) is not None and record.based_on is None


@pytest.mark.parametrize("column", [
    "based_on TEXT GENERATED ALWAYS AS (name) VIRTUAL",
    "based_on TEXT CHECK (based_on IS NULL)",
    "based_on TEXT NOT NULL DEFAULT ''",
])
def test_another_programs_basis_column_never_fails_the_autosave(db: Path, column: str) -> None:
    """Pass 94 F3: a based_on column another program made otherwise (generated, a CHECK, NOT
    NULL) made every autosave fail ("duplicate column name", "CHECK constraint failed") while
    `data check` found nothing. The basis is an extra: the autosave is written without it."""
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE autosave (slot INTEGER PRIMARY KEY NOT NULL CHECK "
                     "(slot = 1), name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', "
                     "values_json TEXT NOT NULL, unsaved INTEGER NOT NULL CHECK (unsaved IN "
                     f"(0, 1)), saved_at TEXT NOT NULL, {column})")
    save_autosave(db, "Mine", "", {"lock_in": 1.4}, based_on="2026-12-01T10:00:00+00:00")
    save_autosave(db, "Mine", "", {"lock_in": 1.5})
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.5}
    assert record.based_on is None
