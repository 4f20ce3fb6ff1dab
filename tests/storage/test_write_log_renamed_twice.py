"""Own writes are counted, not told by a changed stamp (``model/write_log.py``). The rename
form of pass 112 F3: C renames "Mine" away twice (its second rename leaves "" over the ""
of its first), window B saves a new "Mine" after each; C's undo of the second rename gives
the copy a free name, C undoes and redoes the opening of "Mine": Save there must still ask,
as C never saw B's last copy."""
from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.undo import PassedOver
from chipscope.model.write_log import WriteLog
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


@pytest.mark.parametrize("edit", [False, True])
def test_redo_of_opening_after_a_second_rename_away(synthetic_db: Path, edit: bool) -> None:
    db = synthetic_db
    b = DbScenarioStore(db)
    b.save("Mine", "", {"lock_in": 0.7})
    c = Document(load_dataset(db), store=DbScenarioStore(db))
    c.rename("Mine", "Other")                        # C's first rename away: tombstone ""
    b.save("Mine", "", {"lock_in": 0.5})             # B saves a new "Mine"
    c.open("Mine")                                   # step 1
    c.rename("Mine", "Away")                         # step 2: "" over "" for "Mine"
    b.save("Mine", "B's", {"lock_in": 0.2})          # B saves "Mine" again
    with pytest.raises(PassedOver):
        c.undo()                                     # "Away" back under a free name
    assert c.identity.name == "Mine (restored)"
    c.undo()                                         # undo the opening
    c.redo()                                         # redo it: "Mine", saved
    assert (c.identity.name, c.identity.source) == ("Mine", "saved")
    if edit:
        c.set_value("lock_in", 1.9)
    with pytest.raises(SaveConflict):
        c.save()
    got = {r.name: r.values.get("lock_in") for r in list_scenarios(db)}
    assert got["Mine"] == 0.2                        # B's copy stays


def test_a_write_that_leaves_the_stamp_it_had_is_counted() -> None:
    log = WriteLog()
    log.wrote("Mine", "")
    before = log.copy()
    log.wrote("Mine", "")                            # a second deletion of the name
    log.wrote("Gone", None)                          # unknown stamp of a name never written
    assert log.since(before) == {"Mine": ""}
    log.wrote("Mine", None)                          # unknown: the next write is not checked
    assert log.get("Mine") is None and "Mine" not in log
    assert log.since(before) == {"Mine": ""}
    assert before.since(before.copy()) == {}
