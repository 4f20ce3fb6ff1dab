"""Building a database from CSV and loading it back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.dataset import TABLES
from chipscope.storage import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StorageError,
    build_database,
    check_database,
    load_dataset,
)
from chipscope.storage.schema import SQL_TYPES

WriteCsvs = Callable[[dict[str, pd.DataFrame], Path], Path]


def test_round_trip_frames_equal(csv_dir: Path, tmp_path: Path) -> None:
    built = build_database(csv_dir, tmp_path / "a.db")
    loaded = load_dataset(tmp_path / "a.db")
    for name in TABLES:
        pd.testing.assert_frame_equal(built.frames[name], loaded.frames[name])
    assert loaded.vendor_ids == built.vendor_ids  # row order kept


def test_header_and_typed_columns(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for name, table in TABLES.items():
            declared = {r[1]: r[2] for r in conn.execute(f'PRAGMA table_info("{name}")')}
            assert declared == {c.name: SQL_TYPES[c.type] for c in table.columns}
        # optional numbers absent -> NULL, not NaN or ''
        conn.execute("UPDATE chips SET memory_gb = NULL WHERE rowid = 1")
    assert check_database(db) == []


def test_optional_empty_numbers_stored_as_null(
        tmp_path: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    frames["chips"].loc[0, "memory_gb"] = ""
    csv = write_csvs(frames, tmp_path / "csv2")
    build_database(csv, tmp_path / "b.db")
    with closing(sqlite3.connect(tmp_path / "b.db")) as conn:
        value = conn.execute("SELECT memory_gb FROM chips ORDER BY rowid LIMIT 1").fetchone()[0]
    assert value is None
    assert pd.isna(load_dataset(tmp_path / "b.db").chips.loc[0, "memory_gb"])


def test_rebuild_replaces_atomically_and_leaves_no_temp_files(csv_dir: Path, db: Path) -> None:
    build_database(csv_dir, db)
    assert sorted(p.name for p in db.parent.iterdir() if p.name.endswith(".tmp")) == []
    assert load_dataset(db).chip_ids


def test_failed_build_keeps_the_old_database(
        csv_dir: Path, db: Path, frames: dict[str, pd.DataFrame], write_csvs: WriteCsvs) -> None:
    before = db.read_bytes()
    frames["chips"].loc[0, "launch_year"] = "soon"
    write_csvs(frames, csv_dir)
    with pytest.raises(ValueError):
        build_database(csv_dir, db)
    assert db.read_bytes() == before


def test_build_refuses_to_overwrite_a_foreign_file(csv_dir: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes, not a database\n")
    with pytest.raises(StorageError, match="not a ChipScope database"):
        build_database(csv_dir, notes)
    assert notes.read_text() == "my notes, not a database\n"
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    before = other.read_bytes()
    with pytest.raises(StorageError, match="not a ChipScope database"):
        build_database(csv_dir, other)
    assert other.read_bytes() == before


def test_build_is_byte_for_byte_reproducible(csv_dir: Path, tmp_path: Path) -> None:
    # The bundled database is committed: a rebuild of unchanged CSVs must not show as a change.
    build_database(csv_dir, tmp_path / "one.db")
    build_database(csv_dir, tmp_path / "two.db")
    assert (tmp_path / "one.db").read_bytes() == (tmp_path / "two.db").read_bytes()
