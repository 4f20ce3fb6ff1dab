"""Pass 61 F7: a writer whose target's own folder cannot be entered and is not writable either
(mode 000) is told "chmod u+wx", one step, not u+x and then a second refusal for a read-only
folder; a folder further up, and every reader, keep "chmod u+x"."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

WX = "make that folder accessible and writable (chmod u+wx) or choose another one"
X = "make that folder accessible (chmod u+x) or choose another one"


@pytest.fixture
def place(tmp_path: Path) -> Path:
    skip_unless_permission_bits_apply(tmp_path)
    shutil.copy(paths.data_source_dir() / "chipscope.db", tmp_path / "my.db")
    (tmp_path / "home").mkdir()
    return tmp_path


def _cli(place: Path, *args: str):  # type: ignore[no-untyped-def]
    db = [] if args[0] == "data" else ["--db", "my.db"]  # data build takes no --db
    return cli_without_dac(*db, *args, cwd=place)


@pytest.mark.parametrize("args", [
    ("run", "--out", "shut/x.csv"),
    pytest.param(("export-chart", "--chart", "vendor_share", "--out", "shut/x.png"),
                 marks=pytest.mark.skipif(importlib.util.find_spec("PySide6") is None,
                                          reason="charts are drawn with Qt")),
    ("data", "build", "--csv-dir", str(paths.data_source_dir()), "--out", "shut/x.db"),
])
def test_own_folder_000_gets_u_wx_and_following_it_works(place: Path,
                                                         args: tuple[str, ...]) -> None:
    shut = place / "shut"
    shut.mkdir()
    shut.chmod(0)
    try:
        done = _cli(place, *args)
        assert done.returncode == 2, done.stderr
        assert (f"its folder {shut} cannot be entered (permission denied); {WX} (nothing was "
                "written).") in done.stderr
        shut.chmod(0o300)  # what the advice says: chmod u+wx
        again = _cli(place, *args)
    finally:
        shut.chmod(0o700)
    assert again.returncode == 0, again.stderr
    assert len(list(shut.iterdir())) == 1


def test_a_folder_higher_up_keeps_u_x(place: Path) -> None:
    up = place / "up"
    (up / "in").mkdir(parents=True)
    up.chmod(0)
    try:
        done = _cli(place, "run", "--out", "up/in/x.csv")
    finally:
        up.chmod(0o700)
    assert done.returncode == 2, done.stderr
    assert f"the folder {up} cannot be entered (permission denied); {X} (nothing" in done.stderr
    assert "u+wx" not in done.stderr


def test_a_reader_keeps_u_x(place: Path) -> None:
    shut = place / "shut"
    shut.mkdir()
    shutil.copy(place / "my.db", shut / "my.db")
    shut.chmod(0)
    try:
        done = cli_without_dac("--db", "shut/my.db", "run", "--out", "y.csv", cwd=place)
    finally:
        shut.chmod(0o700)
    assert done.returncode == 2, done.stderr
    assert f"its folder {shut} cannot be entered (permission denied); {X}." in done.stderr
    assert not (place / "y.csv").exists()
