"""Pass 111 (the acceptance pass of passes 107-110's fixes): a row another program wrote that the
list leaves out (damaged JSON, or twins in two forms) under a name a step writes. F1: Duplicate,
Import and Save As replaced a damaged row without a question (free names saw listed names only);
F2-F3: the undo of a delete, the redo of a duplicate, the undo of an import or a rename was
refused for good (a hidden row did not count as "saved since"): a hidden row's name is taken
and counts as saved elsewhere. F4 (the autosave of a row named as no scenario may be) is a
window matter: tests/ui/test_pass111_hidden_rows_window.py."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from tests.raw_scenarios import raw_row

HIDDEN = {
    "damaged": [("{n}", "not json")],
    "twins": [(" {n}", '{{"lock_in": 0.3}}'), ("{n}\u3000", '{{"lock_in": 0.4}}')],
}




def _hide(db: Path, kind: str, name: str) -> None:
    for n, v in HIDDEN[kind]:
        raw_row(db, n.format(n=name), v.format())


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT name, values_json FROM scenarios"))


def _lock_in(db: Path) -> dict[str, float]:
    return {r.name: r.values["lock_in"] for r in list_scenarios(db)}


def _doc(db: Path) -> Document:
    return Document(load_dataset(db), store=DbScenarioStore(db))


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_undo_of_a_delete_after_a_hidden_row_took_the_name(synthetic_db: Path, kind: str) -> None:
    doc = _doc(synthetic_db)
    doc.set_value("lock_in", 1.4)
    doc.save_as("Mine")
    doc.delete("Mine")
    _hide(synthetic_db, kind, "Mine")          # another program writes "Mine" (left out of list)
    with pytest.raises(PassedOver):            # expected: put back as "Mine (restored)"
        doc.undo()                             # actual: SaveConflict / StorageError, every time
    assert _lock_in(synthetic_db).get("Mine (restored)") == 1.4


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_duplicate_next_to_a_hidden_row_named_as_the_free_name(synthetic_db: Path,
                                                               kind: str) -> None:
    doc = _doc(synthetic_db)
    doc.set_value("lock_in", 1.4)
    doc.save_as("X")
    _hide(synthetic_db, kind, "X (2)")
    hidden = [r for r in _rows(synthetic_db) if "(2)" in str(r[0])]
    copy = doc.duplicate("X")                  # expected: "X (3)"; the hidden row kept
    assert [r for r in _rows(synthetic_db) if "(2)" in str(r[0])] == hidden
    assert copy == "X (3)"


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_import_onto_a_hidden_row_name(synthetic_db: Path, kind: str) -> None:
    doc = _doc(synthetic_db)
    _hide(synthetic_db, kind, "I")
    hidden = _rows(synthetic_db)
    name = doc.import_scenario(Scenario("I", "", {"lock_in": 1.2}))   # expected: "I (2)"
    assert [r for r in _rows(synthetic_db) if r in hidden] == hidden
    assert name == "I (2)"


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_redo_of_a_duplicate_after_a_hidden_row_took_its_name(synthetic_db: Path,
                                                              kind: str) -> None:
    doc = _doc(synthetic_db)
    doc.set_value("lock_in", 1.4)
    doc.save_as("X")
    assert doc.duplicate("X") == "X (2)"
    assert doc.undo()
    _hide(synthetic_db, kind, "X (2)")
    hidden = _rows(synthetic_db)
    with pytest.raises(PassedOver):            # expected: passed over / put under a free name
        doc.redo()
    assert [r for r in _rows(synthetic_db) if r in hidden] == hidden


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_undo_of_a_rename_after_a_hidden_row_took_the_old_name(synthetic_db: Path,
                                                               kind: str) -> None:
    doc = _doc(synthetic_db)
    doc.set_value("lock_in", 1.4)
    doc.save_as("Mine")
    doc.rename("Mine", "Y")
    _hide(synthetic_db, kind, "Mine")
    with pytest.raises(PassedOver):            # expected: renamed to "Mine (restored)"
        doc.undo()
    assert _lock_in(synthetic_db).get("Mine (restored)") == 1.4


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_undo_of_an_import_after_a_hidden_row_took_its_name(synthetic_db: Path,
                                                           kind: str) -> None:
    doc = _doc(synthetic_db)
    assert doc.import_scenario(Scenario("I", "", {"lock_in": 1.2})) == "I"
    with sqlite3.connect(synthetic_db) as c:
        c.execute("DELETE FROM scenarios WHERE name = 'I'")   # another program replaces "I"
    c.close()
    _hide(synthetic_db, kind, "I")
    hidden = _rows(synthetic_db)
    with pytest.raises(PassedOver):            # expected: passed over, "I" left as it is
        doc.undo()                             # actual: SaveConflict / StorageError every time
    assert _rows(synthetic_db) == hidden


@pytest.mark.parametrize("kind", list(HIDDEN))
def test_save_as_onto_a_hidden_row_name_is_refused(synthetic_db: Path, kind: str) -> None:
    doc = _doc(synthetic_db)
    _hide(synthetic_db, kind, "Mine")
    hidden = _rows(synthetic_db)
    doc.set_value("lock_in", 1.4)
    assert doc.suggest_name("Mine") == "Mine (2)"
    with pytest.raises(ValueError, match="nothing was saved") as refused:
        doc.save_as("Mine")                    # before (damaged): replaced without a question
    cause = "is damaged" if kind == "damaged" else "cannot tell which one to replace"
    assert str(synthetic_db) in str(refused.value) and cause in str(refused.value)
    assert _rows(synthetic_db) == hidden
