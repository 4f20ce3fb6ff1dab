"""Pass 113. F1 (false question): A saved "Mine", changed it, and was killed with the change
autosaved (made on A's own copy). Before the next start another program added a twin row
" Mine" or damaged "Mine" in place. The restore found no listed "Mine" and showed the values as
an untitled "Mine" for good: once the row was back as A left it, Save asked for a name and then
whether to replace A's own copy. The restore now keeps the copy the values were made on: Save
is refused while the row is left out, writes when it is back as A left it, and asks when
another copy is there. F2: a rename onto a name only a left-out row holds said "already exists"
of a name the list does not show; it now says what holds it, as Save As does (pass 111 F1)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.storage.errors import SaveConflict, StorageError
from tests.raw_scenarios import raw_row


def _doc(db: Path) -> Document:
    return Document(load_dataset(db), store=DbScenarioStore(db))


def _hide(db: Path, harm: str) -> str:
    """Leave "Mine" out of the list; returns its values text, to put it back as it was."""
    with sqlite3.connect(db) as conn:
        text: str = conn.execute("SELECT values_json FROM scenarios WHERE name = 'Mine'"
                                 ).fetchone()[0]
        if harm == "damaged":
            conn.execute("UPDATE scenarios SET values_json = 'not json' WHERE name = 'Mine'")
    conn.close()
    if harm == "twin":
        raw_row(db, " Mine", '{"lock_in": 0.9}')
    return text


def _back(db: Path, harm: str, text: str) -> None:
    with sqlite3.connect(db) as conn:
        if harm == "twin":
            conn.execute("DELETE FROM scenarios WHERE name = ' Mine'")
        else:
            conn.execute("UPDATE scenarios SET values_json = ? WHERE name = 'Mine'", (text,))
    conn.close()


def _restarted(db: Path, harm: str) -> tuple[Document, str]:
    a = _doc(db)
    a.set_value("lock_in", 1.3)
    a.save_as("Mine")
    a.set_value("lock_in", 1.5)
    a.commit()
    save_autosave(db, "Mine", "", a.assumptions.changed(), unsaved=True, based_on=a.based_on())
    text = _hide(db, harm)                           # killed; another program hides "Mine"
    record = load_autosave(db)
    assert record is not None
    restarted = _doc(db)                             # the next start restores the autosave
    restarted.restore(record.scenario.name, record.scenario.description,
                      record.scenario.values, record.unsaved, record.saved_at, record.based_on)
    return restarted, text


def _values(db: Path) -> dict[str, float | None]:
    return {r.name: r.values.get("lock_in") for r in list_scenarios(db)}


@pytest.mark.parametrize("harm", ["twin", "damaged"])
def test_a_row_left_out_at_the_restart_then_back_as_it_was(synthetic_db: Path,
                                                           harm: str) -> None:
    db = synthetic_db
    a, text = _restarted(db, harm)
    assert (a.identity.name, a.identity.source) == ("Mine", "saved")
    with pytest.raises(StorageError) as refused:     # refused while left out (by design)
        a.save()
    assert not isinstance(refused.value, SaveConflict) and "Mine" in str(refused.value)
    _back(db, harm, text)
    a.save()                                         # A's own copy: no question
    assert _values(db)["Mine"] == 1.5


@pytest.mark.parametrize("harm", ["twin", "damaged"])
def test_a_row_left_out_at_the_restart_then_saved_by_another_window(synthetic_db: Path,
                                                                    harm: str) -> None:
    db = synthetic_db
    a, text = _restarted(db, harm)
    _back(db, harm, text)
    DbScenarioStore(db).save("Mine", "B's", {"lock_in": 0.2})
    with pytest.raises(SaveConflict):                # B's copy: asks
        a.save()
    assert _values(db)["Mine"] == 0.2


@pytest.mark.parametrize("raw", ["damaged", "twins"])
def test_a_rename_onto_a_name_a_left_out_row_holds_says_so(synthetic_db: Path,
                                                           raw: str) -> None:
    db = synthetic_db
    a = _doc(db)
    a.set_value("lock_in", 1.3)
    a.save_as("Base")
    if raw == "damaged":
        raw_row(db, "X", "not json")
    else:
        raw_row(db, "X", '{"lock_in": 0.9}')
        raw_row(db, " X", '{"lock_in": 0.8}')
    with pytest.raises(ValueError, match="nothing was renamed") as refused:
        a.rename("Base", "X")
    cause = "is damaged" if raw == "damaged" else "cannot tell which one to replace"
    assert str(db) in str(refused.value) and cause in str(refused.value)
    assert "Base" in _values(db)
