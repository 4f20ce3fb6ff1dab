"""Pass 62 F3: the calibration targets inside --csv-dir (a fixed name,
<dir>/calibration_targets.csv) that is a folder, a dangling link, a symlink loop, unreadable
(mode 000) or a FIFO get the advice this command can take, as the other tables' files do (pass
61 F2), never the shared reader's "give a file inside it" or "choose another file"; ``calibrate
--targets FILE`` names a file of the user's choice and keeps "choose another file"."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope import paths
from tests.csv_dir_copies import csv_dir_without, data_command, digests
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

TARGETS = "calibration_targets.csv"
REPLACE = ("replace it with the calibration targets table as a CSV file, or give --csv-dir "
           "another folder.")
SAID = f"Cannot read the calibration targets file cd1{os.sep}{TARGETS}"


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return csv_dir_without(tmp_path, monkeypatch, TARGETS)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (Path.mkdir, "it is a folder, not a regular file"),
    "dangling link": (lambda t: t.symlink_to("gone"), "it is a symlink to the missing gone"),
    "loop": (lambda t: t.symlink_to(TARGETS), "it is a symlink loop"),
    "fifo": (lambda t: os.mkfifo(t), "it is a pipe (FIFO), not a regular file"),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_targets_file_gets_advice_the_command_can_take(
        source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str,
        command: str) -> None:
    from chipscope.cli import main

    make, cause = CASES[case]
    make(source / TARGETS)
    before = digests(source)
    rc = main(data_command(command, tmp_path))
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{SAID}: {cause}; {REPLACE}" in err
    assert "give a file inside it" not in err and "another file" not in err
    assert digests(source) == before
    assert not (tmp_path / "out.db").exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unreadable_targets_file_keeps_chmod_u_r(source: Path, tmp_path: Path,
                                                    command: str) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    targets = source / TARGETS
    shutil.copy(paths.data_source_dir() / TARGETS, targets)
    before = digests(source)
    targets.chmod(0)
    try:
        done = cli_without_dac(*data_command(command, tmp_path), cwd=tmp_path)
    finally:
        targets.chmod(0o644)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith(
        f"{SAID}: it is not readable for you (permission denied); make it readable "
        "(chmod u+r), or give --csv-dir another folder.")
    assert digests(source) == before
    assert not (tmp_path / "out.db").exists()


def test_calibrate_targets_keeps_choose_another_file(
        source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from chipscope.cli import main

    (source / TARGETS).mkdir()
    rc = main(["calibrate", "--targets", f"cd1{os.sep}{TARGETS}"])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{SAID}: it is a folder, not a regular file; give a file inside it." in err
    assert "--csv-dir" not in err
