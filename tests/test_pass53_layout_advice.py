"""P53-F2: every reader of a database whose layout another program changed (a column renamed,
a table kept WITHOUT ROWID, a key compared NOCASE) advised "rebuild it or restore a copy", and
when the file still held the user's work, ``data build --out`` over it then refused. Such a
file now gets the words a negative version gets ("restore a copy, or build a new database into
another file (--out)"); one holding nothing of the user's keeps "rebuild it".

P53-F7: a scenarios table of another layout was named without advice ("... has another layout
than ChipScope's (no such column: is_preset)."); it now gets the autosave's advice for the
same cause."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.schema import StorageError
from tests.db_copies import bundled_copy, run_sql, sha

KEEP = "restore a copy, or build a new database into another file (--out)."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return bundled_copy(tmp_path)


def _run(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    before = sha(db)
    assert main(["run", "--db", str(db), "--out", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    assert sha(db) == before
    assert not (tmp_path / "out.csv").exists()
    return err.strip().removeprefix("chipscope-cli: error: ")


def test_renamed_column_with_a_saved_scenario_is_not_advised_a_rebuild(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_scenario(db, "Mine", "", {})
    run_sql(db, "ALTER TABLE vendors RENAME COLUMN name TO nm")
    assert _run(db, tmp_path, capsys) == (
        f"The database {db} is damaged: table vendors has no column name (another program "
        f"changed its layout); {KEEP}")
    # and the build the advice leaves out is indeed refused, the file kept
    assert main(["data", "build", "--out", str(db)]) == 2
    assert "1 saved scenario" in capsys.readouterr().err


def test_renamed_column_without_work_is_still_advised_a_rebuild(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_sql(db, "ALTER TABLE vendors RENAME COLUMN name TO nm")
    assert _run(db, tmp_path, capsys) == (
        f"The database {db} is damaged: table vendors has no column name (another program "
        "changed its layout); rebuild it or restore a copy.")
    assert main(["data", "build", "--out", str(db)]) == 0  # the rebuild it advises works


def test_folded_key_with_a_saved_scenario_is_not_advised_a_rebuild(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_scenario(db, "Mine", "", {})
    run_sql(db, "CREATE TABLE s2 AS SELECT * FROM scenarios; DROP TABLE scenarios; "
             "CREATE TABLE scenarios (name TEXT NOT NULL COLLATE NOCASE UNIQUE, "
             "description TEXT, values_json TEXT, is_preset INTEGER, updated_at TEXT); "
             "INSERT INTO scenarios SELECT name, description, values_json, is_preset, "
             "updated_at FROM s2; DROP TABLE s2;")
    assert _run(db, tmp_path, capsys).endswith(
        f"another program changed its layout); {KEEP}")


def test_scenarios_of_another_layout_are_named_with_the_autosaves_advice(db: Path) -> None:
    save_scenario(db, "Mine", "", {})
    run_sql(db, "ALTER TABLE scenarios DROP COLUMN is_preset")
    with pytest.raises(StorageError) as info:
        list_scenarios(db)
    assert str(info.value) == (
        f"The scenarios table of the database {db} has another layout than ChipScope's (no "
        "such column: is_preset); rebuild the table with ChipScope's layout with an SQLite "
        "tool or restore a copy.")
