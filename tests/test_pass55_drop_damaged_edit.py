"""Pass 55 F1: the "To drop this damaged edit" advice must be a command that runs, also when
the damaged row's table is not one of the six ('nope', 'Deals', 'deals ', '') or its id
starts with "-"; and drop-edit must drop exactly that row, leaving the other edits."""

from __future__ import annotations

import hashlib
import shlex
import shutil
import sqlite3
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.user_edits import stored_slots
from tests.edits_csv import NEWLAB


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))
    path = tmp_path / "in.csv"
    path.write_text(NEWLAB, encoding="utf-8")
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 0
    return db


def _damage(db: Path, sql: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(sql)
    conn.close()


def _advice(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["data", "diff", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    told = err[err.index("To drop this damaged edit: ") + 27:].strip()
    words = shlex.split(told)
    assert words[:3] == ["chipscope-cli", "data", "drop-edit"]
    return words[1:]  # as the shell gives them to chipscope-cli


@pytest.mark.parametrize(("sql", "slot"), [
    ("UPDATE user_edits SET table_name = 'nope' WHERE table_name = 'access'",
     ("nope", "newlab.nvidia")),
    ("UPDATE user_edits SET table_name = 'Deals' WHERE table_name = 'access'",
     ("Deals", "newlab.nvidia")),
    ("UPDATE user_edits SET table_name = 'deals ' WHERE table_name = 'access'",
     ("deals ", "newlab.nvidia")),
    ("UPDATE user_edits SET table_name = '' WHERE table_name = 'access'",
     ("", "newlab.nvidia")),
    ("UPDATE user_edits SET fields_json = '{', row_key = '-x' WHERE table_name = 'access'",
     ("access", "-x")),
    ("UPDATE user_edits SET table_name = '-t', row_key = '-x' WHERE table_name = 'access'",
     ("-t", "-x")),
])
def test_the_advised_command_drops_the_damaged_row(
        db: Path, capsys: pytest.CaptureFixture[str], sql: str, slot: tuple[str, str]) -> None:
    _damage(db, sql)
    assert slot in stored_slots(db)
    advised = _advice(db, capsys)
    assert main(advised) == 0
    assert "Dropped your damaged edit of" in capsys.readouterr().out
    assert stored_slots(db) == {("adopters", "newlab")}  # the other edit stays
    assert main(["data", "diff", "--db", str(db)]) == 0


def test_a_table_that_is_neither_known_nor_stored_is_refused(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _damage(db, "UPDATE user_edits SET table_name = 'nope' WHERE table_name = 'access'")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for table in ("other", "Nope"):
        assert main(["data", "drop-edit", table, "newlab.nvidia", "--db", str(db)]) == 2
        err = capsys.readouterr().err
        assert f"no such table '{table}'; the tables are deals, chips, adopters, vendors, " \
               "sources, access" in err
    # the right table with another id: the damaged row stays, and is named
    assert main(["data", "drop-edit", "nope", "other", "--db", str(db)]) == 2
    assert "To drop this damaged edit" in capsys.readouterr().err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_an_unknown_table_without_damaged_rows_is_refused(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert main(["data", "keep-edit", "nope", "x", "--db", str(db)]) == 2
    assert "no such table 'nope'" in capsys.readouterr().err
    assert main(["data", "drop-edit", "nope", "x", "--db", str(db)]) == 2
    assert "no such table 'nope'" in capsys.readouterr().err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
