"""Databases left with a hot journal or an uncheckpointed log, as a writer killed mid-write
leaves them (pass 62's mkhot.py and mkwal.py), for the pass 62 tests."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

_HOT = """
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma cache_size=1"); c.execute("begin")
for (t,) in c.execute("select name from sqlite_master where type='table'").fetchall():
    c.execute(f'delete from "{t}"')
os._exit(0)
"""
_WAL = """
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma journal_mode=wal"); c.execute("pragma wal_autocheckpoint=0")
c.execute("update vendors set name=name||' W'")
os._exit(0)
"""
COMPANION = {"hot": "-journal", "wal": "-wal"}


def left_behind(src: Path, dst: Path, kind: str) -> Path:
    """A copy ``dst`` of ``src`` with a hot ``-journal`` (kind "hot") or a committed, not
    checkpointed ``-wal`` (kind "wal", every vendor's name + " W") beside it."""
    shutil.copyfile(src, dst)
    subprocess.run([sys.executable, "-c", _HOT if kind == "hot" else _WAL, str(dst)],
                   check=True)
    assert Path(f"{dst}{COMPANION[kind]}").stat().st_size > 0
    return dst


def as_sqlite_reads(db: Path, companion: str, folder: Path) -> list[tuple[object, ...]]:
    """Every vendor row and the chips count of ``db`` as SQLite reads it with its companion
    (from a copy of both in ``folder``: the originals are not touched)."""
    folder.mkdir()
    copy = folder / "c.db"
    shutil.copyfile(db, copy)
    shutil.copyfile(f"{db}{companion}", f"{copy}{companion}")
    return rows(copy)


def rows(db: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [*conn.execute("SELECT * FROM vendors ORDER BY rowid"),
                conn.execute("SELECT count(*) FROM chips").fetchone()]
