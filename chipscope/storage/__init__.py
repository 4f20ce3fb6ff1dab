"""Storage: the only package that touches SQLite. Builds the database from the CSV sources,
loads datasets read-only, and keeps the user's saved scenarios.

Public API
----------
build_database(csv_dir, db_path) -> Dataset
check_csv_dir(csv_dir) -> list[str]; check_database(db_path) -> list[str]
load_dataset(db_path) -> Dataset; open_user_database(path=None) -> (Dataset, Path)
save_scenario, list_scenarios, load_scenario, delete_scenario, rename_scenario
DbScenarioStore(db_path): the document's ScenarioStore over one database
StorageError: one sentence a user can act on; DatabaseBusy, DatabaseReadOnly, DatabaseFull and
SaveConflict (chipscope.storage.errors) are the write failures that are not damage.
"""

from __future__ import annotations

from chipscope.model.scenario_store import ScenarioRecord
from chipscope.storage.database import inspect_database
from chipscope.storage.errors import DatabaseBusy, DatabaseFull, DatabaseReadOnly, SaveConflict
from chipscope.storage.repository import (
    build_database,
    check_csv_dir,
    check_database,
    load_dataset,
    open_user_database,
)
from chipscope.storage.scenario_db_store import DbScenarioStore
from chipscope.storage.scenarios import (
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from chipscope.storage.schema import APPLICATION_ID, SCHEMA_VERSION, StorageError, migrate

__all__ = [
    "APPLICATION_ID", "SCHEMA_VERSION", "DatabaseBusy", "DatabaseFull", "DatabaseReadOnly",
    "DbScenarioStore", "SaveConflict", "ScenarioRecord", "StorageError",
    "build_database",
    "check_csv_dir", "check_database", "delete_scenario", "inspect_database", "list_scenarios",
    "load_dataset", "load_scenario", "migrate", "open_user_database", "rename_scenario",
    "save_scenario",
]
