"""Pass 13 (databases and faults): keys another program made case-blind, finished journals
beside a build target, a save raced by a replace of the file."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.repository import check_database
from chipscope.storage.scenarios import list_scenarios, save_scenario


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rebuild_nocase(db: Path, table: str, column_decl: str) -> None:
    """Another tool rebuilds ``table`` with the same columns, ``column_decl`` COLLATE NOCASE."""
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert column_decl in sql
        conn.execute("BEGIN")
        conn.execute(f"ALTER TABLE {table} RENAME TO old_t")
        conn.execute(sql.replace(column_decl, column_decl + " COLLATE NOCASE"))
        conn.execute(f"INSERT INTO {table} SELECT * FROM old_t")
        conn.execute("DROP TABLE old_t")
        conn.execute("COMMIT")


# --- A3: a key rebuilt COLLATE NOCASE ----------------------------------------------------------
def test_a_scenarios_key_rebuilt_case_blind_is_refused_by_saves_loads_and_check(
        db: Path) -> None:
    save_scenario(db, "mine", "my notes", {})
    _rebuild_nocase(db, "scenarios", "name TEXT PRIMARY KEY")
    before = _digest(db)
    said = "keeps the table 'scenarios' with its key 'name' compared as NOCASE"
    with pytest.raises(StorageError, match=said):
        save_scenario(db, "Mine", "OTHER", {})
    with pytest.raises(StorageError, match=said):
        list_scenarios(db)
    problems = check_database(db)
    assert len(problems) == 1 and said in problems[0], problems
    assert _digest(db) == before


def test_a_user_edits_unique_index_made_case_blind_is_refused(db: Path) -> None:
    from chipscope.storage.user_edits import list_edits, put_edits  # noqa: F401 - table made

    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("DROP TABLE IF EXISTS user_edits")
        conn.execute("CREATE TABLE user_edits (table_name TEXT, row_key TEXT)")
        conn.execute("CREATE UNIQUE INDEX ue ON user_edits (table_name, row_key COLLATE NOCASE)")
    with pytest.raises(StorageError, match="'user_edits' with its key 'row_key' compared"):
        list_edits(db)


# --- D3: a finished journal beside a build target ---------------------------------------------
@pytest.mark.parametrize("mode", ["persist", "truncate"])
def test_a_finished_journal_beside_a_build_target_is_no_write_to_lose(
        db: Path, csv_dir: Path, mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    from chipscope.cli import main

    subprocess.run([sys.executable, "-c", f"""
import os, sqlite3
c = sqlite3.connect({str(db)!r}, isolation_level=None); c.execute('pragma journal_mode={mode}')
c.execute("update chips set notes = notes || '.'"); os._exit(0)"""], check=True, timeout=60)
    journal = db.with_name(db.name + "-journal")
    assert journal.exists() and journal.read_bytes()[:8].strip(b"\0") == b""
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(db)]) == 0, \
        capsys.readouterr().err
    # a journal that was a real write is still refused
    journal.write_bytes(bytes.fromhex("d9d505f920a163d7") + b"\0" * 504)
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(db)]) == 2
    assert "beside it is a write in progress" in capsys.readouterr().err


# --- D4: a save raced by a replace of the file ----------------------------------------------
def test_a_save_raced_by_a_replace_of_the_file_says_so_not_read_only(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import shutil

    import chipscope.storage.scenarios as scenarios

    real = scenarios.write_transaction
    copy = db.with_name("new.db")

    def replaced_first(conn: sqlite3.Connection) -> object:
        monkeypatch.setattr(scenarios, "write_transaction", real)
        shutil.copy(db, copy)
        os.replace(copy, db)  # another program (a build, a sync client) renames a file over it
        return real(conn)

    monkeypatch.setattr(scenarios, "write_transaction", replaced_first)
    with pytest.raises(StorageError) as caught:
        save_scenario(db, "mine", "precious", {})
    said = str(caught.value)
    assert "was replaced by another program" in said and "nothing was saved; try again" in said
    assert "read-only" not in said
    save_scenario(db, "mine", "precious", {})  # the next try works
    assert "mine" in [r.name for r in list_scenarios(db)]
