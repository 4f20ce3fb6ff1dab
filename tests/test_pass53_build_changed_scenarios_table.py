"""Pass 53 F1: ``data build --out F`` over a ChipScope database whose ``scenarios`` table lost
(or renamed) its ``is_preset`` column replaced it without a word, deleting the user's data
edits and saved scenarios: the count of the user's work raised on that column and the whole
file was taken for one whose tables cannot be read. Each table is now counted on its own (every
scenario row counts as the user's when that column is gone) and the build refuses."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.scenarios import save_scenario
from tests.test_attack8 import NEWLAB


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("change", [
    "ALTER TABLE scenarios DROP COLUMN is_preset",
    "ALTER TABLE scenarios RENAME COLUMN is_preset TO preset",
])
def test_build_over_a_changed_scenarios_table_holding_work_is_refused(
        tmp_path: Path, change: str, capsys: pytest.CaptureFixture[str]) -> None:
    db = Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))
    edits = tmp_path / "in.csv"
    edits.write_text(NEWLAB, encoding="utf-8")
    assert main(["data", "import-edits", str(edits), "--db", str(db)]) == 0
    save_scenario(db, "Mine", "", {})
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        presets = conn.execute("SELECT COUNT(*) FROM scenarios").fetchone()[0] - 1
        conn.execute(change)
    before = _sha(db)
    capsys.readouterr()
    assert main(["data", "build", "--out", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected" not in err
    saved = presets + 1  # without is_preset every row may be the user's
    assert err.strip() == (
        "chipscope-cli: error: "
        f"Cannot write the database {db}: it holds {saved} saved scenario"
        f"{'s' if saved != 1 else ''} and 2 data edits, which a rebuild would delete; build "
        "into another file (--out), or move this one away first.")
    assert _sha(db) == before
    with closing(sqlite3.connect(db)) as conn:  # the user's work is all still there
        assert conn.execute("SELECT COUNT(*) FROM user_edits").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM scenarios WHERE name = 'Mine'"
                            ).fetchone()[0] == 1
