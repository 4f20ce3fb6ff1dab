"""Pass 55 F4: an SQLite database opened as a scenario in the window (Scenario > Import, or a
file handed to the window such as ``chipscope x.db``) is named as such with advice the window
can follow, not the CLI's "(a database is given with --db)"; nothing is saved, the file stays
as it was. The CLI keeps its words (tests/test_pass54_binary_inputs.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.storage import list_scenarios

ADVICE = "(to open a database, start ChipScope with --db FILE)"


@pytest.mark.parametrize("name", ["x.db", "x.toml"])
def test_a_database_opened_as_a_scenario(make_window: object, tmp_path: Path,
                                         name: str) -> None:
    path = tmp_path / name
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")
    db.close()
    before = path.read_bytes()
    window = make_window(show=False)  # type: ignore[operator]
    saved = [r.name for r in list_scenarios(window.scenarios.working.db_path)]
    said = (f"Cannot read the scenario file {path}: it is an SQLite database, not a scenario "
            f"file {ADVICE}.")
    assert window.scenarios.import_scenario(path) is False
    assert window.errors == [said]
    assert window.open_scenario_file(path) is False
    assert window.errors == [said, said]
    assert path.read_bytes() == before
    assert [r.name for r in list_scenarios(window.scenarios.working.db_path)] == saved
