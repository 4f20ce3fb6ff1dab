"""Pass 112 F4: another program damages the row of A's working "Mine" in place (values no longer
a flat JSON object; updated_at untouched). The list leaves it out, Save As onto it is refused
(pass 111 F1), but A's plain Save replaced it silently (the stamp was the one A saw). Save now
refuses with the way out, and the row stays as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.schema import StorageError


def _stored(db: Path) -> tuple[object, ...] | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT values_json FROM scenarios WHERE name = 'Mine'").fetchone()
    conn.close()
    return row


@pytest.mark.parametrize("damage", ['{"lock_in": {"v": 2.5, "unit": "x"}}', '{"lock_in": 2.5'])
def test_save_over_a_row_damaged_in_place_is_refused(synthetic_db: Path, damage: str) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.set_value("lock_in", 1.4)
    doc.save_as("Mine")
    with sqlite3.connect(synthetic_db) as conn:
        conn.execute("UPDATE scenarios SET values_json = ? WHERE name = 'Mine'", (damage,))
    conn.close()
    assert "Mine" not in [r.name for r in list_scenarios(synthetic_db)]
    doc.set_value("lock_in", 1.5)
    with pytest.raises(StorageError, match=r"damaged by another program since you opened it.*"
                       r"save under another name"):
        doc.save()                                   # before: replaced without a word
    assert _stored(synthetic_db) == (damage,)
    doc.save_as("Mine 2")                            # the way out
    assert {r.name: r.values for r in list_scenarios(synthetic_db)} == {
        "Mine 2": {"lock_in": 1.5}}
