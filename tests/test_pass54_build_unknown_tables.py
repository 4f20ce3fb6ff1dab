"""P54-F1: ``data build --out F`` replaced a ChipScope database in which another program had
renamed the ``scenarios`` or ``user_edits`` table (``scenarios_old``, ``ue_old``) or added a
table of its own with rows (``my_notes``): only the tables named scenarios, autosave and
user_edits were counted, so the saved scenarios, data edits or notes were deleted ("Built").
A rebuild may now replace a file only when all it holds is what the build recreates; any other
table with rows is named, the build refuses (exit 2, the file byte for byte as it was), and
every reader of such a file gets the keep-work advice, not "rebuild it". An empty unknown
table loses nothing: the build is allowed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.scenarios import save_scenario
from tests.db_copies import bundled_copy, run_sql, sha
from tests.test_attack8 import NEWLAB

ADVICE = ("which a rebuild would delete; build into another file (--out), or move this one "
          "away first.")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return bundled_copy(tmp_path)


def _refused(db: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = sha(db)
    capsys.readouterr()
    assert main(["data", "build", "--out", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    assert sha(db) == before
    return err.strip().removeprefix("chipscope-cli: error: ")


def test_renamed_scenarios_table_with_a_saved_scenario_is_kept(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_scenario(db, "Mine", "", {})
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT COUNT(*) FROM scenarios").fetchone()[0]
    run_sql(db, "ALTER TABLE scenarios RENAME TO scenarios_old")
    assert _refused(db, capsys) == (
        f"Cannot write the database {db}: it holds a table 'scenarios_old' "
        f"({rows} row{'s' if rows != 1 else ''}) that ChipScope does not know, {ADVICE}")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM scenarios_old WHERE name = 'Mine'"
                            ).fetchone()[0] == 1


@pytest.mark.parametrize(("edit", "sql", "table"), [
    (True, "ALTER TABLE user_edits RENAME TO ue_old", "'ue_old' (2 rows)"),
    (False, "CREATE TABLE my_notes(t); INSERT INTO my_notes VALUES ('important')",
     "'my_notes' (1 row)"),
])
def test_renamed_or_foreign_table_with_rows_is_kept(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str], edit: bool, sql: str,
        table: str) -> None:
    if edit:  # a data edit, in the user_edits table renamed below
        edits = tmp_path / "in.csv"
        edits.write_text(NEWLAB, encoding="utf-8")
        assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 0
    run_sql(db, sql)
    assert _refused(db, capsys) == (
        f"Cannot write the database {db}: it holds a table {table} that ChipScope does not "
        f"know, {ADVICE}")


def test_foreign_tables_are_named_with_the_saved_work(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_sql(db, "CREATE TABLE my_notes(t); INSERT INTO my_notes VALUES ('important')")
    save_scenario(db, "Mine", "", {})  # with the user's own work: one sentence for both
    run_sql(db, "CREATE TABLE other(x); INSERT INTO other VALUES (1), (2)")
    assert _refused(db, capsys) == (
        f"Cannot write the database {db}: it holds 1 saved scenario and tables 'my_notes' "
        f"(1 row) and 'other' (2 rows) that ChipScope does not know, {ADVICE}")


def test_empty_foreign_table_loses_nothing_so_the_build_goes_ahead(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_sql(db, "CREATE TABLE my_notes(t); ANALYZE")  # sqlite_stat1: SQLite's own, not counted
    assert main(["data", "build", "--out", str(db)]) == 0
    assert "Built" in capsys.readouterr().out


def test_reader_of_a_changed_file_with_a_foreign_table_gets_the_keep_work_advice(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_sql(db, "CREATE TABLE my_notes(t); INSERT INTO my_notes VALUES ('important'); "
             "ALTER TABLE vendors RENAME COLUMN name TO nm")
    before = sha(db)
    capsys.readouterr()
    assert main(["run", "--db", str(db), "--out", str(tmp_path / "out.csv")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"chipscope-cli: error: The database {db} is damaged: table vendors has no column "
        "name (another program changed its layout); restore a copy, or build a new database "
        "into another file (--out).")
    assert sha(db) == before
