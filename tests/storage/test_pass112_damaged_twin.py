"""Pass 112 F2: a listed row "X (2)" (A's own copy) and another program's damaged row " X (2)"
(not JSON) share a name. The list showed "X (2)" (the damaged row was left out before twins were
counted), a step took it for A's own copy, and storage's twin check refused the write: every
undo was refused for as long as the damaged row was there. Twins are counted over every row,
a damaged one's too: both are left out, and a step takes the name as saved elsewhere."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset


def _damaged(db: Path, name: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO scenarios(name, description, values_json, is_preset, "
                     "updated_at) VALUES (?, 'raw', 'not json', 0, '2026-01-01T00:00:00+00:00')",
                     (name,))
    conn.close()


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        rows = sorted(conn.execute("SELECT name, values_json FROM scenarios"))
    conn.close()
    return rows


def test_a_damaged_twin_hides_the_listed_row_and_says_so(synthetic_db: Path) -> None:
    DbScenarioStore(synthetic_db).save("X (2)", "", {"lock_in": 0.2})
    _damaged(synthetic_db, " X (2)")
    damaged: list[str] = []
    assert list_scenarios(synthetic_db, damaged) == []
    assert len(damaged) == 2 and "2 saved scenarios" in damaged[1]


@pytest.mark.parametrize("step", ["duplicate", "save_as_over", "rename"])
def test_a_step_beside_a_damaged_twin_is_never_refused(synthetic_db: Path, step: str) -> None:
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.set_value("lock_in", 1.4)
    doc.save_as("X")
    if step == "duplicate":
        name = doc.duplicate("X")                    # "X (2)"; undo deletes it
    elif step == "save_as_over":
        DbScenarioStore(synthetic_db).save("X (2)", "B's", {"lock_in": 0.2})
        doc.set_value("lock_in", 1.5)
        doc.save_as("X (2)")                         # over B's; undo puts B's back
        name = "X (2)"
    else:
        doc.rename("X", "X (2)")                     # undo renames it back
        name = "X (2)"
    _damaged(synthetic_db, " " + name)               # another program's damaged twin
    before = [r for r in _rows(synthetic_db) if str(r[0]).strip() == name]
    with pytest.raises(PassedOver):                  # before: StorageError, every time
        doc.undo()
    assert [r for r in _rows(synthetic_db) if str(r[0]).strip() == name] == before
