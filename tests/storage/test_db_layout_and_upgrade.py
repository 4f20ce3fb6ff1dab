"""Pass 10 (databases): a data table without one of its columns, the in-place upgrade of the
user's database that cannot write (read-only, locked), and the autosave's damage message."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    check_database,
    load_dataset,
    open_user_database,
)
from chipscope.storage import errors as storage_errors
from chipscope.storage.autosave import load_autosave, save_autosave
from chipscope.storage.database import upgrade_in_place
from chipscope.storage.errors import DatabaseBusy, DatabaseReadOnly
from chipscope.storage.schema import quote_ident
from chipscope.storage.user_edits import list_edits, remove_edit


def _sql(db: Path, *statements: str) -> None:
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        for sql in statements:
            conn.execute(sql)


# --- D1: a missing column was read as its own name in every row ------------------------------
@pytest.mark.parametrize(("statements", "named"), [
    (("ALTER TABLE deals DROP COLUMN description", "ALTER TABLE sources DROP COLUMN url"),
     ("table deals has no column description", "table sources has no column url")),
    (("ALTER TABLE chips DROP COLUMN memory_gb",), ("table chips has no column memory_gb",)),
    (("ALTER TABLE meta RENAME COLUMN value TO v",), ("table meta has no column value",)),
    (("DROP TABLE deals", "CREATE TABLE deals (x TEXT)"), ("table deals has no columns",)),
], ids=["deals+sources", "chips", "meta renamed", "deals of another layout"])
def test_a_missing_column_is_named_not_read_as_its_name(
        db: Path, statements: tuple[str, ...], named: tuple[str, ...],
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    _sql(db, *statements)
    before = db.read_bytes()
    with pytest.raises(StorageError) as info:
        load_dataset(db)
    text = str(info.value)
    assert text.startswith(f"The database {db} is damaged: ")
    assert all(part in text for part in named), text
    assert check_database(db) == [text]
    assert main(["run", "--db", str(db), "--out", str(tmp_path / "out.csv")]) == 2
    assert text in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()
    assert db.read_bytes() == before


def test_a_quoted_name_is_never_read_as_text() -> None:
    """SQLite reads a double-quoted name that is no column as a string literal; ChipScope's
    quoting gives "no such column" instead."""
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE t (a)")
        conn.execute("INSERT INTO t VALUES (1)")
        assert conn.execute(f"SELECT {quote_ident('a')} FROM t").fetchall() == [(1,)]
        with pytest.raises(sqlite3.OperationalError, match="no such column"):
            conn.execute(f"SELECT {quote_ident('description')} FROM t")


def test_an_older_file_without_the_columns_its_version_lacks_still_opens(db: Path) -> None:
    _sql(db, "ALTER TABLE chips DROP COLUMN dense_8bit_tflops", "PRAGMA user_version = 2")
    assert len(load_dataset(db).chips) > 0  # the migration (in memory) adds it


# --- D3 / D4: the in-place upgrade of an older user database ---------------------------------
def _older_user_db() -> Path:
    _, user_db = open_user_database()
    _sql(user_db, "PRAGMA user_version = 2")
    return user_db


def _read_only_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every read-write connection opens read-only: SQLite's own "attempt to write a readonly
    database" (as root, a file's permissions would not stop the write)."""
    real = sqlite3.connect

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(str(target).replace("mode=rw", "mode=ro"), *args, **kwargs)  # type: ignore[arg-type]
        assert isinstance(conn, sqlite3.Connection)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def test_a_read_only_older_user_database_is_read_and_left_alone(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    user_db = _older_user_db()
    before = user_db.read_bytes()
    _read_only_connections(monkeypatch)
    with pytest.raises(DatabaseReadOnly, match="read-only") as info:
        upgrade_in_place(user_db)
    assert str(user_db) in str(info.value)
    dataset, db = open_user_database()  # read as it is, migrated in memory
    assert db == user_db and len(dataset.deals) > 0
    assert main(["data", "drop-edit", "deals", "x"]) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and "no edit of this row" in err
    assert user_db.read_bytes() == before


def test_a_locked_older_user_database_says_another_program_uses_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    user_db = _older_user_db()
    before = user_db.read_bytes()
    monkeypatch.setattr(storage_errors, "BUSY_TIMEOUT_S", 0.2)
    with closing(sqlite3.connect(user_db, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # readers go on; the upgrade cannot write
        with pytest.raises(DatabaseBusy, match="Another program is using the database"):
            open_user_database()
        assert main(["run", "--out", str(tmp_path / "out.csv")]) == 2
        other.execute("ROLLBACK")
    err = capsys.readouterr().err
    assert "Another program is using the database" in err and "unexpected" not in err
    assert user_db.read_bytes() == before


# --- D10: the delete says whether there was an edit to delete --------------------------------
def test_removing_an_edit_says_whether_there_was_one(db: Path) -> None:
    from chipscope.model.edits import Edit, EditSource
    from chipscope.storage.user_edits import put_edits

    retire = Edit("deals", str(load_dataset(db).deals["deal_id"].iloc[0]), "retire", {},
                  EditSource("Example", "https://example.com", "2026-11-30", "MIT"),
                  "medium", "2026-11-30T00:00:00+00:00")
    put_edits(db, [retire])
    assert list_edits(db) != []
    assert remove_edit(db, "deals", retire.key) is True
    assert remove_edit(db, "deals", retire.key) is False


# --- D8: the autosave's damage named neither the file nor the autosave -----------------------
@pytest.mark.parametrize("values", ["[[[[", "[" * 100_000 + "]" * 100_000,
                                    '{"lock_in": NaN}'], ids=["not JSON", "nested", "NaN"])
def test_a_damaged_autosave_names_the_file_and_the_autosave(db: Path, values: str) -> None:
    save_autosave(db, "a", "", {"lock_in": 2.0})
    _sql(db, f"UPDATE autosave SET values_json = '{values}'")
    with pytest.raises(StorageError) as info:
        load_autosave(db)
    assert str(info.value).startswith(f"The autosave in {db} is damaged (")
    assert "saved scenario" not in str(info.value)
