"""Every kind of bad database gives one clear StorageError and leaves the file untouched."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from chipscope.storage import (
    StorageError,
    check_database,
    inspect_database,
    list_scenarios,
    load_dataset,
    open_user_database,
    save_scenario,
)

Maker = Callable[[Path, Path], Path]


def _missing(db: Path, tmp: Path) -> Path:
    return tmp / "nowhere.db"


def _empty(db: Path, tmp: Path) -> Path:
    path = tmp / "empty.db"
    path.write_bytes(b"")
    return path


def _random_bytes(db: Path, tmp: Path) -> Path:
    path = tmp / "random.db"
    path.write_bytes(os.urandom(8192))
    return path


def _text(db: Path, tmp: Path) -> Path:
    path = tmp / "chips.csv"
    path.write_text("chip_id,name\nh100,H100\n")
    return path


def _truncated(db: Path, tmp: Path) -> Path:
    path = tmp / "truncated.db"
    data = db.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _header_only(db: Path, tmp: Path) -> Path:
    path = tmp / "header.db"
    path.write_bytes(db.read_bytes()[:60])
    return path


def _corrupt(db: Path, tmp: Path) -> Path:
    path = tmp / "corrupt.db"
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page + 100: 3 * page] = b"\xa5" * (3 * page - page - 100)  # pages 2-3 overwritten
    path.write_bytes(bytes(data))
    return path


def _foreign(db: Path, tmp: Path) -> Path:
    path = tmp / "photos.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
        conn.execute("INSERT INTO photos (file) VALUES (?)", ("cat.jpg",))
        conn.commit()
    return path


def _other_app_id(db: Path, tmp: Path) -> Path:
    path = tmp / "other_app.db"
    shutil.copyfile(db, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA application_id = 12345")
        conn.commit()
    return path


def _newer(db: Path, tmp: Path) -> Path:
    path = tmp / "newer.db"
    shutil.copyfile(db, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    return path


def _missing_table(db: Path, tmp: Path) -> Path:
    path = tmp / "incomplete.db"
    shutil.copyfile(db, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE deals")
        conn.commit()
    return path


def _invalid_data(db: Path, tmp: Path) -> Path:
    path = tmp / "invalid.db"
    shutil.copyfile(db, path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE chips SET vendor_id = 'nobody' WHERE rowid = 2")
        conn.commit()
    return path


CASES: dict[str, tuple[Maker, str]] = {
    "missing": (_missing, "does not exist"),
    "empty": (_empty, "empty file, not a ChipScope database; name a ChipScope database"),
    "random bytes": (_random_bytes, "not an SQLite file"),
    "text file": (_text, "not an SQLite file"),
    "truncated": (_truncated, "damaged"),
    "header only": (_header_only, "damaged"),
    "corrupt pages": (_corrupt, "damaged"),
    "foreign sqlite": (_foreign, "another application"),
    "other application id": (_other_app_id, "another application"),
    "newer version": (_newer, "newer ChipScope"),
    "missing table": (_missing_table, "missing tables: deals"),
}


def _snapshot(path: Path) -> tuple[bytes, int] | None:
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("case", list(CASES))
def test_load_dataset_refuses_and_leaves_file_alone(case: str, db: Path, tmp_path: Path) -> None:
    maker, words = CASES[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    path = maker(db, bad_dir)
    before, names = _snapshot(path), _siblings(path)
    with pytest.raises(StorageError) as info:
        load_dataset(path)
    message = str(info.value)
    assert words in message and str(path) in message
    assert "\n" not in message and message.endswith(".")
    assert _snapshot(path) == before
    assert _siblings(path) == names  # no -journal, -wal or new file left behind


@pytest.mark.parametrize("case", list(CASES))
def test_every_entry_point_refuses(case: str, db: Path, tmp_path: Path) -> None:
    maker, words = CASES[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    path = maker(db, bad_dir)
    before = _snapshot(path)
    for call in (lambda: inspect_database(path), lambda: list_scenarios(path),
                 lambda: save_scenario(path, "x", "", {"demand_growth_pct": 1.0})):
        with pytest.raises(StorageError, match=words):
            call()
    [problem] = check_database(path)
    assert words in problem
    if case != "missing":  # a missing user database is created from the bundled one
        with pytest.raises(StorageError, match=words):
            open_user_database(path)
    assert _snapshot(path) == before


def test_invalid_data_is_reported(db: Path, tmp_path: Path) -> None:
    path = _invalid_data(db, tmp_path)
    before = _snapshot(path)
    with pytest.raises(StorageError, match="holds invalid data: chips table, row 2, column "
                                           "vendor_id: 'nobody' is not a known vendor"):
        load_dataset(path)
    assert check_database(path)[0].startswith("chips table, row 2, column vendor_id")
    assert _snapshot(path) == before


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        load_dataset(tmp_path)


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_interrupted_write_is_named_then_rolled_back_for_the_user_db(db: Path) -> None:
    import signal
    import subprocess
    import sys

    child = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size = 1')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.execute('DELETE FROM chips')\n"
        "for i in range(200):\n"
        "    c.execute(\"INSERT INTO scenarios VALUES (?, 'x', '{}', 0, '')\", (str(i) * 900,))\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", child, str(db)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    journal = db.with_name(db.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    before = _snapshot(db), journal.read_bytes()
    # Another program's journal holds no page 1 (ChipScope's saves journal it first), so it
    # cannot be told from another file's (pass 12, A4): refused, naming it; nothing changes.
    said = "chipscope.db-journal beside it was left by a crash of another program"
    for read in (load_dataset, open_user_database):
        with pytest.raises(StorageError, match=said):
            read(db)
    assert said in " ".join(check_database(db))
    assert (_snapshot(db), journal.read_bytes()) == before
    with closing(sqlite3.connect(db)) as conn:  # what the message says: that program opens it
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    dataset, _ = open_user_database(db)
    assert dataset.chip_ids and not journal.exists()
    assert list_scenarios(db) == []
