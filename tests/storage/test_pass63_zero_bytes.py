"""Pass 63 F2: a file of only zero bytes (NUL), as a crash or a preallocation leaves it, was
called "UTF-32 text, not UTF-8 (three of every four bytes are 0); save it as UTF-8": no lane of
text at all is no UTF-32, and saving it as UTF-8 is impossible. Every text reader now says it
is damaged and to restore it from a copy or replace it (exit 2, the file unchanged)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipscope.cli import main

DATA = Path(__file__).resolve().parents[2] / "data"
Capture = pytest.CaptureFixture[str]
DAMAGED = ("it holds only zero bytes (NUL): it is damaged (a crash or a disk error leaves files "
           "like this); restore it from a copy or replace it")


def _refused(argv: list[str], capsys: Capture, path: Path) -> str:
    before = path.read_bytes()
    assert main(argv) == 2, argv
    err = capsys.readouterr().err
    assert "UTF" not in err and "unexpected" not in err, err
    assert f"{path}: {DAMAGED}" in err or f"{path.name}: {DAMAGED}" in err, err
    assert path.read_bytes() == before
    return err


@pytest.mark.parametrize("size", [10, 4096, 70_000])
def test_zero_byte_files_are_called_damaged_by_each_reader(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, size: int) -> None:
    zeros = b"\0" * size
    edits, scenario, targets = tmp_path / "z.csv", tmp_path / "z.toml", tmp_path / "t.csv"
    for path in (edits, scenario, targets):
        path.write_bytes(zeros)
    db = synthetic_db.read_bytes()
    _refused(["data", "import-edits", str(edits), "--db", str(synthetic_db)], capsys, edits)
    _refused(["run", "--db", str(synthetic_db), "--scenario", str(scenario), "--out",
              str(tmp_path / "o.csv")], capsys, scenario)
    _refused(["calibrate", "--db", str(synthetic_db), "--targets", str(targets), "--draws", "1"],
             capsys, targets)
    assert synthetic_db.read_bytes() == db and not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("table", ["vendors.csv", "calibration_targets.csv"])
def test_a_zero_byte_table_in_the_csv_dir_is_called_damaged(tmp_path: Path, capsys: Capture,
                                                            table: str) -> None:
    folder = tmp_path / "cd"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.db", "derive"))
    (folder / table).write_bytes(b"\0" * 100_000)
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(tmp_path / "o.db")]):
        _refused(argv, capsys, folder / table)
    assert not (tmp_path / "o.db").exists()
