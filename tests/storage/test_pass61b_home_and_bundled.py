"""Fix m86: P61-F6, CHIPSCOPE_HOME below a dangling link named the link (sl/dang) as "the data
folder", not the folder asked for (sl/dang/h); P61-F4, CHIPSCOPE_BUNDLED_DB with a name or path
too long (ENAMETOOLONG) was "unreadable (File name too long)" with the whole path, the one reader
the pass 60 F2 fix missed: now every reader's words (:func:`chipscope.storage.path_length.
too_long`) and the path shortened (:func:`~chipscope.storage.path_length.shown_path`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import open_user_database

ADVICE = "point it to a ChipScope database, or unset it to use the dataset installed with ChipScope"


def test_a_home_below_a_dangling_link_names_the_folder_asked_for(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sl").mkdir()
    (tmp_path / "sl" / "dang").symlink_to("nothere")
    home = tmp_path / "sl" / "dang" / "h"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    assert main(["run", "--out", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"chipscope-cli: error: Cannot use the data folder {home}: {home.parent} is a "
                   "symlink to the missing nothere; put the folder back or choose another folder "
                   "(see CHIPSCOPE_HOME)."]
    assert not (tmp_path / "x.csv").exists() and sorted(p.name for p in tmp_path.iterdir()) \
        == ["sl"]


def _long_name(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "ln2").mkdir()
    return (tmp_path / "ln2" / ("b" * 256 + ".db"),
            "but its name is too long (259 bytes; the file system takes at most 255); choose "
            "a shorter name, or ")


def _long_path(tmp_path: Path) -> tuple[Path, str]:
    bad = Path("/" + "/".join(["c" * 200] * 21)) / "x.db"  # no such folder: the length stops it
    size = len(str(bad).encode())
    assert size > 4096
    return bad, (f"but its path is too long ({size:,} bytes; the system takes at most 4,095); "
                 "choose a shorter path or folder, or ")


@pytest.mark.parametrize("make", [_long_name, _long_path], ids=["name", "path"])
def test_a_bundled_override_too_long_gets_every_readers_words(
        make: Callable[[Path], tuple[Path, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "h3"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    bad, words = make(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["run", "--out", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and len(err[0]) < 700, err
    assert err[0].startswith("chipscope-cli: error: CHIPSCOPE_BUNDLED_DB points to ")
    assert err[0].endswith(f", {words}{ADVICE}.")
    assert "File name too long" not in err[0] and "…" in err[0]  # the path shortened
    assert not (home / paths.DB_FILENAME).exists() and not (tmp_path / "x.csv").exists()


def test_a_bundled_override_too_long_beside_a_database_is_noted_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()
    before = own.read_bytes()
    bad, _words = _long_name(tmp_path)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines()
             if "CHIPSCOPE_BUNDLED_DB" in line]
    assert len(notes) == 1 and "File name too long" not in notes[0] and "…" in notes[0]
    assert notes[0].endswith(
        f", but its name is too long (259 bytes; the file system takes at most 255); it is not "
        f"used (your database {own} is); choose a shorter name, or unset it or point it to a "
        "ChipScope database.")
    assert own.read_bytes() == before
