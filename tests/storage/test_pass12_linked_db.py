"""Pass 12, DB D1: a database reached through a symlink (a synced folder). SQLite keeps its
journal beside the file the link leads to, but recovery looked beside the link: after one
killed save every command said "read-only" and nothing rolled the journal back."""

from __future__ import annotations

import shutil
from pathlib import Path

from chipscope.storage.recovery import has_hot_journal, journal_path, wal_path
from chipscope.storage.repository import open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from tests.storage.killed_save import kill_a_save


def test_a_killed_save_through_a_linked_database_is_rolled_back(db: Path, tmp_path: Path
                                                                 ) -> None:
    synced = tmp_path / "sync"
    synced.mkdir()
    real = synced / "chipscope.db"
    shutil.copyfile(db, real)
    link = tmp_path / "home" / "chipscope.db"
    link.parent.mkdir()
    link.symlink_to(real)
    save_scenario(link, "kept", "", {"lock_in": 1.0})
    kill_a_save(link)
    assert (synced / "chipscope.db-journal").stat().st_size > 0  # where SQLite keeps it
    assert journal_path(link) == synced / "chipscope.db-journal"
    assert wal_path(link) == synced / "chipscope.db-wal"
    assert has_hot_journal(link)
    dataset, _ = open_user_database(link)  # rolled back, then loaded: not "read-only"
    assert dataset.chip_ids and not (synced / "chipscope.db-journal").exists()
    assert [s.name for s in list_scenarios(link)] == ["kept"]
    save_scenario(link, "again", "", {"lock_in": 2.0})
    assert link.is_symlink() and [s.name for s in list_scenarios(real)] == ["again", "kept"]
