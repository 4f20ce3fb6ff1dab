"""Pass 67 F1: two saved rows whose names differ only in Unicode form ("Caf\u00e9" NFC and
"Cafe\u0301" NFD, written by an older version or another program). ChipScope cannot tell them
apart, so it neither lists, opens, saves over, renames nor deletes them: each refusal is one
sentence naming both and the way out, and the rows stay byte-identical (never one deleted
unasked, as Save > Overwrite did)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    delete_scenario,
    list_scenarios,
    load_scenario,
    rename_scenario,
    save_scenario,
)
from chipscope.storage.errors import SaveConflict

NFC, NFD = "Caf\u00e9", "Cafe\u0301"
TWINS = (f"2 saved scenarios in {{db}} are named '{NFC}' (written in different Unicode "
         "forms or with spaces around the name), so {doing}; rename or delete one of them in "
         "the scenarios table with an SQLite tool.")


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT * FROM scenarios ORDER BY rowid"))


@pytest.fixture
def twins(synthetic_db: Path) -> Path:
    save_scenario(synthetic_db, "Other", "", {})
    with sqlite3.connect(synthetic_db) as conn:
        for name, description, value, stamp in ((NFC, "nfc one", 1.1, "2026-01-01T00:00:00+00:00"),
                                                (NFD, "nfd one", 2.2, "2026-01-02T00:00:00+00:00")):
            conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                         "updated_at) VALUES (?, ?, ?, 0, ?)",
                         (name, description, json.dumps({"lock_in": value}), stamp))
    return synthetic_db


def test_the_list_leaves_both_out_and_says_why(twins: Path) -> None:
    damaged: list[str] = []
    assert [r.name for r in list_scenarios(twins, damaged)] == ["Other"]
    assert damaged == [TWINS.format(db=twins, doing="they are left out of the scenario list")]


@pytest.mark.parametrize("name", [NFC, NFD])
def test_neither_opens_as_the_other(twins: Path, name: str) -> None:
    with pytest.raises(StorageError) as exc:
        load_scenario(twins, name)
    assert str(exc.value) == TWINS.format(db=twins, doing="ChipScope cannot tell which one "
                                          "to open")


@pytest.mark.parametrize("name", [NFC, NFD])
@pytest.mark.parametrize("expected", [None, "2026-01-01T00:00:00+00:00",
                                      "2026-01-02T00:00:00+00:00"])
def test_a_save_replaces_and_deletes_neither(twins: Path, name: str,
                                             expected: str | None) -> None:
    before = _rows(twins)
    with pytest.raises(StorageError) as exc:
        save_scenario(twins, name, "mine", {"lock_in": 3.3}, expected)
    assert str(exc.value) == TWINS.format(
        db=twins, doing="ChipScope cannot tell which one to replace and nothing was saved")
    assert _rows(twins) == before


@pytest.mark.parametrize("name", [NFC, NFD])
def test_rename_and_delete_change_neither(twins: Path, name: str) -> None:
    before = _rows(twins)
    said = TWINS.format(db=twins, doing="ChipScope cannot tell which one to change and "
                        "changes neither")
    for change in (lambda: delete_scenario(twins, name),
                   lambda: delete_scenario(twins, name, undoing=True),
                   lambda: rename_scenario(twins, name, "New")):
        with pytest.raises(StorageError) as exc:
            change()
        assert str(exc.value) == said
    assert _rows(twins) == before


def test_one_row_in_the_other_form_is_still_that_name(synthetic_db: Path) -> None:
    """The older rule holds: a single NFD row is the NFC name, replaced by a save."""
    with sqlite3.connect(synthetic_db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, 'old', '{}', 0, '2026-01-01T00:00:00+00:00')",
                     (NFD,))
    assert load_scenario(synthetic_db, NFC).description == "old"
    save_scenario(synthetic_db, NFC, "new", {})
    assert [(r.name, r.description) for r in list_scenarios(synthetic_db)] == [(NFC, "new")]
    assert [r[0] for r in _rows(synthetic_db)] == [NFC]


def test_a_save_of_a_row_in_the_other_form_seen_here_asks_nothing(synthetic_db: Path) -> None:
    """Pass 107 F1: a window that opened the single NFD row and saves it with the stamp it saw
    replaces it (no "deleted or renamed by another window" question); another stamp asks."""
    with sqlite3.connect(synthetic_db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, 'old', '{}', 0, '2026-01-01T00:00:00+00:00')",
                     (NFD,))
    with pytest.raises(SaveConflict):
        save_scenario(synthetic_db, NFC, "new", {}, expected="2026-01-01T00:00:01+00:00")
    assert [r[0] for r in _rows(synthetic_db)] == [NFD]
    save_scenario(synthetic_db, NFC, "new", {"lock_in": 2.5},
                  expected="2026-01-01T00:00:00+00:00")
    assert [(r.name, r.values) for r in list_scenarios(synthetic_db)] == [(NFC, {"lock_in": 2.5})]
    assert [r[0] for r in _rows(synthetic_db)] == [NFC]
