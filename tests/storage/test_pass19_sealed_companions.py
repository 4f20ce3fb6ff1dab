"""Pass 19 (D2): an immutable (``chattr +i``) or append-only (``+a``) journal, WAL or index
beside the database made every save say "could not be written (disk I/O error)" or "(unable to
open database file)", naming neither the file nor its attribute. Every writer now names it
before SQLite opens the database to write, and changes nothing."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage.autosave import save_autosave
from chipscope.storage.errors import DatabaseReadOnly, is_read_only
from chipscope.storage.scenarios import list_scenarios, rename_scenario, save_scenario
from chipscope.storage.user_edits import list_edits, remove_edit
from tests.storage.append_only import marked
from tests.storage.killed_save import kill_a_save

WRITERS: dict[str, Callable[[Path], object]] = {
    "save": lambda db: save_scenario(db, "new", "", {}),
    "autosave": lambda db: save_autosave(db, "new", "", {}),
    "rename": lambda db: rename_scenario(db, "seed", "other"),
    "edits": lambda db: remove_edit(db, "deals", "none"),
}
WORDS = {"+i": r"immutable \(chattr \+i\)", "+a": r"append-only \(chattr \+a\)"}


def _copy(db: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    copy = folder / "k.db"
    shutil.copyfile(db, copy)
    save_scenario(copy, "seed", "", {})
    return copy


@pytest.mark.parametrize("flag", ["+i", "+a"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_sealed_journal_is_named_by_every_writer(db: Path, tmp_path: Path, flag: str,
                                                   writer: str) -> None:
    copy = _copy(db, tmp_path)
    journal = Path(f"{copy}-journal")
    journal.touch()
    before = copy.read_bytes()
    with marked(journal, flag):
        assert is_read_only(copy)
        with pytest.raises(DatabaseReadOnly) as caught:
            WRITERS[writer](copy)
        message = str(caught.value)
        assert f"{journal} beside it is" in message and "journal" in message
        assert re.search(WORDS[flag], message)
        assert f"chattr {flag.replace('+', '-')}" in message and "disk I/O" not in message
        assert [s.name for s in list_scenarios(copy)] == ["seed"]  # reads still work
        assert list_edits(copy) == []
    assert copy.read_bytes() == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_sealed_log_or_index_of_a_wal_mode_file_is_named(db: Path, tmp_path: Path,
                                                           suffix: str) -> None:
    copy = _copy(db, tmp_path)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    companion = Path(f"{copy}{suffix}")
    companion.touch()
    with marked(companion, "+i"), pytest.raises(DatabaseReadOnly,
                                               match=rf"k\.db{suffix} beside it is immutable"):
        save_scenario(copy, "new", "", {})


def test_a_sealed_log_beside_a_rollback_file_does_not_stop_a_save(db: Path,
                                                                  tmp_path: Path) -> None:
    copy = _copy(db, tmp_path)  # SQLite never writes an empty -wal or a -shm here
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").touch()
    with marked(Path(f"{copy}-wal"), "+i"), marked(Path(f"{copy}-shm"), "+a"):
        assert not is_read_only(copy)
        save_scenario(copy, "new", "", {})
    assert "new" in [s.name for s in list_scenarios(copy)]


@pytest.mark.parametrize("flag", ["+i", "+a"])
def test_a_sealed_hot_journal_of_a_killed_save_is_named(db: Path, tmp_path: Path,
                                                        flag: str) -> None:
    copy = _copy(db, tmp_path)
    kill_a_save(copy)
    journal = Path(f"{copy}-journal")
    before = (copy.read_bytes(), journal.read_bytes())
    with marked(journal, flag), pytest.raises(DatabaseReadOnly, match=WORDS[flag]):
        save_scenario(copy, "new", "", {})
    assert [s.name for s in list_scenarios(copy)] == ["seed"]  # rolled back in the copy
    assert (copy.read_bytes(), journal.read_bytes()) == before
