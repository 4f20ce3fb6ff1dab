"""A copy of the bundled database for tests that change it as another program would, its
digest (to check a refused command left it byte for byte as it was) and raw SQL on it."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from chipscope import paths


def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled database, ``tmp_path``/mine.db."""
    return Path(shutil.copyfile(paths.bundled_db_path(), tmp_path / "mine.db"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_sql(path: Path, sql: str) -> None:
    """Run ``sql`` (statements; no transaction of its own) on the database ``path``."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.executescript(sql)
