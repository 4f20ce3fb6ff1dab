"""Saved scenarios: save, list, load, delete, rename; presets and the bundled file are read-only."""

from __future__ import annotations

import json
import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    build_database,
    check_database,
    delete_scenario,
    list_scenarios,
    load_scenario,
    open_user_database,
    rename_scenario,
    save_scenario,
)


def test_save_load_round_trip_with_nan_as_null(db: Path) -> None:
    values = {"demand_growth_pct": 50.0, "vendor.v0.supply_cap_h100e": math.nan}
    save_scenario(db, "  Bear case ", "Slow growth", values)
    record = load_scenario(db, "Bear case")
    assert record.name == "Bear case" and record.description == "Slow growth"
    assert record.values["demand_growth_pct"] == 50.0
    assert math.isnan(record.values["vendor.v0.supply_cap_h100e"])
    assert not record.is_preset and record.updated_at.endswith("+00:00")
    with closing(sqlite3.connect(db)) as conn:
        stored = conn.execute("SELECT values_json FROM scenarios").fetchone()[0]
    assert json.loads(stored)["vendor.v0.supply_cap_h100e"] is None
    assert "NaN" not in stored


def test_overwrite_list_order_delete(db: Path) -> None:
    save_scenario(db, "b", "", {"lock_in": 1.0})
    save_scenario(db, "A", "", {"lock_in": 2.0})
    save_scenario(db, "b", "second", {"lock_in": 3.0})
    assert [(s.name, s.values["lock_in"]) for s in list_scenarios(db)] == [("A", 2.0), ("b", 3.0)]
    assert load_scenario(db, "b").description == "second"
    delete_scenario(db, "A")
    assert [s.name for s in list_scenarios(db)] == ["b"]
    with pytest.raises(StorageError, match="no saved scenario named 'A'"):
        delete_scenario(db, "A")
    with pytest.raises(StorageError, match="no saved scenario named 'A'"):
        load_scenario(db, "A")


def test_rename(db: Path) -> None:
    save_scenario(db, "old", "", {"lock_in": 1.0})
    save_scenario(db, "taken", "", {"lock_in": 2.0})
    rename_scenario(db, "old", "new")
    assert [s.name for s in list_scenarios(db)] == ["new", "taken"]
    with pytest.raises(StorageError, match="already exists"):
        rename_scenario(db, "new", "taken")
    with pytest.raises(StorageError, match="no saved scenario"):
        rename_scenario(db, "ghost", "x")
    rename_scenario(db, "new", "new")  # no-op
    assert load_scenario(db, "new").values == {"lock_in": 1.0}


def test_bad_names_and_values(db: Path) -> None:
    with pytest.raises(ValueError, match="needs a name"):
        save_scenario(db, "   ", "", {})
    with pytest.raises(ValueError, match="lock_in"):
        save_scenario(db, "x", "", {"lock_in": math.inf})
    assert list_scenarios(db) == []


def test_old_preset_rows_are_ignored(csv_dir: Path, tmp_path: Path) -> None:
    """Older versions copied presets into the database (``is_preset = 1``). Presets are files
    now: such rows are not listed or loaded, cannot be renamed or deleted, and saving or
    renaming onto their name replaces them."""
    db = tmp_path / "with_presets.db"
    build_database(csv_dir, db)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executemany(
            "INSERT INTO scenarios (name, description, values_json, is_preset, updated_at) "
            "VALUES (?, '', ?, 1, '')", [("Preset", '{"lock_in": 1.0}'),
                                         ("Old", '{"lock_in": 1.5}')])
    save_scenario(db, "mine", "", {"lock_in": 2.0})
    assert [s.name for s in list_scenarios(db)] == ["mine"]
    assert not any(s.is_preset for s in list_scenarios(db))
    for call in (lambda: load_scenario(db, "Preset"),
                 lambda: delete_scenario(db, "Preset"),
                 lambda: rename_scenario(db, "Preset", "other")):
        with pytest.raises(StorageError, match="no saved scenario"):
            call()
    save_scenario(db, "Preset", "now mine", {"lock_in": 3.0})
    rename_scenario(db, "mine", "Old")
    assert [(s.name, s.values) for s in list_scenarios(db)] == [
        ("Old", {"lock_in": 2.0}), ("Preset", {"lock_in": 3.0})]
    assert check_database(db) == []


def test_bundled_database_is_never_written(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    before = db.read_bytes()
    with pytest.raises(StorageError, match="bundled dataset, which is read-only"):
        save_scenario(db, "x", "", {"lock_in": 1.0})
    assert db.read_bytes() == before
    assert list_scenarios(db) == []  # reading it is fine


def test_user_database_created_from_bundled_once(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    dataset, path = open_user_database()
    assert path == home / "chipscope.db" and path.exists() and dataset.chip_ids
    save_scenario(path, "kept", "", {"lock_in": 1.0})
    _, again = open_user_database()
    assert [s.name for s in list_scenarios(again)] == ["kept"]  # not copied over again
    assert list_scenarios(db) == []


def test_broken_user_database_falls_back_to_bundled(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope import paths
    from chipscope.storage import load_dataset

    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(db))
    paths.user_db_path().write_bytes(b"garbage")
    with pytest.raises(StorageError, match="not an SQLite file"):
        open_user_database()
    assert paths.user_db_path().read_bytes() == b"garbage"
    assert load_dataset(paths.bundled_db_path()).chip_ids


def test_missing_bundled_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(tmp_path / "gone.db"))
    with pytest.raises(StorageError, match=r"gone\.db"):
        open_user_database(tmp_path / "user.db")
    assert not (tmp_path / "user.db").exists()
