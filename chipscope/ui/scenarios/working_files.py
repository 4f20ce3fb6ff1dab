"""File > Export scenario and File > Import scenario of the working scenario: its values (and
the window's uncertainty ranges) to a scenario file (TOML), and a file into the database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.scenario import Scenario
from chipscope.model.scenario_checks import RESTORED_NAME, repaired_name
from chipscope.storage.scenario_files import read_scenario_file, write_scenario_file

if TYPE_CHECKING:
    from chipscope.ui.scenarios.working import WorkingScenario


def export_scenario(working: WorkingScenario, path: Path) -> None:
    """Write the working values as a scenario file (TOML); an untitled scenario is named
    after the file."""
    working.commit()
    name = _name_of_file(path) if working.source == "new" else working.name
    scenario = Scenario(name, working.description, working.session.assumptions.changed(),
                        working.extra_ranges())
    write_scenario_file(path, scenario, working.session.specs)


def import_scenario(working: WorkingScenario, path: Path) -> str:
    """Save a scenario file in the database (under a free name) and open it: one step
    (:func:`read_import`, then :func:`add_import`).

    Raises
    ------
    ScenarioError
        (a ValueError) listing every bad key; nothing is saved.
    StorageError
        If the file or the database cannot be read or written.
    """
    return add_import(working, read_import(working, path))


def read_import(working: WorkingScenario, path: Path) -> Scenario:
    """The scenario a file holds, checked against the window's dataset, where the database
    takes it: what File > Import reads before it asks about unsaved changes (pass 80, F3: a
    file then refused made the question pointless). Raises as :func:`import_scenario`."""
    working._guard_store()
    # the whole path: a command in a message must work from anywhere (dialog-picked file)
    # a command the advice prints names the window's database unless it is the default one
    db = None if working.db_path is None else paths.advice_db(working.db_path)
    specs = AssumptionSpecs(working.session.specs.values(), db)
    return read_scenario_file(path, specs, source=str(path), window=True, db=db)


def add_import(working: WorkingScenario, scenario: Scenario) -> str:
    """Save a scenario :func:`read_import` read in the database (under a free name) and open
    it; its name. Raises StorageError if the database cannot be written."""
    working._guard_store()
    name = working.document.import_scenario(scenario)
    if scenario.ranges:  # a format-2 file: its ranges replace the window's
        working.ranges_imported(dict(scenario.ranges))
    return name


def _name_of_file(path: Path) -> str:
    """An untitled scenario's name, from the file it is exported to: its stem (bytes not UTF-8
    as U+FFFD) under the name rule (:func:`~chipscope.model.scenario_checks.repaired_name`), so
    that the file reads back; "Untitled" if nothing is left."""
    stem = os.fsencode(Path(path).stem).decode("utf-8", "replace")
    name = repaired_name(stem)  # RESTORED_NAME when nothing is left
    return "Untitled" if name == RESTORED_NAME and RESTORED_NAME not in stem else name
