"""Pass 15 (databases and faults, /work/pass15-db.md): ``data build`` hung on a FIFO journal
(B1) and built beside a ``-wal`` every read refuses (D3); a killed save's own journal was
called another copy's once the lineage table was dropped (D1); a live WAL writer was called a
crash (D2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.storage.recovery import journal_path, wal_path

NOT_REGULAR = "beside it is not a regular file"


def _build(csv_dir: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``chipscope data build`` in another process, bounded (a hang fails, never blocks)."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    return subprocess.run([sys.executable, "-m", "chipscope", "data", "build", "--csv-dir",
                           str(csv_dir), "--out", str(out)], capture_output=True, text=True,
                          timeout=120, check=False, env=env, cwd=out.parent)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "folder", "link to a fifo"])
def test_a_build_next_to_a_journal_that_is_no_file_names_it_without_waiting(
        db: Path, csv_dir: Path, kind: str) -> None:
    """B1: a FIFO at ``-journal`` was opened, and the build waited for ever."""
    journal = journal_path(db)
    if kind == "folder":
        journal.mkdir()
    elif kind == "fifo":
        os.mkfifo(journal)
    else:
        os.mkfifo(db.with_name("pipe"))
        journal.symlink_to(db.with_name("pipe"))
    before = db.read_bytes()
    done = _build(csv_dir, db)
    assert done.returncode == 2, done.stderr
    assert f"{journal.name} {NOT_REGULAR}" in done.stderr and "in progress" not in done.stderr
    assert db.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling link"])
def test_a_build_next_to_a_wal_that_is_no_file_is_refused_as_reads_refuse_it(
        db: Path, csv_dir: Path, kind: str) -> None:
    """D3: the build said "Built" beside a FIFO, folder or dangling ``-wal``, and every read
    of the new file then refused it."""
    wal = wal_path(db)
    if kind == "folder":
        wal.mkdir()
    elif kind == "fifo":
        os.mkfifo(wal)
    else:
        wal.symlink_to(db.with_name("missing") / "x")
    before = db.read_bytes()
    done = _build(csv_dir, db)
    assert done.returncode == 2, done.stdout
    assert f"{wal.name} {NOT_REGULAR}" in done.stderr and "Built" not in done.stdout
    assert db.read_bytes() == before
