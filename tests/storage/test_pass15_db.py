"""Pass 15 (databases and faults, /work/pass15-db.md): ``data build`` hung on a FIFO journal
(B1) and built beside a ``-wal`` every read refuses (D3); a killed save's own journal was
called another copy's once the lineage table was dropped (D1); a live WAL writer was called a
crash (D2)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage.journal import journal_belongs
from chipscope.storage.recovery import journal_path, wal_path
from chipscope.storage.repository import check_database, open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario
from tests.other_program import other_program
from tests.storage.killed_save import kill_a_save

NOT_REGULAR = "beside it is not a regular file"


def _build(csv_dir: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``chipscope data build`` in another process, bounded (a hang fails, never blocks)."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run([sys.executable, "-m", "chipscope", "data", "build", "--csv-dir",
                           str(csv_dir), "--out", str(out)], capture_output=True, text=True,
                          timeout=120, check=False, env=env, cwd=out.parent)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "folder", "link to a fifo"])
def test_a_build_next_to_a_journal_that_is_no_file_names_it_without_waiting(
        db: Path, csv_dir: Path, kind: str) -> None:
    """B1: a FIFO at ``-journal`` was opened, and the build waited for ever."""
    journal = journal_path(db)
    if kind == "folder":
        journal.mkdir()
    elif kind == "fifo":
        os.mkfifo(journal)
    else:
        os.mkfifo(db.with_name("pipe"))
        journal.symlink_to(db.with_name("pipe"))
    before = db.read_bytes()
    done = _build(csv_dir, db)
    assert done.returncode == 2, done.stderr
    assert f"{journal.name} {NOT_REGULAR}" in done.stderr and "in progress" not in done.stderr
    assert db.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling link"])
def test_a_build_next_to_a_wal_that_is_no_file_is_refused_as_reads_refuse_it(
        db: Path, csv_dir: Path, kind: str) -> None:
    """D3: the build said "Built" beside a FIFO, folder or dangling ``-wal``, and every read
    of the new file then refused it."""
    wal = wal_path(db)
    if kind == "folder":
        wal.mkdir()
    elif kind == "fifo":
        os.mkfifo(wal)
    else:
        wal.symlink_to(db.with_name("missing") / "x")
    before = db.read_bytes()
    done = _build(csv_dir, db)
    assert done.returncode == 2, done.stdout
    assert f"{wal.name} {NOT_REGULAR}" in done.stderr and "Built" not in done.stdout
    assert db.read_bytes() == before


@pytest.mark.parametrize("written", [True, False], ids=["pages written", "file not written yet"])
@pytest.mark.parametrize("how", ["DROP TABLE lineage", "DELETE FROM lineage"])
def test_a_killed_saves_own_journal_is_its_own_after_the_lineage_was_dropped(
        db: Path, tmp_path: Path, how: str, written: bool) -> None:
    """D1: with SQLite's default secure_delete=0 the dropped lineage page's stale bytes were
    journaled by the next save; a file without a lineage row (or with the row this save made
    anew) made that save's own journal "another copy's", and moving it away as told damaged
    the file."""
    save_scenario(db, "one", "", {"lock_in": 1.0})
    save_scenario(db, "two", "", {"lock_in": 2.0})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:  # another tool
        conn.execute("PRAGMA secure_delete = 0")
        conn.execute(how)
    untouched = tmp_path / "untouched.db"
    shutil.copyfile(db, untouched)
    kill_a_save(db, spill=True)
    assert b"csgen:" in journal_path(db).read_bytes()  # the stale bytes, journaled
    if not written:  # the save killed before it wrote any page to the file
        shutil.copyfile(untouched, db)
    assert journal_belongs(db) is True
    assert check_database(db) == []
    open_user_database(db)
    assert not journal_path(db).exists()
    assert [s.name for s in list_scenarios(db)] == ["one", "two"]
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_dropped_lineage_still_refuses_another_copys_journal(db: Path, tmp_path: Path) -> None:
    """D1's other side: a copy with no lineage row restored over the database does not take
    the original's journal when its page 1 is not the one the journal began from."""
    other = tmp_path / "other.db"
    shutil.copyfile(db, other)
    save_scenario(db, "one", "", {"lock_in": 1.0})
    save_scenario(db, "two", "", {"lock_in": 2.0})
    with closing(sqlite3.connect(other, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE pad (x)")
    kill_a_save(db, spill=True)
    shutil.copyfile(other, db)
    assert journal_belongs(db) is False


_WAL_PROGRAM = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("CREATE TABLE pad (x)"); c.execute("INSERT INTO pad VALUES (1)")
c.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the file written after the log: kept open
print("open", flush=True); sys.stdin.readline(); c.close()
"""


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="fcntl lock layout")
def test_a_live_wal_program_that_checkpointed_is_no_crash(db: Path) -> None:
    """D2: another program with the database open in WAL mode checkpoints, so the file is
    changed after its log's last write; that was taken for a restored backup and the user was
    told to move the live log away."""
    save_scenario(db, "kept", "", {"lock_in": 1.0})
    with other_program(_WAL_PROGRAM, str(db), ready="open"):
        wal = wal_path(db)
        changed = db.stat().st_ctime_ns
        os.utime(wal, ns=(changed - 10**10, changed - 10**10))  # the log: written before
        assert wal.stat().st_size > 0
        assert check_database(db) == []
        open_user_database(db)
        save_scenario(db, "new", "", {"lock_in": 2.0})
        assert wal.exists()  # nobody was told to move it away
    assert [s.name for s in list_scenarios(db)] == ["kept", "new"]
