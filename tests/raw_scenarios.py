"""A scenario row as another program writes it: straight into the scenarios table, with
whatever name and values text it likes (tests of rows ChipScope would never write)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

OLD_STAMP = "2026-01-01T00:00:00+00:00"


def raw_row(db: Path, name: str, values_json: str, description: str = "raw",
            stamp: str = OLD_STAMP) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, ?, ?, 0, ?)",
                     (name, description, values_json, stamp))
    conn.close()
