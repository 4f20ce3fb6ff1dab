"""Pass 12 (databases and faults): a crash's ``-wal`` beside another file (A1), and journals
the pass 11 check let through (A4): never played into a file they may not belong to."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import StorageError, build_database
from chipscope.storage.recovery import journal_path, wal_path
from chipscope.storage.repository import check_database, load_dataset, open_user_database
from chipscope.storage.scenarios import list_scenarios, save_scenario

FOREIGN = "beside it was left by a crash of another copy of the database; move it away"
UNCERTAIN = "beside it was left by a crash of another program and may belong to another copy"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _crash_in_wal_mode(db: Path) -> bytes:
    """Another tool switches ``db`` to WAL mode, commits a change and dies: its ``-wal``
    (with committed frames) stays. Returns the log."""
    code = ("import sqlite3, os, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA journal_mode=WAL')\n"
            "c.execute('PRAGMA wal_autocheckpoint=0')\n"
            "c.execute('DELETE FROM deals')\n"
            "c.execute(\"INSERT INTO scenarios VALUES ('fromwal', '', '{}', 0, 'x')\")\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    assert wal_path(db).stat().st_size > 32
    return wal_path(db).read_bytes()


def _crash_mid_write(db: Path) -> bytes:
    """Another program's write on ``db`` is killed after spilling pages: a hot journal
    without page 1. Returns the journal."""
    code = ("import sqlite3, os, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1')\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute('UPDATE deals SET rowid = rowid')\n"
            "for i in range(100):\n"
            "    c.execute(\"INSERT INTO scenarios VALUES (?, ?, '{}', 0, 'x')\",\n"
            "              (f'j{i}', 'x' * 3000))\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=60)
    assert journal_path(db).stat().st_size > 0
    return journal_path(db).read_bytes()


def _assert_refused(target: Path, said: str) -> None:
    for read in (open_user_database, load_dataset, list_scenarios):
        with pytest.raises(StorageError, match=said):
            read(target)
    with pytest.raises(StorageError, match=said):
        save_scenario(target, "x", "", {})
    assert said in " ".join(check_database(target))


def test_a_wal_beside_a_restored_backup_is_refused(db: Path, tmp_path: Path) -> None:
    """A1: the backup was played the other tool's log (its deals emptied, a phantom scenario)."""
    save_scenario(db, "mine", "", {})
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    wal = _crash_in_wal_mode(db)
    shutil.copyfile(backup, db)  # restored: rollback mode, the old log still beside it
    before = _digest(db)
    _assert_refused(db, "chipscope.db-wal " + FOREIGN)
    assert _digest(db) == before and wal_path(db).read_bytes() == wal
    wal_path(db).unlink()  # moved away, as the message says
    assert [s.name for s in list_scenarios(db)] == ["mine"]


def test_no_new_database_is_made_beside_a_leftover_wal(db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A1: a fresh copy of the bundled dataset was given the deleted file's log."""
    _crash_in_wal_mode(db)
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(wal_path(db), wal_path(home / "chipscope.db"))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    with pytest.raises(StorageError, match="chipscope.db-wal " + FOREIGN):
        open_user_database()
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db-wal"]


def test_a_wal_of_another_page_size_beside_a_wal_mode_file_is_refused(
        db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other, isolation_level=None)) as conn:
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("CREATE TABLE deals (x)")
        conn.execute("CREATE TABLE scenarios (a, b, c, d, e)")
    wal = _crash_in_wal_mode(other)
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # closed cleanly: no log left
    assert not wal_path(db).exists()
    wal_path(db).write_bytes(wal)
    before = _digest(db)
    with pytest.raises(StorageError, match="chipscope.db-wal " + FOREIGN):
        load_dataset(db)
    assert _digest(db) == before


def test_the_own_wal_of_a_wal_mode_database_is_still_taken(db: Path) -> None:
    """A log written to this very file (another tool switched it to WAL mode) is its
    committed state: taken, then the file goes back to ChipScope's rollback journal."""
    save_scenario(db, "mine", "", {})
    _crash_in_wal_mode(db)
    dataset, _ = open_user_database(db)
    assert dataset.chip_ids and not wal_path(db).exists()
    assert sorted(s.name for s in list_scenarios(db)) == ["fromwal", "mine"]


def test_data_build_refuses_a_leftover_wal_or_journal_beside_a_missing_output(
        db: Path, csv_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A1 and A4c: the new file got the old log (876 rows) or, at its first save, the old
    journal (a phantom scenario)."""
    save_scenario(db, "mine", "", {})
    journal = _crash_mid_write(shutil.copyfile(db, tmp_path / "other.db"))
    wal = _crash_in_wal_mode(db)
    for name, content in (("x.db-wal", wal), ("y.db-journal", journal)):
        out = tmp_path / name.split("-")[0]
        leftover = tmp_path / name
        leftover.write_bytes(content)
        assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert f"{name} " + FOREIGN in err and "unexpected" not in err, err
        assert not out.exists() and leftover.read_bytes() == content
        leftover.unlink()
        build_database(csv_dir, out)  # moved away: the build works
        assert list_scenarios(out) == []


def test_another_programs_journal_beside_a_file_of_the_same_size_is_refused(
        db: Path, tmp_path: Path) -> None:
    """A4a: a journal holding no page 1 matched any file of the same page count; the other
    database lost its scenarios to it."""
    other = tmp_path / "other.db"
    shutil.copyfile(db, other)
    save_scenario(db, "mine", "", {})
    for i in range(3):
        save_scenario(other, f"work{i}", "", {})
    journal = _crash_mid_write(db)
    shutil.copyfile(other, db)  # the user puts their other database in place
    journal_path(db).write_bytes(journal)
    before = _digest(db)
    _assert_refused(db, "chipscope.db-journal " + UNCERTAIN)
    assert _digest(db) == before and journal_path(db).read_bytes() == journal
    journal_path(db).unlink()
    assert [s.name for s in list_scenarios(db)] == ["work0", "work1", "work2"]


def test_a_wal_mode_backup_restored_beside_another_tools_wal_is_refused(
        db: Path, tmp_path: Path) -> None:
    """Pass 13, DB A4: a backup whose header is in WAL mode (copied while another tool had
    the file in WAL mode), restored over the database beside another tool's leftover log,
    had that log played in: its deals emptied, its scenarios lost, exit 0. The file changed
    after the log was last written, so the log is refused, naming it; the file is unchanged."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(db, backup)
    save_scenario(backup, "work0", "", {})
    with closing(sqlite3.connect(backup)) as conn:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    save_scenario(db, "mine", "", {})
    wal = _crash_in_wal_mode(db)
    shutil.copyfile(backup, db)  # the user restores the backup
    before = _digest(db)
    said = "chipscope.db-wal beside it was left by a crash of another program"
    with pytest.raises(StorageError, match=said):
        open_user_database(db)
    assert _digest(db) == before and wal_path(db).read_bytes() == wal
