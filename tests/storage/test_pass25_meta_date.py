"""Pass 24b: the dataset's ``meta`` date was checked with date.fromisoformat alone, which takes
"20260401" and "2026-W14-3"; sources' dates follow the stricter YYYY-MM-DD rule
(table_checks.iso_date). The meta date now follows the same rule in ``data check`` and
``data build`` (a CSV folder) and ``data check --db`` (a database), and the refresh from the
bundled data compares only dates written that way."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.table_checks import iso_date

DATA = Path(__file__).resolve().parents[2] / "data"
BAD = ["20260401", "2026-4-1", "2026-04-01T00:00", "2026-W14-3", "2026-02-30"]


@pytest.fixture
def real_csvs(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    return folder


def _meta(folder: Path, when: str) -> Path:
    meta = folder / "meta.csv"
    meta.write_text(f"key,value\nname,Mine\ndate,{when}\nversion,1\n", encoding="utf-8")
    return meta


@pytest.mark.parametrize("when", BAD)
def test_a_meta_date_not_written_yyyy_mm_dd_is_refused(
        real_csvs: Path, tmp_path: Path, when: str, capsys: pytest.CaptureFixture[str]) -> None:
    meta = _meta(real_csvs, when)
    out = tmp_path / "out.db"
    for argv in (["data", "check", "--csv-dir", str(real_csvs)],
                 ["data", "build", "--csv-dir", str(real_csvs), "--out", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"{meta}: key date: '{when}' is not a date written YYYY-MM-DD" in err, err
        assert err.count("key date") == 1, err
    assert not out.exists()


def test_a_meta_date_written_yyyy_mm_dd_passes(real_csvs: Path) -> None:
    _meta(real_csvs, "2026-04-01")
    assert main(["data", "check", "--csv-dir", str(real_csvs)]) == 0


@pytest.mark.parametrize("when", BAD[:3])
def test_a_database_with_such_a_meta_date_is_refused_by_data_check(
        synthetic_db: Path, when: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "check", "--db", str(synthetic_db)]) == 0
    capsys.readouterr()
    with closing(sqlite3.connect(synthetic_db)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'date'", (when,))
    assert main(["data", "check", "--db", str(synthetic_db)]) == 2
    err = capsys.readouterr().err
    assert "key date" in err and f"'{when}' is not a date written YYYY-MM-DD" in err, err


def test_iso_date_is_the_one_rule() -> None:
    assert iso_date("2026-04-01") == date(2026, 4, 1)
    assert [iso_date(text) for text in BAD] == [None] * len(BAD)
