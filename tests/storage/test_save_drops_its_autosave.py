"""Pass 88, F1: a Save and the autosave update after it were two transactions; a SIGKILL between
them left the older autosave, and the next start offered those older values as unsaved changes
of the newer save. The save of the window that keeps the autosave now drops an autosave of the
scenario it saves, in its own transaction; any other autosave, and other windows' saves, leave
it alone."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from chipscope.storage import DbScenarioStore, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave, save_autosave


def test_the_windows_save_drops_the_autosave_of_that_scenario(db: Path) -> None:
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    store = DbScenarioStore(db)
    store.keeps_autosave = True
    store.save("Mine", "", {"lock_in": 1.5})
    assert load_autosave(db) is None
    assert load_scenario(db, "Mine").values == {"lock_in": 1.5}


def test_an_autosave_of_another_scenario_stays(db: Path) -> None:
    save_autosave(db, "Untitled", "", {"lock_in": 1.4})
    store = DbScenarioStore(db)
    store.keeps_autosave = True
    store.save("Copy", "", {"lock_in": 1.5})
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.4}


def test_a_save_elsewhere_or_an_undo_step_leaves_the_autosave(db: Path) -> None:
    save_autosave(db, "Mine", "", {"lock_in": 1.4})
    DbScenarioStore(db).save("Mine", "", {"lock_in": 1.5})  # another window: not its autosave
    store = DbScenarioStore(db)
    store.keeps_autosave = True
    store.save("Mine", "", {"lock_in": 1.6}, undoing=True)
    record = load_autosave(db)
    assert record is not None and record.scenario.values == {"lock_in": 1.4}


def test_a_database_without_an_autosave_table_saves(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DROP TABLE IF EXISTS autosave")
    save_scenario(db, "Mine", "", {"lock_in": 1.5}, autosave=True)
    assert load_scenario(db, "Mine").values == {"lock_in": 1.5}
    assert load_autosave(db) is None
