"""``data keep-edit`` / ``drop-edit`` raced by another program that imports the same row
between their read and their write (pass 13 DB A2): the other program's edit stands."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.model.synthetic import synthetic_frames
from chipscope.storage import build_database
from chipscope.storage.user_edits import list_edits


def _conflicted(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose edit of chips c1 is in conflict, and a CSV of another c1 edit."""
    folder = tmp_path / "csv"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    db = tmp_path / "user.db"
    build_database(folder, db)
    chips = synthetic_frames()["chips"]
    row = chips[chips["chip_id"] == "c1"].copy()
    row["name"] = "Mine c1"
    row.to_csv(tmp_path / "mine.csv", index=False)
    assert main(["data", "import-edits", str(tmp_path / "mine.csv"), "--db", str(db)]) == 0
    with closing(sqlite3.connect(db)) as conn, conn:  # the base changes under the edit
        conn.execute("UPDATE chips SET price_usd = 4242 WHERE chip_id = 'c1'")
    row["name"] = "Theirs c1"
    row.to_csv(tmp_path / "theirs.csv", index=False)
    return db, tmp_path / "theirs.csv"


def _names(db: Path) -> list[str]:
    return [e.fields["name"] for e in list_edits(db)]


def test_keep_edit_raced_by_an_import_keeps_the_import(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import chipscope.model.edit_checks as edit_checks

    db, theirs = _conflicted(tmp_path)
    after_import: list[bytes] = []
    real = edit_checks.check_edit

    def racing(*args: object, **kwargs: object) -> object:
        monkeypatch.setattr(edit_checks, "check_edit", real)
        assert main(["data", "import-edits", str(theirs), "--db", str(db)]) == 0
        after_import.append(db.read_bytes())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(edit_checks, "check_edit", racing)
    capsys.readouterr()
    assert main(["data", "keep-edit", "chips", "c1", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "another window or program changed the" in err.lower(), err
    assert "Traceback" not in err
    assert _names(db) == ["Theirs c1"] and [db.read_bytes()] == after_import


def test_drop_edit_raced_by_an_import_keeps_the_import(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import chipscope.storage.user_edits as user_edits

    db, theirs = _conflicted(tmp_path)
    after_import: list[bytes] = []
    real = user_edits.list_edits

    def racing(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(user_edits, "list_edits", real)
        assert main(["data", "import-edits", str(theirs), "--db", str(db)]) == 0
        after_import.append(db.read_bytes())
        return found

    monkeypatch.setattr(user_edits, "list_edits", racing)
    capsys.readouterr()
    assert main(["data", "drop-edit", "chips", "c1", "--db", str(db)]) == 2
    out, err = capsys.readouterr()
    assert "Dropped" not in out and "another window or program changed" in err.lower(), err
    assert _names(db) == ["Theirs c1"] and [db.read_bytes()] == after_import
    assert main(["data", "drop-edit", "chips", "c1", "--db", str(db)]) == 0
    assert list_edits(db) == []
