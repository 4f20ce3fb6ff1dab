"""Pass 110 (a random search combining rows another program writes with two windows' undo and
redo chains):

F1: an import onto the working name (same name and description: the identity was equal, not
new) whose redo put the copy back under a free name left the window on the old name, showing
the import's values over another window's copy. The window follows a put-back of any step that
set the identity. F2: deleting a row another program saved under a name ChipScope cannot save
back (over 200 characters, an invisible or control character) could not be undone: the copy
was lost. Such a delete is refused with the way out (rename it first). F3: a free name for a
put-back ("Mine (restored)") held by rows the list leaves out (twins, a damaged row) was chosen
again and again and the undo refused for good: free names avoid every stored name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.scenario import Scenario
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from tests.raw_scenarios import raw_row


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT name, values_json FROM scenarios"))


def _lock_in(db: Path) -> dict[str, float]:
    return {r.name: r.values["lock_in"] for r in list_scenarios(db)}


@pytest.mark.parametrize("description", ["", "other"])
def test_f1_the_window_follows_a_redone_import_put_back_under_a_free_name(
        synthetic_db: Path, description: str) -> None:
    doc, other = (Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db)),
                  DbScenarioStore(synthetic_db))
    doc.import_scenario(Scenario("I", "", {"lock_in": 1.4}))   # A works on its own "I"
    other.delete("I")
    assert doc.import_scenario(Scenario("I", description, {"lock_in": 1.6})) == "I"
    assert doc.undo()
    other.save("I", "B", {"lock_in": 0.5})
    with pytest.raises(PassedOver):
        doc.redo()                                             # A's copy -> "I (restored)"
    assert _lock_in(synthetic_db) == {"I": 0.5, "I (restored)": 1.6}
    assert (doc.identity.name, doc.assumptions["lock_in"]) == ("I (restored)", 1.6)
    assert not doc.is_modified()
    doc.set_value("lock_in", 1.7)
    doc.save()                                                 # its own copy: no question
    assert _lock_in(synthetic_db) == {"I": 0.5, "I (restored)": 1.7}


@pytest.mark.parametrize("name", ["L" * 205, "Zero\u200bwidth", "Bell\x07"])
def test_f2_a_row_named_as_chipscope_cannot_save_back_is_not_deleted(
        synthetic_db: Path, name: str) -> None:
    raw_row(synthetic_db, name, '{"lock_in": 0.7}')
    before = _rows(synthetic_db)
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    [listed] = [r.name for r in list_scenarios(synthetic_db)]
    with pytest.raises(ValueError, match=r"cannot be deleted here.*rename it first"):
        doc.delete(listed)                                     # before: deleted for good
    assert _rows(synthetic_db) == before
    assert not doc.history.can_undo()
    doc.rename(listed, "Valid")                                # the way out
    doc.delete("Valid")
    assert doc.undo()
    assert _lock_in(synthetic_db) == {"Valid": 0.7}


def test_f2_a_long_name_with_spaces_that_fits_once_cleaned_is_deleted_and_put_back(
        synthetic_db: Path) -> None:
    raw_row(synthetic_db, " " + "L" * 200 + " ", '{"lock_in": 0.7}')
    doc = Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db))
    doc.delete("L" * 200)
    assert _lock_in(synthetic_db) == {}
    assert doc.undo()
    assert _lock_in(synthetic_db) == {"L" * 200: 0.7}


@pytest.mark.parametrize("hidden", [
    [("Mine (restored)", '{"lock_in": 0.3}'), (" Mine (restored)", '{"lock_in": 0.4}')],
    [("Mine (restored)", "not json")],
])
def test_f3_a_put_back_skips_names_of_rows_the_list_leaves_out(
        synthetic_db: Path, hidden: list[tuple[str, str]]) -> None:
    doc, other = (Document(load_dataset(synthetic_db), store=DbScenarioStore(synthetic_db)),
                  DbScenarioStore(synthetic_db))
    doc.set_value("lock_in", 1.4)
    doc.save_as("Mine")
    for name, values_json in hidden:
        raw_row(synthetic_db, name, values_json)
    doc.delete("Mine")
    other.save("Mine", "B", {"lock_in": 0.5})
    with pytest.raises(PassedOver, match="Mine \\(restored 2\\)"):
        doc.undo()                                             # before: refused for good
    assert _lock_in(synthetic_db) == {"Mine": 0.5, "Mine (restored 2)": 1.4}
    assert [r for r in _rows(synthetic_db) if "restored)" in str(r[0])] == sorted(hidden)
