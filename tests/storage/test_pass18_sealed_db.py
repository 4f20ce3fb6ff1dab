"""Pass 18 (CLI A3): a write to a database in an append-only folder (``chattr +a``) said
"nothing was changed", but SQLite had already written the pages into the file and could not
delete its journal: the .db held the edit (a copy of it without its journal kept it) and a hot
journal stayed for good. The folder is now named before SQLite opens the file to write."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope.storage.errors import DatabaseReadOnly
from chipscope.storage.scenarios import list_scenarios, save_scenario
from tests.storage.append_only import append_only


@pytest.fixture
def sealed_db(db: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the test database in a folder marked append-only (root and a file system with
    attributes: skipped elsewhere)."""
    folder = tmp_path / "sealed"
    folder.mkdir()
    copy = folder / "x.db"
    shutil.copyfile(db, copy)
    with append_only(folder):
        yield copy


def test_a_save_into_an_append_only_folder_changes_nothing_and_says_why(sealed_db: Path
                                                                        ) -> None:
    before = sealed_db.read_bytes()
    with pytest.raises(DatabaseReadOnly, match=r"is append-only \(chattr \+a\)"):
        save_scenario(sealed_db, "mine", "", {"lock_in": 1.0})
    assert sealed_db.read_bytes() == before  # not a page of it written
    assert sorted(p.name for p in sealed_db.parent.iterdir()) == ["x.db"]  # no journal left
    assert [s.name for s in list_scenarios(sealed_db)] == []  # reads still work
