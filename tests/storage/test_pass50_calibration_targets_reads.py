"""Pass 50 F1: calibration targets below a folder that cannot be entered (``calibrate
--targets D/sub/ct.csv``, or a data folder's calibration_targets.csv that links into one) ended
in "unexpected PermissionError" (exit 1): the reader asked ``Path.exists()`` first, which
raises there. It now goes through the one reader check, so the folder, the file's own read
bit, a FIFO, a folder and a missing file are named in every reader's words, exit status 2,
every file as it was."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import StorageError
from chipscope.storage.calibration_files import (
    calibration_target_problems,
    read_calibration_targets,
)
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

Capture = pytest.CaptureFixture[str]
WHAT = "Cannot read the calibration targets file"
ADVICE = "cannot be entered (permission denied); make that folder accessible (chmod u+x) or " \
         "choose another one."
CSV_DIR_ADVICE = ADVICE.replace(" or choose another one.", ", or give --csv-dir another folder.")
"""The folder's fixed name in --csv-dir: that way out (pass 62 F3)."""
OWN = "it is not readable for you (permission denied); make it readable (chmod u+r) or " \
      "choose another one."


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders that cannot be entered, as the system refuses them (no search bit, a user
    without CAP_DAC_OVERRIDE): looking up any name in them, or below them, is denied."""
    folders: list[Path] = []
    real_lstat, real_stat = os.lstat, os.stat

    def check(path: object) -> None:
        if isinstance(path, (str, os.PathLike)):
            p = Path(os.path.abspath(os.fspath(path)))
            if any(p.parent == f or f in p.parents for f in folders):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    yield folders


def test_targets_below_a_folder_that_cannot_be_entered(tmp_path: Path,
                                                      denied: list[Path]) -> None:
    sub = tmp_path / "D" / "sub"
    sub.mkdir(parents=True)
    path = sub / "ct.csv"
    shutil.copyfile(paths.calibration_targets_path(), path)
    denied.append(tmp_path / "D")
    words = f"{WHAT} {path}: the folder {tmp_path / 'D'} {ADVICE}"
    with pytest.raises(StorageError) as caught:
        read_calibration_targets(path)
    assert str(caught.value) == words
    assert calibration_target_problems(path) == [words]  # data check and data build


@pytest.mark.parametrize(("kind", "cause"), [
    ("fifo", "it is a pipe (FIFO), not a regular file."),
    ("folder", "it is a folder, not a regular file; give a file inside it."),
    ("missing", "there is no such file."),
])
def test_calibrate_names_a_special_or_missing_targets_file(
        synthetic_db: Path, tmp_path: Path, capsys: Capture, mkfifo: object, kind: str,
        cause: str) -> None:
    path = tmp_path / "ct.csv"
    if kind == "fifo":
        mkfifo(path)  # type: ignore[operator]
    elif kind == "folder":
        path.mkdir()
    db_before = synthetic_db.read_bytes()
    assert main(["calibrate", "--db", str(synthetic_db), "--targets", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith(f": error: {WHAT} {path}: {cause}"), err
    assert synthetic_db.read_bytes() == db_before


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/D/sub/ct.csv (the bundled targets), tmp/own.csv, and tmp/data: the bundled data
    CSVs, whose calibration_targets.csv links to tmp/B/calibration_targets.csv."""
    sub = tmp_path / "D" / "sub"
    sub.mkdir(parents=True)
    shutil.copyfile(paths.calibration_targets_path(), sub / "ct.csv")
    shutil.copyfile(paths.calibration_targets_path(), tmp_path / "own.csv")
    shutil.copytree(paths.data_source_dir(), tmp_path / "data",
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive", "*.py"))
    (tmp_path / "B").mkdir()
    shutil.move(tmp_path / "data" / "calibration_targets.csv", tmp_path / "B")
    (tmp_path / "data" / "calibration_targets.csv").symlink_to(
        tmp_path / "B" / "calibration_targets.csv")
    shutil.copyfile(paths.bundled_db_path(), tmp_path / "x.db")
    return tmp_path


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_cli_under_permission_bits(tree: Path) -> None:
    """calibrate --targets below an unenterable folder, or of mode 000, and data check and
    build with the folder's targets linked into one: exit 2, in every reader's words."""
    skip_unless_permission_bits_apply(tree)
    before = _files(tree)
    runs = [
        (["calibrate", "--db", "x.db", "--targets", "D/sub/ct.csv"], "D",
         f"{WHAT} D/sub/ct.csv: the folder {tree / 'D'} {ADVICE}"),
        (["calibrate", "--db", "x.db", "--targets", "own.csv"], "own.csv",
         f"{WHAT} own.csv: {OWN}"),
        (["data", "check", "--csv-dir", "data"], "B",
         f"{WHAT} data/calibration_targets.csv: its folder {tree / 'B'} {CSV_DIR_ADVICE}"),
        (["data", "build", "--csv-dir", "data", "--out", "out.db"], "B",
         f"{WHAT} data/calibration_targets.csv: its folder {tree / 'B'} {CSV_DIR_ADVICE}"),
    ]
    for args, shut, words in runs:
        (tree / shut).chmod(0)
        try:
            done = cli_without_dac(*args, cwd=tree)
        finally:
            (tree / shut).chmod(0o755 if (tree / shut).is_dir() else 0o644)
        assert done.returncode == 2, done.stderr
        assert words in done.stderr, done.stderr
        assert "unexpected" not in done.stderr and "Permission denied" not in done.stderr
    assert _files(tree) == before
    assert not (tree / "out.db").exists()
