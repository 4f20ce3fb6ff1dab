"""Pass 40: a saved scenario (or the autosave) whose ``values_json`` names a key twice, as
another tool may write it (``{"lock_in": 1, "lock_in": 2}``), was listed and opened with the last
value without a word. It is now damaged like any other malformed values_json: the row is left
out with one sentence naming it and the repeated key; the database stays byte-identical."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import StorageError, list_scenarios, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave, save_autosave

TWICE = '{"lock_in": 1, "other": null, "lock_in": 2}'


def _put_row(db: Path, name: str, values_json: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, '', ?, 0, '2026-01-01T00:00:00+00:00')",
                     (name, values_json))


def test_a_repeated_key_leaves_the_row_out_and_names_it(db: Path) -> None:
    save_scenario(db, "Good", "", {"lock_in": 2.0})
    _put_row(db, "Twice", TWICE)
    before = db.read_bytes()
    damaged: list[str] = []
    assert [r.name for r in list_scenarios(db, damaged)] == ["Good"]
    assert damaged == [
        f"The saved scenario 'Twice' in {db} is damaged (its values_json names 'lock_in' "
        "twice, so which value holds is unclear). It is left out of the scenario list (row 2 "
        "of the scenarios table); repair or delete that row with an SQLite tool."]
    with pytest.raises(StorageError) as info:
        load_scenario(db, "Twice")
    assert str(info.value) == (f"The saved scenario 'Twice' in {db} is damaged (its "
                               "values_json names 'lock_in' twice, so which value holds is "
                               "unclear).")
    assert db.read_bytes() == before


def test_a_key_repeated_with_the_same_value_is_refused_too(db: Path) -> None:
    """Which value holds does not matter then, but another tool wrote something ChipScope never
    writes; one rule for every reader (as the TOML file and the edits' fields_json)."""
    _put_row(db, "Same", '{"a": 1, "b": 1, "a": 1}')
    damaged: list[str] = []
    assert list_scenarios(db, damaged) == []
    assert "names 'a' twice" in damaged[0] and "row 1 of the scenarios table" in damaged[0]


def test_distinct_keys_and_keys_repeated_inside_a_nested_value_keep_their_own_rule(
        db: Path) -> None:
    _put_row(db, "Fine", '{"lock_in": 2, "lock_in2": 3}')
    _put_row(db, "Nested", '{"lock_in": {"x": 1, "x": 2}}')
    damaged: list[str] = []
    assert [(r.name, r.scenario.values) for r in list_scenarios(db, damaged)] == [
        ("Fine", {"lock_in": 2.0, "lock_in2": 3.0})]
    assert len(damaged) == 1
    assert "the value of 'lock_in' is a table, not a number" in damaged[0]


def test_an_autosave_with_a_repeated_key_is_refused_naming_it(db: Path) -> None:
    save_autosave(db, "A", "", {"lock_in": 1.0})
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET values_json = ?", (TWICE,))
    before = db.read_bytes()
    with pytest.raises(StorageError) as info:
        load_autosave(db)
    assert str(info.value) == (f"The autosave in {db} is damaged (its values_json names "
                               "'lock_in' twice, so which value holds is unclear).")
    assert db.read_bytes() == before


def test_data_check_names_the_scenario_and_the_repeated_key(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _put_row(db, "Twice", TWICE)
    before = db.read_bytes()
    assert main(["--db", str(db), "data", "check"]) == 2
    err = capsys.readouterr().err
    assert "scenarios table, scenario 'Twice': The saved scenario 'Twice'" in err
    assert "names 'lock_in' twice" in err
    assert db.read_bytes() == before
