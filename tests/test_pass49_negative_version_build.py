"""P52-N1: a ChipScope database whose ``user_version`` is negative was refused by every reader
with the advice "rebuild it with `chipscope-cli data build --out F`", and that build replaced
it without a word, deleting the user's saved scenarios and data edits (the guard that refuses
for version 0 was skipped because the version is refused). The build now reads the work in
such a file ignoring the version and refuses as for version 0; the advice sends the user to
another file instead."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import load_dataset
from chipscope.storage.scenarios import list_scenarios, save_scenario
from chipscope.storage.schema import SCHEMA_VERSION, StorageError
from chipscope.storage.user_edits import list_edits
from tests.test_attack8 import NEWLAB


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _stamp(path: Path, version: int) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA user_version = {version}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))


def test_build_over_a_negative_version_holding_work_is_refused(
        tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edits = tmp_path / "in.csv"
    edits.write_text(NEWLAB, encoding="utf-8")
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 0
    save_scenario(db, "Mine", "", {})
    _stamp(db, -1)
    before = _sha(db)
    capsys.readouterr()
    assert main(["data", "build", "--out", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    assert err.strip() == ("chipscope-cli: error: "
                           f"Cannot write the database {db}: it holds 1 saved scenario and 2 "
                           "data edits, which a rebuild would delete; build into another file "
                           "(--out), or move this one away first.")
    assert _sha(db) == before
    _stamp(db, SCHEMA_VERSION)  # the user's work is all still there
    assert [s.name for s in list_scenarios(db)] == ["Mine"]
    assert len(list_edits(db)) == 2


def test_negative_version_advice_does_not_send_to_a_rebuild(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _stamp(db, -1)
    with pytest.raises(StorageError) as info:
        load_dataset(db)
    assert str(info.value) == (f"The database {db} has schema version -1, which no ChipScope "
                               "writes: it is damaged or another program changed it; restore "
                               "a copy, or build a new database into another file (--out).")


def test_build_over_a_negative_version_without_work_still_replaces_it(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _stamp(db, -1)
    assert main(["data", "build", "--out", str(db)]) == 0
    capsys.readouterr()
    assert main(["data", "check", "--db", str(db)]) == 0
