"""`data build --out`: an output that cannot be written is a clear error (exit 2), never a hang
or "unexpected OSError", and the old database stays byte for byte as it was (issue 10)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.storage import build_database
from chipscope.storage import repository as repository_module
from chipscope.storage.scenarios import list_scenarios, save_scenario

Capture = pytest.CaptureFixture[str]


def _refused(csv_dir: Path, out: Path, capsys: Capture, *words: str) -> None:
    assert main(["data", "build", "--csv-dir", str(csv_dir), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("chipscope-cli: error: ") and f"write the database {out}" in err, err
    assert "unexpected" not in err
    for w in words:
        assert w in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_hanging(csv_dir: Path, tmp_path: Path,
                                           capsys: Capture) -> None:
    fifo = tmp_path / "out.db"
    os.mkfifo(fifo)
    _refused(csv_dir, fifo, capsys, "it is a pipe (FIFO)")


def test_a_folder_that_cannot_be_made(csv_dir: Path, tmp_path: Path, capsys: Capture) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    _refused(csv_dir, tmp_path / "plain" / "out.db", capsys)


def test_a_full_disk_leaves_the_old_database(
        csv_dir: Path, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out.db"
    build_database(csv_dir, out)
    before = out.read_bytes()

    def full(conn: sqlite3.Connection, dataset: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(repository_module, "_insert_dataset", full)
    _refused(csv_dir, out, capsys, "its disk is full; free some space on it and try again "
             "(the old file is unchanged).")  # every writer's words (pass 49 F4)
    assert out.read_bytes() == before
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # no leftovers


def test_a_save_during_the_build_is_not_replaced(
        csv_dir: Path, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pass 11 A4: the target is checked for the user's work before the build and again under
    the exclusive lock just before the rename; a save landing in between is kept (it used to
    be reported as saved, then replaced)."""
    out = tmp_path / "out.db"
    build_database(csv_dir, out)  # nothing of the user's yet: the first check passes
    fill = repository_module._insert_dataset

    def fill_then_save(conn: sqlite3.Connection, dataset: object) -> None:
        fill(conn, dataset)  # type: ignore[arg-type]
        save_scenario(out, "Saved meanwhile", "", {"lock_in": 2.0})  # another program's save

    monkeypatch.setattr(repository_module, "_insert_dataset", fill_then_save)
    _refused(csv_dir, out, capsys, "while the new database was built",
             "1 saved scenario", "build into another file")
    assert [r.scenario.name for r in list_scenarios(out)] == ["Saved meanwhile"]
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # no leftovers
