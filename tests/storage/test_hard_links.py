"""Pass 13, DB A1: the user's database hard-linked under a second name. A save killed under
one name left its journal beside that name only; a save under the other name was reported
saved, then the next start rolled the old journal back over it and that save was gone. A
database with other names is now read, never written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from chipscope.storage import DbScenarioStore
from chipscope.storage.errors import DatabaseReadOnly
from chipscope.storage.recovery import journal_path
from chipscope.storage.repository import open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.user_edits import put_edits
from tests.storage.killed_save import kill_a_save

SAID = re.escape("has 2 names (hard links), so ChipScope does not write to it")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_hard_linked_database_is_read_and_never_written(db: Path, tmp_path: Path) -> None:
    save_scenario(db, "mine", "", {"lock_in": 1.0})
    other = tmp_path / "sync" / "chipscope.db"
    other.parent.mkdir()
    os.link(db, other)
    kill_a_save(db)
    assert journal_path(db).exists() and not journal_path(other).exists()
    before = _digest(other)
    with pytest.raises(DatabaseReadOnly, match=SAID):
        save_scenario(other, "viasync", "", {"lock_in": 2.0})
    with pytest.raises(DatabaseReadOnly, match=SAID):
        DbScenarioStore(other).check_writable()
    with pytest.raises(DatabaseReadOnly, match=SAID):
        put_edits(other, [])
    assert _digest(other) == before
    dataset, _ = open_user_database(db)  # read as it is (the committed state), not written
    assert dataset.chip_ids and journal_path(db).exists() and _digest(db) == before
    assert [s.name for s in list_scenarios(other)] == ["mine"]


def test_a_single_copy_saves_again(db: Path, tmp_path: Path) -> None:
    """What the message says to do: copy it and use the copy."""
    other = tmp_path / "other.db"
    os.link(db, other)
    copy = tmp_path / "copy.db"
    shutil.copyfile(other, copy)
    save_scenario(copy, "again", "", {"lock_in": 1.0})
    assert [s.name for s in list_scenarios(copy)] == ["again"]
    other.unlink()  # one name left
    save_scenario(db, "mine", "", {"lock_in": 1.0})
    assert [s.name for s in list_scenarios(db)] == ["mine"]
