"""P59-F1: a reader given a file under a missing folder said "the folder gone does not exist;
make it or choose another folder" (the writers' words: an empty new folder holds no file); the
readers say again that there is no such file, and a missing --db keeps the data build advice.

P59-F8: CHIPSCOPE_HOME below a symlink loop got the raw "Too many levels of symbolic links";
the loop on its way is named with the advice every reader and writer gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope import paths
from chipscope.__main__ import main
from chipscope.paths import MissingResourceError

Capture = pytest.CaptureFixture[str]


def _error(capsys: Capture, argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "make it" not in err, err
    return err.split("error: ", 1)[1]


@pytest.mark.parametrize(("what", "name", "argv"), [
    ("scenario file", "s.toml", ["run", "--db", "{db}", "--scenario", "{path}", "--out", "{out}"]),
    ("sweep spec", "s.toml", ["sweep", "{path}", "--db", "{db}", "--out", "{out}"]),
    ("edits file", "e.csv", ["data", "import-edits", "{path}", "--db", "{db}"]),
])
def test_a_reader_says_there_is_no_such_file(synthetic_db: Path, tmp_path: Path,
                                             capsys: Capture, what: str, name: str,
                                             argv: list[str]) -> None:
    path, out = tmp_path / "gone" / name, tmp_path / "x.csv"
    before = synthetic_db.read_bytes()
    err = _error(capsys, [a.format(db=synthetic_db, path=path, out=out) for a in argv])
    assert err == f"Cannot read the {what} {path}: there is no such file.", err
    assert synthetic_db.read_bytes() == before and not out.exists()
    assert not (tmp_path / "gone").exists()


def test_a_missing_database_in_a_missing_folder_gets_the_build_advice(
        tmp_path: Path, capsys: Capture) -> None:
    db = tmp_path / "gone" / "x.db"
    err = _error(capsys, ["--db", str(db), "run", "--out", str(tmp_path / "x.csv")])
    assert err == (f"The database {db} does not exist; check the path, or make one there with "
                   f"`chipscope-cli data build --out {db}`."), err
    assert list(tmp_path.iterdir()) == []


def test_a_data_folder_in_a_missing_folder_does_not_exist(tmp_path: Path,
                                                          capsys: Capture) -> None:
    folder = tmp_path / "gone" / "x"
    err = _error(capsys, ["data", "check", "--csv-dir", str(folder)])
    assert err == f"{folder}: does not exist (give the folder that holds the data CSVs)", err


def test_the_bundled_override_in_a_missing_folder_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = tmp_path / "gone" / "x.db"
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(override))
    with pytest.raises(MissingResourceError) as raised:
        paths.bundled_db_path()
    assert str(raised.value) == (f"CHIPSCOPE_BUNDLED_DB points to {override}, which is "
                                 f"missing; {paths.BUNDLED_OVERRIDE_ADVICE}.")


def test_a_home_below_a_symlink_loop_names_the_loop(tmp_path: Path, capsys: Capture,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop.name)
    home = loop / "h"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    err = _error(capsys, ["run", "--out", str(tmp_path / "x.csv")])
    assert err == (f"Cannot use the data folder {home}: {loop} is a symlink loop; remove the "
                   "link or choose another folder (see CHIPSCOPE_HOME)."), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop"]
