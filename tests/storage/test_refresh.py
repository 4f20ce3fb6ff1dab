"""A newer bundled dataset reaches the user's database; the user's scenarios stay."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.storage import list_scenarios, open_user_database, save_scenario
from chipscope.storage.refresh import refresh_from_bundled


def _set_meta(db: Path, key: str, value: str) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))


def test_newer_bundled_data_replace_data_and_keep_scenarios(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "bundled.db"
    bundled.write_bytes(paths.bundled_db_path().read_bytes())
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    dataset, user_db = open_user_database()
    save_scenario(user_db, "Mine", "kept across upgrades", {"lock_in": 2.0})
    # The user's copy is stale: pretend it came from an older release with other data.
    _set_meta(user_db, "date", "2020-01-01")
    with closing(sqlite3.connect(user_db)) as conn, conn:
        conn.execute("DELETE FROM history WHERE year = ?", (int(dataset.history_years[-1]),))
    before = bundled.read_bytes()
    refreshed, _ = open_user_database()
    assert refreshed.date == dataset.date
    assert len(refreshed.history) == len(dataset.history)
    assert [r.name for r in list_scenarios(user_db)] == ["Mine"]
    assert bundled.read_bytes() == before  # the bundled file is never written


def test_same_stamp_is_left_alone(tmp_path: Path) -> None:
    _, user_db = open_user_database()
    mtime = user_db.stat().st_mtime_ns
    assert refresh_from_bundled(user_db, paths.bundled_db_path()) is False
    assert user_db.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("user_date", ["2027-01-01", "2026-05-10", "not a date"])
def test_data_as_new_or_newer_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 user_date: str) -> None:
    """A user database whose dataset is dated 2027-01-01 (newer than the bundled one), or the
    same date with the user's own edits, or an unreadable date, keeps its data tables."""
    bundled = tmp_path / "bundled.db"
    bundled.write_bytes(paths.bundled_db_path().read_bytes())
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    dataset, user_db = open_user_database()
    assert dataset.date < "2027-01-01"
    _set_meta(user_db, "date", user_date if user_date != "2026-05-10" else dataset.date)
    with closing(sqlite3.connect(user_db)) as conn, conn:
        conn.execute("DELETE FROM history WHERE year = ?", (int(dataset.history_years[-1]),))
    before = user_db.read_bytes()
    assert refresh_from_bundled(user_db, bundled) is False
    mine, _ = open_user_database()
    assert user_db.read_bytes() == before
    assert len(mine.history) < len(dataset.history)


def test_a_newer_bundled_version_of_the_same_date_refreshes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "bundled.db"
    bundled.write_bytes(paths.bundled_db_path().read_bytes())
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    _, user_db = open_user_database()
    _set_meta(bundled, "version", "99")
    assert refresh_from_bundled(user_db, bundled) is True
    assert open_user_database()[0].meta["version"] == "99"
