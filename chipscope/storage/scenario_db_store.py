"""The document's scenario store over one database (:class:`DbScenarioStore`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from chipscope import paths
from chipscope.model.scenario import clean_name
from chipscope.model.scenario_store import ScenarioRecord, named
from chipscope.storage.errors import refuse_read_only
from chipscope.storage.hard_links import refuse_hard_linked
from chipscope.storage.scenarios import (
    delete_scenario,
    list_scenarios,
    rename_scenario,
    save_scenario,
    saved_names,
    twins_sentence,
)
from chipscope.storage.schema import StorageError


class DbScenarioStore:
    """The saved scenarios of one database, as the document's
    :class:`~chipscope.model.scenario_store.ScenarioStore`.

    ``db_path`` None, or the bundled database: lists what is there (nothing for None) and
    refuses every write with a StorageError a user can act on. ``autosave_follows``: set (by
    the window that keeps the database's autosave) around the working scenario's own Save and
    Save As: the autosave is dropped in the same transaction (pass 88 F1, pass 89 F1); undo and
    redo steps, duplicates and imports leave it alone. ``autosave_of``: the saved scenario
    whose changes this window autosaves (None: none, or another window keeps the autosave);
    a rename of that scenario (an undo or redo step's too) takes the autosave along in the same
    transaction (pass 89 F2, pass 90 F2), a rename of any other leaves it (pass 91 F1).
    """

    def __init__(self, db_path: Path | None, writable: bool = True):
        self.db_path = db_path
        self.autosave_follows = False
        self.autosave_of: Callable[[], str | None] = lambda: None
        self.writable = writable and db_path is not None and not paths.is_bundled_db(db_path)
        self.damaged: list[str] = []  # why rows were left out of the last records()

    def check_writable(self) -> Path:
        """The database path; StorageError (DatabaseReadOnly...) if it cannot be saved to."""
        if self.db_path is None or not self.writable:
            raise StorageError("Scenarios cannot be saved: ChipScope opened the bundled "
                               "dataset read-only (your own database could not be opened).")
        refuse_read_only(self.db_path)
        refuse_hard_linked(self.db_path)
        return self.db_path

    def records(self) -> list[ScenarioRecord]:
        damaged: list[str] = []
        records = [] if self.db_path is None else list_scenarios(self.db_path, damaged)
        self.damaged = damaged
        return records

    def taken_names(self) -> list[str]:
        return [] if self.db_path is None else saved_names(self.db_path)

    def left_out(self, name: str, done: str) -> str | None:
        db, clean = self.db_path, clean_name(name)
        count = 0 if db is None else saved_names(db).count(clean)
        if db is None or not count or any(r.name == clean for r in list_scenarios(db)):
            return None
        if count > 1:
            return twins_sentence(clean, count, db, "ChipScope cannot tell which one to replace "
                                  f"and nothing was {done}")
        return (f"The saved scenario {named(clean)!r} in {db} is damaged, so it is left out of "
                f"the scenario list and nothing was {done}; choose another name, or repair or "
                "delete its row in the scenarios table with an SQLite tool.")

    def save(self, name: str, description: str, values: Mapping[str, float],
             expected: str | None = None, undoing: bool = False) -> str:
        return save_scenario(self.check_writable(), name, description, values, expected,
                             undoing, self.autosave_follows and not undoing)

    def rename(self, old: str, new: str, expected: str | None = None,
               undoing: bool = False) -> None:
        rename_scenario(self.check_writable(), old, new, expected, undoing,
                        self.autosave_of() == old)

    def delete(self, name: str, expected: str | None = None, undoing: bool = False) -> None:
        delete_scenario(self.check_writable(), name, expected, undoing)
