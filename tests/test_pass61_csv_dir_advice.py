"""Pass 61 F2: a data file inside --csv-dir (a fixed name, <dir>/vendors.csv) that is a folder,
a link to a folder, a dangling link, a symlink loop, unreadable (mode 000) or missing gets the
cause and advice this command can take, never the shared reader's "give a file inside it" or
"choose another file": the reader always reads that one name."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope import paths
from tests.csv_dir_copies import csv_dir_without, data_command, digests
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

REPLACE = "replace it with the vendors table as a CSV file, or give --csv-dir another folder."


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return csv_dir_without(tmp_path, monkeypatch, "vendors.csv")


def _folder(v: Path) -> None:
    v.mkdir()


def _folder_link(v: Path) -> None:
    v.symlink_to("../cd1")


def _dangling(v: Path) -> None:
    v.symlink_to("gone")


def _loop(v: Path) -> None:
    v.symlink_to("vendors.csv")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (_folder, "it is a folder, not a regular file"),
    "link to a folder": (_folder_link, "it is a folder, not a regular file"),
    "dangling link": (_dangling, "it is a symlink to the missing gone"),
    "loop": (_loop, "it is a symlink loop"),
}


def _run(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from chipscope.cli import main

    rc = main(data_command(command, tmp_path))
    return rc, capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", list(CASES))
def test_a_fixed_name_gets_advice_the_command_can_take(
        source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
        command: str) -> None:
    make, cause = CASES[case]
    make(source / "vendors.csv")
    before = digests(source)
    rc, err = _run(command, tmp_path, capsys)
    assert rc == 2
    assert f"Cannot read the data file cd1{os.sep}vendors.csv: {cause}; {REPLACE}" in err
    assert "give a file inside it" not in err and "another file" not in err
    assert digests(source) == before
    assert not (tmp_path / "out.db").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_missing_file_gets_the_advice_too(source: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            command: str) -> None:
    rc, err = _run(command, tmp_path, capsys)
    assert rc == 2
    assert (f"cd1{os.sep}vendors.csv: file is missing; put the vendors table there as "
            "vendors.csv, or give --csv-dir another folder") in err
    assert not (tmp_path / "out.db").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unreadable_file_keeps_chmod_u_r(source: Path, tmp_path: Path,
                                            command: str) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    vendors = source / "vendors.csv"
    shutil.copy(paths.data_source_dir() / "vendors.csv", vendors)
    before = digests(source)
    vendors.chmod(0)
    try:
        done = cli_without_dac(*data_command(command, tmp_path), cwd=tmp_path)
    finally:
        vendors.chmod(0o644)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith(
        f"Cannot read the data file cd1{os.sep}vendors.csv: it is not readable for you "
        "(permission denied); make it readable (chmod u+r), or give --csv-dir another folder.")
    assert digests(source) == before
    assert not (tmp_path / "out.db").exists()
