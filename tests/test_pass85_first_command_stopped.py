"""Pass 85 F1: the first command that writes (no database yet), stopped by a signal before it
changed anything, said the database it had just made from the bundled copy "was changed all
the same": nothing had been imported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage.user_edits import list_edits

Capture = pytest.CaptureFixture[str]


def _stopped(*_args: object, **_kwargs: object) -> object:
    raise KeyboardInterrupt  # Ctrl+C after the database was made, before anything changed


def test_a_first_import_stopped_before_its_change_claims_no_change(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    edits = tmp_path / "edits.csv"
    edits.write_text("deal_id\nx\n", encoding="utf-8")
    own = paths.user_data_location() / paths.DB_FILENAME
    assert not own.exists()
    monkeypatch.setattr("chipscope.storage.edit_files.read_edits_csv", _stopped)
    assert main(["data", "import-edits", str(edits)]) == 130
    err = capsys.readouterr().err
    assert own.is_file() and list_edits(own) == []  # made on first use; nothing imported
    assert "interrupted" in err and "changed all the same" not in err, err


def test_a_change_after_the_database_was_made_is_still_claimed(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note is kept for a change the command did make to the database it made."""
    own = paths.user_data_location() / paths.DB_FILENAME

    def changes_then_stopped(*args: object, **kwargs: object) -> object:
        import sqlite3

        with sqlite3.connect(own) as con:  # any committed write
            con.execute("CREATE TABLE pass85 (x)")
        con.close()
        raise KeyboardInterrupt

    edits = tmp_path / "edits.csv"
    edits.write_text("deal_id\nx\n", encoding="utf-8")
    monkeypatch.setattr("chipscope.storage.edit_files.read_edits_csv", changes_then_stopped)
    assert main(["data", "import-edits", str(edits)]) == 130
    err = capsys.readouterr().err
    assert err.rstrip().endswith(f"{own} was changed all the same"), err
    assert os.path.isfile(own)
