"""A main window on the user's database with a saved scenario row written straight into the
database (as another program, or another version of ChipScope, could have written it): for
the tests of how the window lists and refuses such a row (one helper for all of them)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from chipscope.storage import save_scenario
from chipscope.ui.main_window import MainWindow


def window_with_saved_row(make_window: Callable[..., MainWindow], good: str, name: str,
                          values_json: str) -> tuple[MainWindow, Path]:
    """A hidden window (``make_window(show=False)``) and its database, holding the saved
    scenario ``good`` (lock_in 2.0, saved as ChipScope saves it) and the row ``name`` whose
    ``values_json`` is ``values_json`` as it stands (not a preset, updated 2026-01-01), with
    the scenario list refreshed to show both."""
    window = make_window(show=False)
    db = window.scenarios.working.db_path
    assert db is not None
    save_scenario(Path(db), good, "", {"lock_in": 2.0})
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, '', ?, 0, '2026-01-01T00:00:00+00:00')",
                     (name, values_json))
    window.scenarios.panel.refresh()
    return window, Path(db)
