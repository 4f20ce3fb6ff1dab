"""Pass 60 F2: a name over the file system's 255 bytes, or a path over the system's 4,096
(ENAMETOOLONG), got the raw "(File name too long)" at most readers and writers, in four
wordings, and a 4 KB path was echoed whole. Now one cause
(:func:`chipscope.storage.path_length.too_long`) names the part that is too long, its size and
the limit, with advice, and the path is shortened. These tests failed on base 22447b0."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chipscope.cli import main

LONG = "a" * 252  # + ".csv": 256 bytes
DEEP = "/".join(["b" * 200] * 21)  # 4,220 bytes, relative


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    return err


def _check(err: str, cause: str, advice: str) -> None:
    assert cause in err and advice in err, err
    assert "File name too long" not in err and "too long for the file system" not in err, err
    assert len(err) < 400, (len(err), err)


def test_the_cause_names_the_part_that_is_too_long() -> None:
    from chipscope.storage.path_length import too_long  # new in pass 61

    assert too_long(f"ln2/{LONG}.csv") == (
        "its name is too long (256 bytes; the file system takes at most 255)",
        "choose a shorter name")
    cause, advice = too_long(f"{DEEP}/x.csv")
    assert cause == "its path is too long (4,226 bytes; the system takes at most 4,095)"
    assert advice == "choose a shorter path or folder"
    cause, advice = too_long(f"x/{'c' * 300}/y.csv")
    assert cause.startswith("the name of its folder ccc") and "(300 bytes;" in cause
    assert advice == "choose a shorter folder name"


@pytest.mark.parametrize(("command", "cause"), [
    (["run", "--out", f"ln2/{LONG}.csv"], "its name is too long (256 bytes"),
    (["data", "import-edits", f"ln2/{LONG}.csv"], "its name is too long (256 bytes"),
    (["run", "--scenario", f"ln2/{LONG}.toml", "--out", "o.csv"],
     "its name is too long (257 bytes"),
    (["export-chart", "--chart", "vendor_share", "--out", f"ln2/{LONG}.png"],
     "its name is too long (256 bytes"),
    (["run", "--out", f"{DEEP}/x.csv"], "its path is too long (4,226 bytes"),
    (["run", "--scenario", f"{DEEP}/x.toml", "--out", "o.csv"],
     "its path is too long (4,227 bytes"),
])
def test_a_name_or_path_too_long_names_the_cause(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        command: list[str], cause: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ln2").mkdir()
    assert main(command) == 2
    err = _error(capsys)
    advice = "choose a shorter name" if "name is" in cause else "choose a shorter path or folder"
    _check(err, cause, advice)
    assert "\u2026" in err  # the path shortened
    assert sorted(os.listdir(tmp_path)) == ["ln2"] and os.listdir(tmp_path / "ln2") == []


def test_a_data_folder_path_too_long(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / DEEP))
    assert main(["run", "--out", "o.csv"]) == 2
    err = _error(capsys)
    _check(err, "Cannot use the data folder", "its path is too long (")
    assert "choose a shorter path or folder (see CHIPSCOPE_HOME)" in err
    assert os.listdir(tmp_path) == []


def test_a_relative_data_folder_path_too_long_is_shortened(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_HOME", DEEP)
    assert main(["run", "--out", "o.csv"]) == 2
    err = _error(capsys)
    assert "a relative folder" in err and len(err) < 600, err
    assert os.listdir(tmp_path) == []
