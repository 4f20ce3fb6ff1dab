"""Storage findings of the window's pass 10 (/work/pass10-win.md) fixed on branch fixwin2:
the read-only message of every writer (W14) and the messages of W16."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from chipscope.model.scenario import ScenarioError
from chipscope.storage import StorageError
from chipscope.storage.errors import DatabaseReadOnly, write_failed
from chipscope.storage.files import read_text


def test_a_folder_that_cannot_be_written_is_said_as_read_only(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """W14: a data-edit save in a read-only folder said "could not be written (unable to open
    database file)"; a scenario save in the same state said "is read-only"."""
    db = tmp_path / "chipscope.db"
    db.write_bytes(b"")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, *a, **k: False if Path(p) == tmp_path
                        else real_access(p, mode, *a, **k))
    error = write_failed(db, sqlite3.OperationalError("unable to open database file"))
    assert isinstance(error, DatabaseReadOnly) and "is read-only" in str(error)
    assert str(db) in str(error)


def test_other_write_failures_keep_sqlites_reason(tmp_path: Path) -> None:
    db = tmp_path / "chipscope.db"
    db.write_bytes(b"")
    error = write_failed(db, sqlite3.OperationalError("unable to open database file"))
    assert not isinstance(error, DatabaseReadOnly)
    assert "unable to open database file" in str(error)


@pytest.mark.parametrize(("name", "words"), [
    ("a\0b.toml", "a NUL character"), ("\ud800.toml", "U+D800")])
def test_a_path_no_file_can_have_is_named(tmp_path: Path, name: str, words: str) -> None:
    """W16: a NUL in the path gave a bare "embedded null byte", without the file's name."""
    with pytest.raises(StorageError) as info:
        read_text(f"{tmp_path}/{name}", "scenario file")
    message = str(info.value)
    assert message.startswith("Cannot read the scenario file") and words in message
    assert repr(f"{tmp_path}/{name}") in message


def test_many_problems_are_counted_with_thousands_separators() -> None:
    """W16: "20000 problems" where other messages write "2,999"."""
    error = ScenarioError("big.toml", [f"key{i}: bad" for i in range(20_000)])
    assert str(error).startswith("big.toml has 20,000 problems:")
