"""Pass 13 (CLI and its files): regression tests (/work/pass13-cli.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


# --- A1: data build replaced a database made by a newer ChipScope -----------------------------
def test_data_build_refuses_a_database_from_a_newer_chipscope(
        synthetic_db: Path, capsys: Capture) -> None:
    """``data build --out X`` deleted X (its saved scenarios and data edits) when a newer
    ChipScope had made it: the "newer" refusal counted as a damaged file with nothing to lose."""
    from chipscope.storage.schema import SCHEMA_VERSION

    with sqlite3.connect(synthetic_db) as conn:
        conn.execute("INSERT INTO scenarios(name, values_json, updated_at) "
                     "VALUES ('Mine', '{}', '2026-01-01')")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = synthetic_db.read_bytes()
    assert main(["data", "build", "--csv-dir", str(synthetic_db.parent / "csv"),
                 "--out", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert (f"Cannot write the database {synthetic_db}: it was made by a newer ChipScope "
            f"(schema version {SCHEMA_VERSION + 1}; this version reads up to {SCHEMA_VERSION})"
            ) in err and "update ChipScope" in err and "build into another file" in err
    assert synthetic_db.read_bytes() == before
