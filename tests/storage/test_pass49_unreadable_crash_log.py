"""Pass 50 F2: a write-ahead log (or rollback journal) beside a database that this user may not
read is named in every reader's words ("Cannot read the database F: its write-ahead log F-wal is
not readable for you (permission denied); make it readable (chmod u+r)."), never judged "left by
a crash of another copy of the database; move it away": whose it is cannot be told without
reading it, and a log left by a crash holds the database's committed writes, which moving it
away would lose. For ``run --db``, ``data check --db``, the user's own database
(CHIPSCOPE_HOME), ``data build --out`` and the window's start; every file stays as it was."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from tests.without_dac import REPO, SETPRIV, cli_without_dac, skip_unless_permission_bits_apply

FIX = "is not readable for you (permission denied); make it readable (chmod u+r)."


def _crash_log(folder: Path, name: str) -> Path:
    """``folder/name``: a copy of the bundled database in WAL mode with a log beside it that
    holds a committed write not yet in the file (as a writer killed after its commit leaves
    it): both copied while the writer still has them open, the log last."""
    live = folder / "live" / "w.db"
    live.parent.mkdir()
    shutil.copyfile(paths.bundled_db_path(), live)
    with closing(sqlite3.connect(live, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE q (a)")
        conn.execute("INSERT INTO q VALUES (1)")
        db = folder / name
        shutil.copyfile(live, db)
        shutil.copyfile(live.with_name("w.db-wal"), db.with_name(name + "-wal"))
    shutil.rmtree(live.parent)
    return db


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    skip_unless_permission_bits_apply(tmp_path)
    (tmp_path / "D").mkdir()
    yield tmp_path
    for p in (tmp_path / "D").rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)


def _snapshot(folder: Path) -> dict[Path, tuple[int, bytes]]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            mode = p.stat().st_mode
            p.chmod(0o644)
            out[p] = (mode, p.read_bytes())
            p.chmod(mode)
    return out


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    return done.stderr.strip().splitlines()[-1]


def test_the_crash_log_fixture_is_read_when_readable(tree: Path) -> None:
    """The same log, readable: it belongs to the file and its commit is read."""
    db = _crash_log(tree / "D", "w.db")
    done = cli_without_dac("run", "--db", str(db), "--out", "out.csv", cwd=tree)
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        assert conn.execute("SELECT a FROM q").fetchall() == [(1,)]


@pytest.mark.parametrize("args", [["run", "--db", "D/w.db", "--out", "out.csv"],
                                  ["data", "check", "--db", "D/w.db"],
                                  ["calibrate", "--db", "D/w.db", "--draws", "0"]])
def test_an_unreadable_crash_log_is_named_not_called_another_copys(tree: Path,
                                                                   args: list[str]) -> None:
    db = _crash_log(tree / "D", "w.db")
    wal = db.with_name("w.db-wal")
    wal.chmod(0)
    before = _snapshot(tree / "D")
    done = cli_without_dac(*args, cwd=tree)
    assert done.returncode == 2, done.stderr
    assert _last_line(done).endswith(
        f": error: Cannot read the database D/w.db: its write-ahead log {wal} {FIX}"), \
        done.stderr
    assert "another copy" not in done.stderr and "move it away" not in done.stderr
    assert _snapshot(tree / "D") == before
    assert not (tree / "out.csv").exists()


def test_an_unreadable_log_beside_a_rollback_mode_file(tree: Path) -> None:
    """A non-empty log that cannot be read beside a database not in WAL mode."""
    db = tree / "D" / "r.db"
    shutil.copyfile(paths.bundled_db_path(), db)
    wal = tree / "D" / "r.db-wal"
    wal.write_bytes(os.urandom(100))
    wal.chmod(0)
    before = _snapshot(tree / "D")
    done = cli_without_dac("run", "--db", "D/r.db", "--out", "out.csv", cwd=tree)
    assert done.returncode == 2, done.stderr
    assert _last_line(done).endswith(
        f": error: Cannot read the database D/r.db: its write-ahead log {wal} {FIX}"), \
        done.stderr
    assert _snapshot(tree / "D") == before


def test_the_users_own_database(tree: Path) -> None:
    home = tree / "D" / "home"
    home.mkdir()
    db = _crash_log(home, "chipscope.db")
    wal = home / "chipscope.db-wal"
    wal.chmod(0)
    before = _snapshot(tree / "D")
    done = subprocess.run(
        [*SETPRIV, sys.executable, "-m", "chipscope.cli", "run", "--out", "out.csv"],
        capture_output=True, text=True, timeout=300, cwd=tree,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
             "CHIPSCOPE_HOME": str(home)})
    assert done.returncode == 2, done.stderr
    assert _last_line(done).endswith(
        f": error: Cannot read the database {db}: its write-ahead log {wal} {FIX}"), done.stderr
    assert _snapshot(tree / "D") == before


def test_an_unreadable_journal_beside_no_database(tree: Path) -> None:
    """A crash's journal beside a database that is not there (data build would make one)."""
    journal = tree / "D" / "new.db-journal"
    journal.write_bytes(os.urandom(600))
    journal.chmod(0)
    before = _snapshot(tree / "D")
    done = cli_without_dac("data", "build", "--out", "D/new.db", cwd=tree)
    assert done.returncode == 2, done.stderr
    assert _last_line(done).endswith(
        f": error: Cannot read the database D/new.db: its journal {journal} {FIX}"), \
        done.stderr
    assert _snapshot(tree / "D") == before


_WINDOW = """
import sys
from pathlib import Path
from chipscope.ui.app import load_startup_dataset
reasons = []
print(load_startup_dataset(Path(sys.argv[1]), lambda r: reasons.append(r) or False))
print(reasons[0])
"""


@pytest.mark.skipif(importlib.util.find_spec("PySide6") is None,
                    reason="the window's start needs PySide6 (the CI's core venv has none)")
def test_the_windows_start(tree: Path) -> None:
    """The window's start offers the bundled dataset with the log named as the reason."""
    db = _crash_log(tree / "D", "w.db")
    wal = db.with_name("w.db-wal")
    wal.chmod(0)
    done = subprocess.run([*SETPRIV, sys.executable, "-c", _WINDOW, "D/w.db"],
                          capture_output=True, text=True, timeout=300, cwd=tree,
                          env={**os.environ, "PYTHONPATH": str(REPO),
                               "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "None", f"Cannot read the database D/w.db: its write-ahead log {wal} {FIX}"]
