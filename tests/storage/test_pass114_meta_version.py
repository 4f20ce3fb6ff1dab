"""Pass 114 F1 (data lost): a user database built from the user's own data with meta version
"2.0" (or "v2", "1.5") and the bundled dataset's date had its data tables replaced by the
bundled data on a plain ``run``: the refresh read a version it could not parse as 0, so the
bundled version 1 counted as newer. A version that cannot be read never counts as older now,
and ``data check`` and ``data build`` refuse one that is not a whole number in digits."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import open_user_database
from chipscope.storage.refresh import refresh_from_bundled

DATA = Path(__file__).resolve().parents[2] / "data"
UNREADABLE = ["2.0", "v2", "1.5", "\uff12", "-1", "1" * 5000]  # 5,000 digits: pass 116 F1


def _set_meta(db: Path, key: str, value: str | None) -> None:
    with closing(sqlite3.connect(db)) as conn, conn:
        if value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))


def _own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The bundled database and a user database of the same date with other data."""
    bundled = tmp_path / "bundled.db"
    bundled.write_bytes(paths.bundled_db_path().read_bytes())
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bundled))
    _, user_db = open_user_database()
    with closing(sqlite3.connect(user_db)) as conn, conn:
        conn.execute("UPDATE chips SET name = 'MY NEWER H100 NAME' WHERE chip_id = 'h100'")
    return bundled, user_db


@pytest.mark.parametrize("version", [*UNREADABLE, None])
def test_an_unreadable_user_version_keeps_the_users_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str | None) -> None:
    bundled, user_db = _own_data(tmp_path, monkeypatch)
    _set_meta(user_db, "version", version)
    before = user_db.read_bytes()
    assert refresh_from_bundled(user_db, bundled) is False
    assert user_db.read_bytes() == before
    dataset, _ = open_user_database()                  # the start's own refresh, as `run`
    assert "MY NEWER H100 NAME" in set(dataset.chips["name"])


@pytest.mark.parametrize("version", UNREADABLE[:3])
def test_an_unreadable_bundled_version_refreshes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    bundled, user_db = _own_data(tmp_path, monkeypatch)
    _set_meta(user_db, "version", "0")
    _set_meta(bundled, "version", version)
    assert refresh_from_bundled(user_db, bundled) is False


def test_a_higher_whole_version_of_the_same_date_still_refreshes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled, user_db = _own_data(tmp_path, monkeypatch)
    _set_meta(bundled, "version", "2")
    assert refresh_from_bundled(user_db, bundled) is True
    dataset, _ = open_user_database()
    assert "MY NEWER H100 NAME" not in set(dataset.chips["name"])


@pytest.mark.parametrize("version", ["2.0", "v2", "1.5", "\uff12", "1" * 19])
def test_data_check_and_build_refuse_such_a_version(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copyfile(path, folder / path.name)
    meta = folder / "meta.csv"
    text = meta.read_text(encoding="utf-8").replace("\nversion,1\n", f"\nversion,{version}\n")
    assert f"version,{version}" in text
    meta.write_text(text, encoding="utf-8")
    out = tmp_path / "out.db"
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"{meta}: key version: '{version}' is not a whole number of at most 18 digits" \
            in err, err
    assert not out.exists()
