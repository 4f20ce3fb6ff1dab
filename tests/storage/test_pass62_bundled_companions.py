"""Fix m89, P62-F1: CHIPSCOPE_BUNDLED_DB with a hot -journal or a -wal beside it. The first run
copied the bundled file's bytes alone: with a hot journal the new chipscope.db was damaged
("Page 28 is never used") and stayed in the data folder; with a log its committed changes were
dropped. The copy is now the database as SQLite reads it (its journal rolled back or its log
written back, in a private copy), and the bundled file and its companions are not touched."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from tests.storage.pass62_companions import COMPANION, as_sqlite_reads, left_behind, rows


@pytest.mark.parametrize("kind", ["hot", "wal"])
def test_the_first_copy_of_a_bundled_file_with_a_companion_is_what_sqlite_reads(
        kind: str, synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    bundled = left_behind(synthetic_db, tmp_path / "b.db", kind)
    companion = Path(f"{bundled}{COMPANION[kind]}")
    before = {p: p.read_bytes() for p in (bundled, companion)}
    expected = as_sqlite_reads(bundled, COMPANION[kind], tmp_path / "ref")
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["run", "--out", str(tmp_path / "a.csv")]) == 0, capsys.readouterr().err
    db = home / "chipscope.db"
    assert rows(db) == expected  # never damaged, never a committed change dropped
    if kind == "wal":
        assert all(str(r[1]).endswith(" W") for r in expected[:-1])
    with closing(sqlite3.connect(db)) as conn:  # a file of its own: nothing beside it needed
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in home.iterdir()) == ["chipscope.db"]
    assert {p: p.read_bytes() for p in before} == before
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB")
    assert main(["run", "--out", str(tmp_path / "b.csv")]) == 0, capsys.readouterr().err


def test_a_bundled_file_with_nothing_beside_it_is_copied_byte_for_byte(
        synthetic_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(synthetic_db))
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["run", "--out", str(tmp_path / "a.csv")]) == 0
    assert (home / "chipscope.db").read_bytes()[:16] == synthetic_db.read_bytes()[:16]
    assert rows(home / "chipscope.db") == rows(synthetic_db)
