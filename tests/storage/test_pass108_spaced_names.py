"""Pass 108: names stored with spaces around them (another program wrote " Mine" or "Mine\u3000")
are the names the model compares them as (clean_name: NFC, stripped), in storage as in the
window. F1: the list gave such a row's stored name back as it was, Save looked for the cleaned
one, and asked "deleted or renamed by another window" (after "save anyway" two copies stayed,
and the next Save asked again). F2: beside a "Mine" row, choosing "Mine" opened and deleted the
" Mine" row; both are now twins, left out of the list with a sentence, like Unicode twins (pass
67). F3: a free name for a duplicate or import of a 200-character name was 204 characters."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.storage import (
    DbScenarioStore,
    StorageError,
    delete_scenario,
    list_scenarios,
    load_dataset,
    load_scenario,
    save_scenario,
)
from chipscope.storage.errors import SaveConflict

OLD = "2026-01-01T00:00:00+00:00"
SPACED = [" Mine", "Mine ", "\u00a0Mine", "Mine\u3000", " Mine\t"]


def _raw(db: Path, name: str, value: float, stamp: str = OLD) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, 'old', ?, 0, ?)",
                     (name, json.dumps({"lock_in": value}), stamp))
    conn.close()


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT name, values_json FROM scenarios ORDER BY rowid"))


@pytest.mark.parametrize("stored", SPACED)
def test_f1_a_spaced_row_is_listed_opened_and_saved_under_its_clean_name(
        synthetic_db: Path, stored: str) -> None:
    _raw(synthetic_db, stored, 1.5)
    [record] = list_scenarios(synthetic_db)
    assert (record.name, record.updated_at) == ("Mine", OLD)
    assert load_scenario(synthetic_db, "Mine").values == {"lock_in": 1.5}
    save_scenario(synthetic_db, record.name, "", {"lock_in": 2.5}, expected=record.updated_at)
    assert _rows(synthetic_db) == [("Mine", '{"lock_in": 2.5}')]


def test_f1_a_stamp_not_seen_still_asks(synthetic_db: Path) -> None:
    _raw(synthetic_db, " Mine", 1.5)
    with pytest.raises(SaveConflict):
        save_scenario(synthetic_db, "Mine", "", {"lock_in": 2.5},
                      expected="2026-01-01T00:00:01+00:00")
    assert _rows(synthetic_db) == [(" Mine", '{"lock_in": 1.5}')]


def test_f1_document_open_change_save_asks_nothing(synthetic_db: Path) -> None:
    _raw(synthetic_db, " Mine", 1.5)
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.open("Mine")
    assert doc.identity.name == "Mine" and doc.assumptions["lock_in"] == 1.5
    doc.set_value("lock_in", 2.5)
    doc.save()                                  # before: "deleted or renamed" question
    assert not doc.is_modified()
    doc.set_value("lock_in", 3.5)
    doc.save()                                  # before: "saved by another window"
    assert _rows(synthetic_db) == [("Mine", '{"lock_in": 3.5}')]


def test_f1_delete_and_rename_find_the_spaced_row(synthetic_db: Path) -> None:
    _raw(synthetic_db, "Mine ", 1.5)
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.rename("Mine", "Yours")
    assert _rows(synthetic_db) == [("Yours", '{"lock_in": 1.5}')]
    assert doc.undo()
    assert [r.name for r in list_scenarios(synthetic_db)] == ["Mine"]
    delete_scenario(synthetic_db, "Mine", expected=list_scenarios(synthetic_db)[0].updated_at)
    assert _rows(synthetic_db) == []


def test_f2_a_spaced_and_a_plain_row_are_twins_neither_opened_nor_deleted(
        synthetic_db: Path) -> None:
    _raw(synthetic_db, " Mine", 1.5)
    _raw(synthetic_db, "Mine", 2.5, "2026-01-02T00:00:00+00:00")
    before = _rows(synthetic_db)
    damaged: list[str] = []
    assert list_scenarios(synthetic_db, damaged) == []
    assert damaged == [f"2 saved scenarios in {synthetic_db} are named 'Mine' (written in "
                       "different Unicode forms or with spaces around the name), so they are "
                       "left out of the scenario list; rename or delete one of them in the "
                       "scenarios table with an SQLite tool."]
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    with pytest.raises(KeyError):
        doc.open("Mine")
    for write in (lambda: delete_scenario(synthetic_db, "Mine"),
                  lambda: save_scenario(synthetic_db, "Mine", "", {"lock_in": 9.0})):
        with pytest.raises(StorageError, match="cannot tell which one"):
            write()
    assert _rows(synthetic_db) == before


def test_a_blank_name_row_is_left_out_with_a_sentence(synthetic_db: Path) -> None:
    _raw(synthetic_db, "   ", 1.5)
    _raw(synthetic_db, "Other", 2.5)
    damaged: list[str] = []
    assert [r.name for r in list_scenarios(synthetic_db, damaged)] == ["Other"]
    assert len(damaged) == 1 and "its name is blank" in damaged[0] and "row 1" in damaged[0]


LONG = "x" * 200


def test_f3_duplicate_and_import_of_a_200_character_name_fit(synthetic_db: Path) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.set_value("lock_in", 2.5)
    doc.save_as(LONG)
    copy = doc.duplicate(LONG)                  # before: ValueError "at most 200 characters"
    assert copy == "x" * 196 + " (2)"
    imported = doc.import_scenario(Scenario(LONG, "", {"lock_in": 3.5}))
    assert imported == "x" * 196 + " (3)"
    assert sorted(len(r.name) for r in list_scenarios(synthetic_db)) == [200, 200, 200]
