"""Pass 18 (databases and faults, /work/pass18-db.md): a killed save's journal whose header's
nonce or record count was damaged was played back as nothing, and the next save reported
"saved" into the half-written file (A3); a damaged sector or page size was called another
program's or another copy's journal (D3); the autosave table lacking a column failed every
autosave while ``data check`` found nothing (D1); the empty-file sentence suggested a command
with the path unquoted (E1)."""

from __future__ import annotations

import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    check_database,
    inspect_database,
    list_scenarios,
    save_scenario,
)
from chipscope.storage.autosave import save_autosave
from chipscope.storage.recovery import journal_path
from tests.storage.killed_save import kill_a_save, refused_everywhere


def _damaged_journal(db: Path, offset: int, value: int) -> Path:
    """A ChipScope save killed after it wrote pages to the file, its journal's header field at
    ``offset`` then set to ``value`` (a bad sector, a stray write)."""
    save_scenario(db, "mine", "", {})
    kill_a_save(db)
    journal = journal_path(db)
    data = bytearray(journal.read_bytes())
    assert data[:4] == bytes.fromhex("d9d505f9")  # hot: SQLite would play it back
    data[offset:offset + 4] = value.to_bytes(4, "big")
    journal.write_bytes(bytes(data))
    return journal


@pytest.mark.parametrize(("offset", "value", "cause"), [
    (12, 0x12345678, "the checksum of its first record, page 1, does not match its header's "
                     "nonce, so SQLite would put back no page, and the file was already written"),
    (8, 0, "its header gives a record count of 0, where it holds"),
    (8, 1, "its header gives a record count of 1, where it holds"),
])
def test_a_killed_save_s_journal_that_sqlite_would_not_play_is_refused(
        db: Path, offset: int, value: int, cause: str) -> None:
    """A3: SQLite played no record (checksums failed, or none counted), finished the journal,
    and the next save was "saved" into the half-written, damaged file."""
    journal = _damaged_journal(db, offset, value)
    refused_everywhere(db, journal, f"is damaged ({cause}")


@pytest.mark.parametrize(("offset", "value", "cause"), [
    (20, 0, "its header gives a sector size of 0 bytes, where its first record starts at "
            "byte 512"),
    (20, 1024, "its header gives a sector size of 1,024 bytes, where its first record starts "
               "at byte 512"),
    (24, 512, "its header gives pages of 512 bytes, where its first record is page 1 of "
              "4,096 bytes"),
    (24, 3000, "its header gives pages of 3,000 bytes, where its first record is page 1"),
])
def test_a_damaged_sector_or_page_size_is_named_damaged(
        db: Path, offset: int, value: int, cause: str) -> None:
    """D3: it was called another program's or another copy's journal, with advice (open it
    with sqlite3, move it away) that loses the rollback."""
    journal = _damaged_journal(db, offset, value)
    refused_everywhere(db, journal, f"is damaged ({cause}")


def test_an_undamaged_killed_save_still_rolls_back(db: Path) -> None:
    """A3 and D3's other side: the same journal as SQLite wrote it is played back."""
    save_scenario(db, "mine", "", {})
    kill_a_save(db)
    assert [r.name for r in list_scenarios(db)] == ["mine"]
    save_scenario(db, "after", "", {})
    assert not journal_path(db).exists()
    assert sorted(r.name for r in list_scenarios(db)) == ["after", "mine"]
    assert check_database(db) == []


@pytest.mark.parametrize(("table", "column"), [("autosave", "description"),
                                               ("autosave", "unsaved"),
                                               ("scenarios", "description"),
                                               ("user_edits", "source_id")])
def test_an_own_table_lacking_a_column_is_named_by_the_check(
        db: Path, table: str, column: str) -> None:
    """D1: every autosave failed while ``data check`` said "no problems found" (a missing
    column was taken for an older layout, which none of these tables ever had)."""
    save_scenario(db, "mine", "", {})
    save_autosave(db, "mine", "", {})
    if table == "user_edits":
        from chipscope.storage.user_edits import ensure_table
        with closing(sqlite3.connect(db, isolation_level=None)) as conn:
            ensure_table(conn)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    before = db.read_bytes()
    wanted = f"keeps the table {table!r} with another layout"
    problems = check_database(db)
    assert any(wanted in p and column in p for p in problems)
    with pytest.raises(StorageError, match="another layout"):  # a save of that table
        if table == "user_edits":
            from chipscope.storage.user_edits import put_edits
            put_edits(db, [])
        else:
            save_autosave(db, "new", "", {})
    assert db.read_bytes() == before


def test_the_empty_file_sentence_quotes_the_path_as_a_shell_would(tmp_path: Path) -> None:
    """E1: `chipscope-cli data build --out my data.db` failed when pasted into a shell."""
    empty = tmp_path / "my data's.db"
    empty.touch()
    with pytest.raises(StorageError) as named:
        inspect_database(empty)
    assert f"`chipscope-cli data build --out {shlex.quote(str(empty))}`" in str(named.value)
    assert shlex.split(shlex.quote(str(empty))) == [str(empty)]
