"""Pass 88 F1 and pass 89 F1-F2: a Save (or Save As, or Rename) of the working scenario and the
autosave update after it were two transactions; a SIGKILL between them left the older autosave,
and the next start offered those older values as unsaved changes (over the newer save, or of a
scenario renamed away). The working scenario's own Save, Save As and Rename, by the window that
keeps the autosave (``autosave_follows``), now drop or rename it in their own transaction;
other saves (another window's, an undo step, a duplicate, an import) leave it alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from chipscope.storage import DbScenarioStore, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave, save_autosave


def _following(db: Path, working: str | None = "Mine") -> DbScenarioStore:
    """The store of the window that keeps the autosave, working on the saved ``working``."""
    store = DbScenarioStore(db)
    store.autosave_follows = True
    store.autosave_of = lambda: working
    return store


def test_the_working_scenarios_save_drops_the_autosave(db: Path) -> None:
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    _following(db).save("Mine", "", {"lock_in": 1.5})
    assert load_autosave(db) is None
    assert load_scenario(db, "Mine").values == {"lock_in": 1.5}


def test_a_save_as_drops_the_autosave_under_the_old_name(db: Path) -> None:
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    _following(db).save("Other", "", {"lock_in": 1.5})
    assert load_autosave(db) is None


def test_a_rename_takes_the_autosave_along(db: Path) -> None:
    save_scenario(db, "Mine", "", {"lock_in": 1.3})
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    _following(db).rename("Mine", "Renamed")
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Renamed"
    assert record.unsaved and record.scenario.values == {"lock_in": 1.4}


def test_an_undo_of_a_rename_takes_the_autosave_back(db: Path) -> None:
    """Pass 90 F2: an undo (or redo) step of a rename left the autosave under the other name."""
    save_scenario(db, "Renamed", "", {"lock_in": 1.3})
    save_autosave(db, "Renamed", "", {"lock_in": 1.4})
    _following(db, "Renamed").rename("Renamed", "Mine", undoing=True)
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Mine"


def test_a_rename_of_another_scenario_leaves_the_autosave(db: Path) -> None:
    """Pass 91 F1: renaming the saved "Untitled" moved the autosave of the untitled working
    scenario (also named "Untitled") to the new name; the next start offered it as X's."""
    save_scenario(db, "Untitled", "", {"lock_in": 1.3})
    save_autosave(db, "Untitled", "", {"lock_in": 1.6})  # written before "Untitled" was saved
    for working in (None, "Other"):  # untitled, or another saved scenario
        _following(db, working).rename("Untitled", "X")
        record = load_autosave(db)
        assert record is not None and record.scenario.name == "Untitled"
        _following(db, working).rename("X", "Untitled", undoing=True)
        assert load_autosave(db) is not None


def test_other_saves_leave_the_autosave(db: Path) -> None:
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    save_scenario(db, "Mine", "", {"lock_in": 1.3})
    DbScenarioStore(db).save("Mine", "", {"lock_in": 1.5})  # another window, a duplicate...
    DbScenarioStore(db).rename("Mine", "Renamed")
    _following(db).save("Renamed", "", {"lock_in": 1.6}, undoing=True)  # an undo step
    _following(db).rename("Renamed", "Mine", undoing=True)
    record = load_autosave(db)
    assert record is not None and record.scenario.name == "Mine"
    assert record.scenario.values == {"lock_in": 1.4}


def test_a_database_without_an_autosave_table_saves_and_renames(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DROP TABLE IF EXISTS autosave")
    _following(db).save("Mine", "", {"lock_in": 1.5})
    _following(db).rename("Mine", "Renamed")
    assert load_scenario(db, "Renamed").values == {"lock_in": 1.5}
    assert load_autosave(db) is None
