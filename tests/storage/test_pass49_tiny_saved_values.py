"""Pass 49 F6: a saved scenario (or the autosave) whose ``values_json`` holds a number written
non-zero that a float reads as 0 (``1e-400``, as another program may write it) opened as 0
without a word, where a scenario file and ``--set`` refuse such a number. Now the one reader of
values_json applies the same rule: the row is left out of the list, named with its key and the
number as written, in the list, on opening, in ``data check`` and for the autosave; the
database stays byte-identical."""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import StorageError, list_scenarios, load_scenario, save_scenario
from chipscope.storage.autosave import load_autosave, save_autosave


def _put_row(db: Path, name: str, values_json: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO scenarios (name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, '', ?, 0, '2026-01-01T00:00:00+00:00')",
                     (name, values_json))


def _words(number: str) -> str:
    return f"(the value of 'lock_in' is {number}, too small for a number: it would read as 0)."


@pytest.mark.parametrize("number", ["1e-400", "-1E-400", "0.0000001e-320", "1.5e-9999999"])
def test_the_row_is_left_out_of_the_list_and_named(db: Path, number: str) -> None:
    save_scenario(db, "Good", "", {"lock_in": 2.0})
    _put_row(db, "Tiny", f'{{"bass_p": 0.2, "lock_in": {number}}}')
    before = db.read_bytes()
    damaged: list[str] = []
    assert [r.name for r in list_scenarios(db, damaged)] == ["Good"]
    assert damaged == [
        f"The saved scenario 'Tiny' in {db} is damaged {_words(number)} It is left out of the "
        "scenario list (row 2 of the scenarios table); repair or delete that row with an "
        "SQLite tool."]
    with pytest.raises(StorageError) as info:
        load_scenario(db, "Tiny")
    assert str(info.value) == f"The saved scenario 'Tiny' in {db} is damaged {_words(number)}"
    assert db.read_bytes() == before


def test_a_long_number_is_shortened(db: Path) -> None:
    _put_row(db, "Tiny", '{"lock_in": 0.' + "0" * 500 + "1}")
    damaged: list[str] = []
    assert list_scenarios(db, damaged) == []
    shown = "0." + "0" * 17 + "\u2026" + "0" * 18 + "1"  # one level of brackets only
    assert (f"is damaged (the value of 'lock_in' is {shown}, 503 characters long, too small "
            "for a number: it would read as 0). It is left out") in damaged[0]


def test_zero_and_small_numbers_that_are_not_zero_still_load(db: Path) -> None:
    _put_row(db, "Fine", '{"a": 0e-400, "b": -0.0, "c": 5e-324, "d": 2.3e-300, "e": 0.5, '
                         '"f": null, "g": 3}')
    values = load_scenario(db, "Fine").values
    assert values["a"] == 0 and values["b"] == 0 and values["c"] == 5e-324
    assert values["d"] == 2.3e-300 and values["e"] == 0.5 and math.isnan(values["f"])
    assert values["g"] == 3


def test_an_autosave_holding_one_is_refused_naming_it(db: Path) -> None:
    save_autosave(db, "A", "", {"lock_in": 1.0}, unsaved=True)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE autosave SET values_json = ?", ('{"lock_in": 1e-400}',))
    before = db.read_bytes()
    with pytest.raises(StorageError) as info:
        load_autosave(db)
    assert str(info.value) == f"The autosave in {db} is damaged {_words('1e-400')}"
    assert db.read_bytes() == before


def test_data_check_names_the_scenario_the_key_and_the_number(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _put_row(db, "Tiny", '{"lock_in": 1e-400}')
    before = db.read_bytes()
    assert main(["--db", str(db), "data", "check"]) == 2
    err = capsys.readouterr().err
    assert f"scenarios table, scenario 'Tiny': The saved scenario 'Tiny' in {db} is damaged " \
           f"{_words('1e-400')}" in err
    assert db.read_bytes() == before
