"""Pass 61 F3: a missing --db whose name SQLite cannot make (248-255 bytes: no room for its
"-journal" file) or whose path is over SQLite's 504 bytes was advised `chipscope-cli data build
--out NAME`, which refuses that very name. The message now gives the length cause and "give it a
shorter name" (or "use a folder with a shorter path") instead; a normal name keeps the advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main

pytestmark = pytest.mark.usefixtures("in_scratch")


def _err(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "unexpected" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize("command", [["run", "--out", "x.csv"], ["data", "diff"]])
def test_a_missing_250_byte_name_is_not_advised_a_build_that_refuses_it(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "f" * 250 + ".db"
    err = _err(["--db", name, *command], capsys)
    assert "data build" not in err, err
    assert (f"The database {name} does not exist, and none can be made there: its file name is "
            "too long (253 bytes; SQLite needs room for its \"-journal\" file beside it: at most "
            "247 bytes); check the path, or give it a shorter name.") in err, err
    assert list(tmp_path.iterdir()) == []  # nothing written
    # the build the old advice named refuses the same name, with the same cause
    assert main(["data", "build", "--out", name]) == 2
    assert "its file name is too long (253 bytes" in capsys.readouterr().err


def test_a_missing_path_over_sqlites_limit_advises_a_shorter_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path.joinpath(*["c" * 100] * 5, "x.db")
    err = _err(["--db", str(db), "run", "--out", "x.csv"], capsys)
    assert "data build" not in err, err
    assert "does not exist, and none can be made there: its path is too long (" in err, err
    assert ("bytes; SQLite can open paths of at most 504 bytes); check the path, or use a folder "
            "with a shorter path.") in err, err


def test_a_missing_normal_name_keeps_the_build_advice(capsys: pytest.CaptureFixture[str]) -> None:
    name = "f" * 240 + ".db"
    err = _err(["--db", name, "run", "--out", "x.csv"], capsys)
    assert err.endswith(f"The database {name} does not exist; check the path, or make one there "
                        f"with `chipscope-cli data build --out {name}`.\n"), err


def test_an_empty_250_byte_name_is_not_advised_a_build_that_refuses_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "f" * 250 + ".db"
    (tmp_path / name).write_bytes(b"")
    err = _err(["--db", name, "run", "--out", "x.csv"], capsys)
    assert "data build" not in err, err
    assert (f"{name} is an empty file, not a ChipScope database, and none can be made there: its "
            "file name is too long (253 bytes; SQLite needs room for its \"-journal\" file beside "
            "it: at most 247 bytes); name a ChipScope database, or give it a shorter name.") in err
    assert [p.name for p in tmp_path.iterdir()] == [name]  # nothing written
    assert (tmp_path / name).read_bytes() == b""


def test_an_empty_normal_name_keeps_the_build_advice(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "e.db").write_bytes(b"")
    err = _err(["--db", "e.db", "run", "--out", "x.csv"], capsys)
    assert err.endswith("e.db is an empty file, not a ChipScope database; name a ChipScope "
                        "database, or make one there with `chipscope-cli data build --out "
                        "e.db`.\n"), err
