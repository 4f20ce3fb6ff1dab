"""Pass 47 F2: a data folder that cannot be entered (permission bits, mode 000) is one problem
naming the folder and the cause, never "file is missing" for each file that is there."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.storage import check_csv_dir
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    src = tmp_path / "src"
    shutil.copytree(paths.data_source_dir(), src,
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive"))
    return src


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders whose names cannot be looked up (as a folder without its search bit, for a
    user without CAP_DAC_OVERRIDE): os.lstat and os.stat of anything in them are denied."""
    folders: list[Path] = []
    real_lstat, real_stat = os.lstat, os.stat

    def check(path: object) -> None:
        if isinstance(path, (str, os.PathLike)) and not isinstance(path, int):
            p = os.path.abspath(os.fspath(path))
            if any(Path(p).parent == f or f in Path(p).parents for f in folders):
                raise PermissionError(13, "Permission denied", p)

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    yield folders


def test_a_folder_that_cannot_be_entered_is_one_problem(source: Path,
                                                         denied: list[Path]) -> None:
    denied.append(source)
    problems = check_csv_dir(source)
    assert problems == [f"Cannot read the data folder {source}: permission denied; make it "
                        "readable (chmod u+rx) or choose another folder."]


def test_a_folder_above_that_cannot_be_entered_is_named(source: Path,
                                                        denied: list[Path]) -> None:
    inner = source / "inner"
    denied.append(source)
    problems = check_csv_dir(inner)  # never "unexpected PermissionError"
    assert len(problems) == 1
    assert problems[0].startswith(f"Cannot read the data folder {inner}: the folder {source} ")
    assert "permission denied" in problems[0] and "missing" not in problems[0]


def test_a_folder_that_can_be_entered_is_still_checked(source: Path) -> None:
    assert check_csv_dir(source) == []
    (source / "chips.csv").unlink()
    assert check_csv_dir(source) == [f"{source / 'chips.csv'}: file is missing; put the chips "
                                     "table there as chips.csv, or give --csv-dir another folder"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_the_cli_under_permission_bits(source: Path, tmp_path: Path, command: str) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    out = tmp_path / "out.db"
    extra = ["--out", str(out)] if command == "build" else []
    source.chmod(0)
    try:
        done = cli_without_dac("data", command, "--csv-dir", str(source), *extra, cwd=tmp_path)
    finally:
        source.chmod(0o700)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].endswith(f": error: Cannot read the data folder {source}: permission "
                             "denied; make it readable (chmod u+rx) or choose another folder.")
    assert not out.exists()


def test_the_default_folder_that_cannot_be_entered_is_named(
        source: Path, tmp_path: Path, denied: list[Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    data = source.rename(tmp_path / "data")  # ./data, the folder data check reads first
    monkeypatch.chdir(tmp_path)
    denied.append(data)
    assert main(["data", "check"]) == 2  # never "unexpected PermissionError", nor another folder
    assert capsys.readouterr().err.strip().endswith(
        f"error: Cannot read the data folder {data}: permission denied; make it readable "
        "(chmod u+rx) or choose another folder.")
