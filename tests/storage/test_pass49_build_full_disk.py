"""Pass 49 F4: ``data build --out`` on a disk that fills during the build says every writer's
full-disk words (:func:`chipscope.storage.errors.disk_full`: "its disk is full; free some space
on it and try again"), naming the target, never SQLite's "(database or disk is full)"; exit 2,
no partial target nor temporary file left, an old target byte-identical."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import repository

FULL = "its disk is full; free some space on it and try again"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 kB tmpfs (a built database takes about 290 kB); skipped where it cannot be
    mounted (not root, no tmpfs)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)],
                              capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("mount is not available here")
    if done.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here (not root?)")
    try:
        yield disk
    finally:
        # lazily: this process keeps a read descriptor of a database it looked at
        # (chipscope.storage.sqlite_locks), which would keep the disk busy
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, timeout=30)


def _build(out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["data", "build", "--csv-dir", str(paths.data_source_dir()),
                   "--out", str(out)])
    return status, capsys.readouterr().err.strip()


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` but ``leave`` bytes."""
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_a_new_target_on_a_disk_that_fills(small_disk: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    _fill(small_disk, 150_000)
    out = small_disk / "x.db"
    status, err = _build(out, capsys)
    assert status == 2
    assert err.endswith(f"error: Could not write the database {out}: {FULL} (nothing was "
                        "written).")
    assert "database or disk is full" not in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_an_old_target_on_a_disk_that_fills_is_unchanged(
        small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = small_disk / "x.db"
    assert _build(out, capsys)[0] == 0
    before = out.read_bytes()
    _fill(small_disk, 100_000)
    status, err = _build(out, capsys)
    assert status == 2
    assert err.endswith(f"error: Could not write the database {out}: {FULL} (the old file is "
                        "unchanged).")
    assert out.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "x.db"]


def test_sqlites_full_disk_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The same words where no tmpfs can be mounted: SQLite's SQLITE_FULL, as a full disk
    makes it, during the inserts."""
    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(repository, "_insert_dataset", full)
    out = tmp_path / "x.db"
    status, err = _build(out, capsys)
    assert status == 2
    assert err.endswith(f"error: Could not write the database {out}: {FULL} (nothing was "
                        "written).")
    assert list(tmp_path.iterdir()) == []
