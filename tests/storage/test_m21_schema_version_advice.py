"""m21: a database whose ``user_version`` is negative was refused with "... has schema version
-1, which this ChipScope does not know." and no advice. No ChipScope writes a negative version:
the file is damaged or another program changed it, so the message says so and what to do
(restore a copy, or build a new database into another file; P52-N1: never a rebuild over it,
which would delete saved work - ``data build`` still replaces one holding none). A newer
version keeps its own advice (update ChipScope), in one form for every reader."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import load_dataset
from chipscope.storage.schema import SCHEMA_VERSION, StorageError, migrate


def _stamped(db: Path, folder: Path, version: int) -> Path:
    folder.mkdir()
    path = Path(shutil.copyfile(db, folder / "copy.db"))
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA user_version = {version}")
    return path


@pytest.mark.parametrize("version", [-1, -7])
def test_a_negative_version_says_what_to_do_and_a_build_still_replaces_it(
        db: Path, csv_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        version: int) -> None:
    path = _stamped(db, tmp_path / "my folder", version)
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        load_dataset(path)
    said = str(info.value)
    assert said == (f"The database {path} has schema version {version}, which no ChipScope "
                    "writes: it is damaged or another program changed it; restore a copy, or "
                    "build a new database into another file (--out).")
    assert "does not know" not in said
    assert main(["data", "check", "--db", str(path)]) == 2
    assert "restore a copy, or build a new database" in capsys.readouterr().err
    assert path.read_bytes() == before
    # holding no saved work, it may still be replaced by a build
    assert main(["data", "build", "--out", str(path), "--csv-dir", str(csv_dir)]) == 0
    capsys.readouterr()
    assert main(["data", "check", "--db", str(path)]) == 0


def test_migrate_without_a_path_gives_the_same_advice(db: Path, tmp_path: Path) -> None:
    path = _stamped(db, tmp_path / "m", -1)
    with closing(sqlite3.connect(path)) as conn, pytest.raises(StorageError) as info:
        migrate(conn)
    assert str(info.value).startswith("The database has schema version -1, which no ChipScope "
                                      "writes: it is damaged or another program changed it; "
                                      "restore a copy, or build a new database into another "
                                      "file (--out).")


def test_a_newer_version_says_update_in_one_form(db: Path, tmp_path: Path) -> None:
    newer = SCHEMA_VERSION + 5
    path = _stamped(db, tmp_path / "n", newer)
    expected = (f"was made by a newer ChipScope (schema version {newer}; this version reads up "
                f"to {SCHEMA_VERSION}): update ChipScope to open it.")
    with pytest.raises(StorageError) as info:
        load_dataset(path)
    assert str(info.value) == f"The database {path} {expected}"
    with closing(sqlite3.connect(path)) as conn, pytest.raises(StorageError) as info:
        migrate(conn)
    assert str(info.value) == f"The database {expected}"
