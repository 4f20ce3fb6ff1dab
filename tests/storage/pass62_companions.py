"""Databases left with a hot journal or an uncheckpointed log, as a writer killed mid-write
leaves them (pass 62's mkhot.py and mkwal.py), for the pass 62 tests."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
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


def log_written_after(db: Path, suffix: str = "-wal") -> None:
    """Stamp ``db``'s log as written after the file last changed (its ctime, moved by a chmod
    the test made after the log was written; the reproducers made the file read-only first).
    The file system's clock is coarser than a test's steps, and a ctime may be stamped finer
    than a later write (multigrain timestamps): only stamps set apart are in a known order."""
    ns = os.stat(db).st_ctime_ns + 1_000_000
    os.utime(f"{db}{suffix}", ns=(ns, ns))


def a_step_later(path: Path) -> None:
    """Wait until the clock is past ``path``'s last change (its ctime) by more than the file
    system's tick, as a person's next command is: a file written now is then stamped later."""
    ctime = os.stat(path).st_ctime_ns
    while time.time_ns() < ctime + 20_000_000:
        time.sleep(0.005)


def edit_folder(folder: Path) -> Path:
    """``folder`` with edit.csv in it: the first synthetic chip with 1 GB more memory."""
    from chipscope.model.synthetic import synthetic_frames

    chips = synthetic_frames()["chips"].head(1).copy()
    chips["memory_gb"] = chips["memory_gb"].astype(float) + 1
    chips.to_csv(folder / "edit.csv", index=False, lineterminator="\n")
    return folder


def import_edits(db: str, folder: Path) -> tuple[int, str]:
    """(exit status, its last line without "...error: ") of ``data import-edits edit.csv``
    into ``db`` from ``folder``, with permission bits applied to root too."""
    from tests.without_dac import cli_without_dac

    done = cli_without_dac("--db", db, "data", "import-edits", "edit.csv", cwd=folder)
    said = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1]
    return done.returncode, said.split("error: ", 1)[-1]
