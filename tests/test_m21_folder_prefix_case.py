"""m21: ``data check --csv-dir csvk`` with chips.csv a folder said "csvk: Cannot read the data
file csvk/chips.csv: ..." - the folder named twice and a capital after the colon. A problem that
names a file inside the folder names the folder; one that names nothing gets the folder as a
prefix, and the text after that colon goes on in lower case."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from chipscope.cli_data import _problems
from chipscope.model.synthetic import synthetic_frames


def _csv_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "csvk"
    folder.mkdir()
    for table, frame in synthetic_frames().items():
        frame.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")
    return folder


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_data_file_that_is_a_folder_is_named_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    folder = _csv_dir(tmp_path)
    (folder / "chips.csv").unlink()
    (folder / "chips.csv").mkdir()
    args = ["data", command, "--csv-dir", str(folder)]
    assert main(args + (["--out", str(tmp_path / "x.db")] if command == "build" else [])) == 2
    err = capsys.readouterr().err
    assert f"Cannot read the data file {folder / 'chips.csv'}: it is a folder" in err
    assert f"{folder}: " not in err and f"{folder}:" not in err.replace(f"{folder}/", "")
    assert not (tmp_path / "x.db").exists()


def test_an_unnamed_problem_goes_on_in_lower_case_after_the_prefix() -> None:
    assert _problems("csvk", ["Cannot read the data file: it is gone."]) == (
        "csvk: cannot read the data file: it is gone.")
    assert _problems("csvk", ["UTF-16 text, not UTF-8"]) == "csvk: UTF-16 text, not UTF-8"
    assert _problems("csvk", ["csvk/chips.csv: file is missing"]) == (
        "csvk/chips.csv: file is missing")
    assert _problems("csvk", ["The folder csvk/x.csv is odd"]) == "The folder csvk/x.csv is odd"
