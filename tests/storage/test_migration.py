"""Schema versions: a version-0 (pre-release) database is read as is and migrated in place."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from chipscope.model.dataset import TABLES
from chipscope.storage import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StorageError,
    inspect_database,
    list_scenarios,
    load_dataset,
    migrate,
    open_user_database,
    save_scenario,
    schema,
)


def _make_v0(db: Path, path: Path) -> Path:
    """A version-0 file: the data tables only (without the columns later versions added), no
    application id, no scenarios table."""
    return _make_old(db, path, 0)


def _make_old(db: Path, path: Path, version: int) -> Path:
    """A file as schema ``version`` wrote it, holding the data of ``db``."""
    with closing(sqlite3.connect(path)) as new, closing(sqlite3.connect(db)) as old:
        for name, table in TABLES.items():
            new.execute(schema.table_ddl(table, version))
            cols = ", ".join(f'"{c}"' for c in schema.columns_at(table, version))
            rows = old.execute(f'SELECT {cols} FROM "{name}" ORDER BY rowid').fetchall()
            marks = ", ".join("?" for _ in schema.columns_at(table, version))
            new.executemany(f'INSERT INTO "{name}" ({cols}) VALUES ({marks})', rows)
        if version >= 1:
            new.execute(schema.SCENARIOS_DDL)
            new.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            new.execute(f"PRAGMA user_version = {version}")
        new.commit()
    return path


def _header(path: Path) -> tuple[int, int, set[str]]:
    with closing(sqlite3.connect(path)) as conn:
        app_id, version = schema.read_version(conn)
        return app_id, version, schema.table_names(conn)


def test_v0_is_recognised_and_loaded_without_change(db: Path, tmp_path: Path) -> None:
    v0 = _make_v0(db, tmp_path / "v0.db")
    before = v0.read_bytes()
    assert inspect_database(v0) == 0
    old, new = load_dataset(v0), load_dataset(db)
    for name in TABLES:
        pd.testing.assert_frame_equal(old.frames[name], new.frames[name])
    assert list_scenarios(v0) == []  # migrated in memory for reading
    assert v0.read_bytes() == before


def test_migrate_v0_to_current(db: Path, tmp_path: Path) -> None:
    v0 = _make_v0(db, tmp_path / "v0.db")
    with closing(sqlite3.connect(v0, isolation_level=None)) as conn:
        assert migrate(conn) == 0
        assert migrate(conn) == SCHEMA_VERSION  # already current: nothing to do
    app_id, version, tables = _header(v0)
    assert (app_id, version) == (APPLICATION_ID, SCHEMA_VERSION)
    assert "scenarios" in tables
    save_scenario(v0, "after", "", {"lock_in": 1.0})
    assert [s.name for s in list_scenarios(v0)] == ["after"]


def test_user_database_is_migrated_when_written(db: Path, tmp_path: Path) -> None:
    v0 = _make_v0(db, tmp_path / "v0.db")
    dataset, path = open_user_database(v0)
    assert path == v0 and dataset.chip_ids
    assert _header(v0)[:2] == (APPLICATION_ID, SCHEMA_VERSION)


def test_failed_migration_rolls_back(db: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    v0 = _make_v0(db, tmp_path / "v0.db")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute(schema.SCENARIOS_DDL)
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setitem(schema.MIGRATIONS, 0, broken)
    with (closing(sqlite3.connect(v0, isolation_level=None)) as conn,
          pytest.raises(sqlite3.OperationalError)):
        migrate(conn)
    assert _header(v0) == (0, 0, set(TABLES))


def test_migrate_refuses_a_newer_database(db: Path) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        with pytest.raises(StorageError, match="newer"):
            migrate(conn)


def test_every_old_version_has_a_migration() -> None:
    assert sorted(schema.MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_v1_gains_the_export_columns_and_reads_like_the_current_one(db: Path,
                                                                     tmp_path: Path) -> None:
    """Version 1 had no chips.only_for / not_for: read as is (in memory) they are empty, and
    the user's own copy is migrated in place and then takes the bundled values."""
    v1 = _make_old(db, tmp_path / "v1.db", 1)
    with closing(sqlite3.connect(v1)) as conn:  # a scenario saved by version 1
        conn.execute("INSERT INTO scenarios VALUES ('kept', '', '{\"lock_in\": 1.0}', 0, "
                     "'2026-01-01T00:00:00+00:00')")
        conn.commit()
    before = v1.read_bytes()
    assert inspect_database(v1) == 1
    old = load_dataset(v1)
    assert (old.chips["only_for"] == "").all() and (old.chips["not_for"] == "").all()
    assert v1.read_bytes() == before  # reading never writes
    with closing(sqlite3.connect(v1, isolation_level=None)) as conn:
        assert migrate(conn) == 1
    assert _header(v1)[:2] == (APPLICATION_ID, SCHEMA_VERSION)
    migrated = load_dataset(v1)
    assert (migrated.chips["only_for"] == "").all()
    assert [s.name for s in list_scenarios(v1)] == ["kept"]
