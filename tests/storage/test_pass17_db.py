"""Pass 17 (databases and faults, /work/pass17-db.md): a journal whose header's initial page
count was damaged made every reader and writer allocate that many pages ("unexpected
MemoryError", C1); another program's layout of ``scenarios``, ``autosave`` or ``user_edits``
failed every save in SQLite's words while ``data check`` found nothing (D1); the empty-file
sentence promised a new database for any ``--db`` file (D4)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.model.edits import Edit, EditSource
from chipscope.storage import (
    StorageError,
    check_database,
    inspect_database,
    list_scenarios,
    save_scenario,
)
from chipscope.storage.autosave import save_autosave
from chipscope.storage.recovery import journal_path
from chipscope.storage.user_edits import COLUMNS, ensure_table, list_edits, put_edits
from tests.storage.killed_save import refused_everywhere

_OTHER_WRITE = """\
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA cache_size=1")
c.execute("BEGIN IMMEDIATE")
for i in range(200):
    c.execute("INSERT INTO scenarios VALUES (?, '', ?, 0, 'x')", (f"other{i}", "x" * 4000))
os._exit(0)
"""


def _others_killed_write(db: Path) -> None:
    """Another program's write (no lineage value in its journal) killed after it spilled
    pages to the file: a hot journal holding page 1, beside a file ChipScope saved before."""
    subprocess.run([sys.executable, "-c", _OTHER_WRITE, str(db)], check=True, timeout=60)


@pytest.mark.parametrize("initial", [0xFFFFFFFF, 100_000, 1])
def test_a_journal_with_a_damaged_initial_page_count_is_refused_in_one_sentence(
        db: Path, initial: int) -> None:
    """C1: the count was trusted and that many pages allocated (MemoryError, or 875 MB for
    100,000 pages); SQLite's playback would cut or extend the file to it."""
    save_scenario(db, "mine", "", {})  # a lineage row
    _others_killed_write(db)
    journal = journal_path(db)
    data = bytearray(journal.read_bytes())
    data[16:20] = initial.to_bytes(4, "big")
    journal.write_bytes(bytes(data))
    refused_everywhere(db, journal, f"{initial:,} pages before the write")


def test_an_undamaged_journal_of_another_program_still_rolls_back(db: Path) -> None:
    """C1's other side: the same journal with its true count is played back as before."""
    save_scenario(db, "mine", "", {})
    _others_killed_write(db)
    assert [r.name for r in list_scenarios(db)] == ["mine"]


SOURCE = EditSource("Example News, 30 Nov 2026", "https://example.com/news", "2026-11-30",
                    "CC BY 4.0")


def _edit(key: str) -> Edit:
    fields = {"deal_id": key, "adopter_id": "a0", "vendor_id": "v0", "chip_id": "c0",
              "first_year": "2027", "last_year": "2028", "amount": "20000",
              "amount_unit": "units", "description": "A deal", "firmness": "firm"}
    return Edit("deals", key, "add", fields, SOURCE, "high", "2026-12-01T00:00:00+00:00", "")


def _rebuild(db: Path, table: str, extra: str, strict: bool) -> None:
    """Another program rebuilds ``table`` with its columns plus ``extra`` ("owner TEXT NOT
    NULL", its rows given 'x'), or as a STRICT table whose ``updated_at`` is an INTEGER (its
    rows left out: they do not fit)."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        cols = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]
        key = {"scenarios": "name", "autosave": "slot", "user_edits": "table_name, row_key"}
        integer = ("slot", "unsaved", "is_preset") + (("updated_at",) if strict else ())
        typed = ", ".join(f"{c} {'INTEGER' if c in integer else 'TEXT'}" for c in cols)
        more, value = (f", {extra}", ", 'x'") if extra else ("", "")
        rows = "WHERE 0" if strict else ""
        conn.executescript(
            f"BEGIN; ALTER TABLE {table} RENAME TO old; CREATE TABLE {table} ({typed}{more}, "
            f"PRIMARY KEY ({key[table]})) {'STRICT' if strict else ''}; INSERT INTO {table} "
            f"SELECT {', '.join(cols)}{value} FROM old {rows}; DROP TABLE old; COMMIT;")


@pytest.mark.parametrize(("table", "extra", "strict", "cause"), [
    ("scenarios", "owner TEXT NOT NULL", False,
     "NOT NULL constraint failed: scenarios.owner"),
    ("scenarios", "", True, "cannot store TEXT value in INTEGER column scenarios.updated_at"),
    ("autosave", "who TEXT NOT NULL", False,
     "NOT NULL constraint failed: autosave.who"),
    ("user_edits", "reviewer TEXT NOT NULL", False,
     "NOT NULL constraint failed: user_edits.reviewer"),
])
def test_another_layout_of_an_own_table_is_named_by_every_save_and_the_check(
        db: Path, table: str, extra: str, strict: bool, cause: str) -> None:
    """D1: every save failed in SQLite's words while ``data check`` said "no problems"."""
    save_scenario(db, "mine", "", {})
    save_autosave(db, "mine", "", {})
    put_edits(db, [_edit("kept")])
    _rebuild(db, table, extra, strict)
    before = db.read_bytes()
    wanted = f"keeps the table {table!r} with another layout (another program changed it: {cause})"
    assert any(wanted in p for p in check_database(db))
    scenario_saves = (lambda: save_scenario(db, "new", "", {}),
                      lambda: save_autosave(db, "new", "", {}))
    edit_saves = (lambda: put_edits(db, [_edit("new")]),)
    # Every save that writes the table is refused naming it; since pass 18 a save to another
    # table (a data edit beside a rebuilt scenarios table) goes on (pass 10 W4/W5).
    mine, others = ((edit_saves, scenario_saves) if table == "user_edits"
                    else (scenario_saves, edit_saves))
    for save in mine:
        with pytest.raises(StorageError, match="another layout") as refused:
            save()
        assert wanted in str(refused.value)
    assert db.read_bytes() == before
    assert [r.name for r in list_scenarios(db)] == ([] if strict else ["mine"])  # reads work
    assert [e.key for e in list_edits(db)] == ["kept"]
    for save in others:
        save()
    assert [e.key for e in list_edits(db)] == (["kept"] if table == "user_edits"
                                               else ["kept", "new"])


def test_chipscope_s_own_layouts_take_the_trial(db: Path) -> None:
    """D1's other side: a database whose own tables ChipScope made saves as before, and the
    edits' upsert is the one its table's columns are (one rule, :mod:`own_layout`)."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        ensure_table(conn)
    save_scenario(db, "mine", "", {})
    save_autosave(db, "mine", "", {})
    put_edits(db, [_edit("kept")])
    assert check_database(db) == []
    from chipscope.storage import own_layout
    assert tuple(COLUMNS) == own_layout.COLUMNS["user_edits"]


def test_an_empty_named_file_is_not_promised_a_new_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """D4: "ChipScope makes your own database anew" was said of any ``--db`` file too."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    other = tmp_path / "e.db"
    other.touch()
    with pytest.raises(StorageError) as named:
        inspect_database(other)
    assert "anew" not in str(named.value)
    assert f"`chipscope-cli data build --out {other}`" in str(named.value)
    own = home / "chipscope.db"
    own.touch()
    with pytest.raises(StorageError) as default:
        inspect_database(own)
    assert "ChipScope makes your own database anew" in str(default.value)
