"""Pass 112 F3: C opens "Mine", deletes it; window B saves a new "Mine"; C's Undo of the delete
is passed over (its copy put back as "Mine (restored)"); C undoes the opening too, then redoes
it: C shows "Mine" (saved) with the values it opened, but takes B's copy for the one it saw
(no mark: the stored stamp was adopted). Save overwrote B's copy without a question when an
earlier step of C had renamed "Mine" away: the deletion found ``_left["Mine"]`` "" already and
left no tombstone. A deletion now always leaves one."""
from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.model.document import Document
from chipscope.model.undo import PassedOver
from chipscope.storage import DbScenarioStore, list_scenarios, load_dataset
from chipscope.storage.errors import SaveConflict


def _doc(db: Path) -> Document:
    return Document(load_dataset(db), store=DbScenarioStore(db))


@pytest.mark.parametrize("tomb", [False, True])
@pytest.mark.parametrize("edit", [False, True])
def test_redo_of_opening_after_a_passed_over_undo_of_its_deletion(synthetic_db: Path,
                                                                  edit: bool, tomb: bool) -> None:
    db = synthetic_db
    b = DbScenarioStore(db)
    b.save("Mine", "", {"lock_in": 0.7})
    c = _doc(db)
    if tomb:                                         # an earlier step of C renamed "Mine"
        c.rename("Mine", "Other")                    # away (C's tombstone: _left["Mine"] = "")
        b.save("Mine", "", {"lock_in": 0.5})         # B saves a new "Mine"
    c.open("Mine")                                   # step 1
    c.delete("Mine")                                 # step 2: C is on untitled "Mine"
    b.save("Mine", "B's", {"lock_in": 0.2})          # window B saves a new "Mine"
    with pytest.raises(PassedOver):
        c.undo()                                     # put back as "Mine (restored)"
    assert c.identity.name == "Mine (restored)"
    c.undo()                                         # undo the opening
    c.redo()                                         # redo the opening: "Mine", saved
    assert (c.identity.name, c.identity.source) == ("Mine", "saved")
    if edit:
        c.set_value("lock_in", 1.9)
    asked = False
    try:
        c.save()
    except SaveConflict:
        asked = True
    got = {r.name: r.values.get("lock_in") for r in list_scenarios(db)}
    assert asked, got                                # B's 0.2 was never seen by C
    assert got["Mine"] == 0.2
