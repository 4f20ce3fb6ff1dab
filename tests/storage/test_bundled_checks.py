"""A damaged bundled dataset (a broken installation) never seeds nor refreshes the user's
database: it gets the checks any database gets first, and the message names it and says to
reinstall ChipScope."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.storage import StorageError, load_dataset, open_user_database

DAMAGE = {
    "an invalid value": "UPDATE deals SET amount = 'zz' WHERE rowid = 1",
    "an empty history": "DELETE FROM history",
    "a missing data table": "DROP TABLE reported",
    "no meta table": "DROP TABLE meta",
}


def _bundled_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bundled = tmp_path / "installed" / "chipscope.db"
    bundled.parent.mkdir()
    bundled.write_bytes(paths.bundled_db_path().read_bytes())
    # installed, not named by CHIPSCOPE_BUNDLED_DB (that is worded for the variable: pass 45)
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    monkeypatch.setattr(paths, "_roots", lambda: [bundled.parent])
    assert paths.bundled_db_path() == bundled
    return bundled


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_newer_damaged_bundled_dataset_leaves_the_users_database_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """Before: the invalid bundled data replaced the user's (every later run then called the
    user's database invalid), an empty bundled history emptied the user's, and a missing
    bundled table was "The database <user db> is damaged ...; rebuild it"."""
    bundled = _bundled_copy(tmp_path, monkeypatch)
    dataset, user_db = open_user_database()
    with closing(sqlite3.connect(bundled)) as conn, conn:  # a later release, but broken
        conn.execute("UPDATE meta SET value = '2099-01-01' WHERE key = 'date'")
        conn.execute(DAMAGE[damage])
    before = user_db.read_bytes()
    with pytest.raises(StorageError) as caught:
        open_user_database()
    message = str(caught.value)
    assert message.startswith(f"Your database {user_db} was left as it was: the dataset "
                              "installed with ChipScope is damaged (")
    assert str(bundled) in message and message.endswith("; reinstall ChipScope.")
    assert "rebuild" not in message
    assert user_db.read_bytes() == before
    assert len(load_dataset(user_db).history) == len(dataset.history)


@pytest.mark.parametrize("kind", ["empty", "truncated", "foreign", "invalid data"])
def test_a_damaged_bundled_dataset_on_first_run_makes_no_user_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Before: the broken file was copied as the user's database (and stayed there after the
    installation was repaired); the message blamed that copy."""
    bundled = _bundled_copy(tmp_path, monkeypatch)
    good = bundled.read_bytes()
    if kind == "empty":
        bundled.write_bytes(b"")
    elif kind == "truncated":
        bundled.write_bytes(good[:5000])
    elif kind == "foreign":
        bundled.unlink()
        with closing(sqlite3.connect(bundled)) as conn:
            conn.execute("CREATE TABLE x (a)")
    else:
        with closing(sqlite3.connect(bundled)) as conn, conn:
            conn.execute(DAMAGE["an invalid value"])
    user_db = paths.user_db_path()
    with pytest.raises(StorageError) as caught:
        open_user_database()
    message = str(caught.value)
    assert message.startswith(f"Cannot create your database {user_db}: the dataset installed "
                              "with ChipScope is damaged (")
    assert str(bundled) in message and message.endswith("; reinstall ChipScope.")
    assert sorted(p.name for p in user_db.parent.iterdir()) == []
    bundled.write_bytes(good)  # the installation repaired: the first run works
    assert open_user_database()[1] == user_db
