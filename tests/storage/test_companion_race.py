"""A journal that another connection's commit removes while a save checks the files beside the
database is not a read-only journal. The check saw it (is_file), then os.access said False for
the file no longer there: two windows saving the same database at once were told "The database
... is read-only" (seen once in CI, tests/storage/test_save_conflict.py's threads)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.storage import companion_files


def test_a_journal_gone_between_the_checks_is_not_read_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "chipscope.db"
    sqlite3.connect(db).close()
    journal = Path(f"{db}-journal")
    journal.write_bytes(b"")
    real = companion_files.write_protected

    def committed_meanwhile(target: Path | str) -> bool:  # the other connection commits
        if Path(target) == journal:
            journal.unlink()
        return real(target)

    monkeypatch.setattr(companion_files, "write_protected", committed_meanwhile)
    assert companion_files.read_only_companion(db) is None
    assert not journal.exists()


def test_a_read_only_journal_is_still_named(tmp_path: Path) -> None:
    db = tmp_path / "chipscope.db"
    sqlite3.connect(db).close()
    journal = Path(f"{db}-journal")
    journal.write_bytes(b"")
    journal.chmod(0o444)
    found = companion_files.read_only_companion(db)
    assert found is not None and "chipscope.db-journal beside it is read-only" in found[0]
