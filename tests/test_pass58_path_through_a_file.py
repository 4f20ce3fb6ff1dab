"""P57-F5: a path through a file (``base.db/s.toml`` where base.db is a file: the system's
"Not a directory") was refused with the raw "(Not a directory)" by every reader and "does not
exist" by ``--csv-dir``; each now names the part that is a file, in the words
:func:`~chipscope.storage.file_causes.folder_cause` gives folders, with advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def blocker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file of the user's (``base.db``), given as if it were a folder; the test works in
    ``tmp_path``, so the paths are relative as a user types them."""
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    path = Path("base.db")
    path.write_bytes(b"the user's file\n")
    return path


def _refused(argv: list[str], capsys: Capture, ending: str, blocker: Path) -> None:
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"error: {ending}"), err
    assert len(err.splitlines()) == 1 and "Not a directory" not in err
    assert blocker.read_bytes() == b"the user's file\n"
    assert not Path("x.csv").exists() and not Path("y.db").exists()


@pytest.mark.parametrize(("argv", "what"), [
    (["run", "--scenario", "base.db/s.toml", "--out", "x.csv"], "scenario file base.db/s.toml"),
    (["data", "import-edits", "base.db/x.csv"], "edits file base.db/x.csv"),
    (["--db", "base.db/x.db", "run", "--out", "x.csv"], "database base.db/x.db"),
    (["run", "--scenario", "base.db/a/b/s.toml", "--out", "x.csv"],
     "scenario file base.db/a/b/s.toml"),
])
def test_each_reader_names_the_file_on_the_way(blocker: Path, capsys: Capture,
                                               argv: list[str], what: str) -> None:
    _refused(argv, capsys, f"Cannot read the {what}: base.db is a file, not a folder; check "
             "the path.", blocker)


@pytest.mark.parametrize("command", ["check", "build"])
def test_csv_dir_names_the_file_on_the_way(blocker: Path, capsys: Capture,
                                           command: str) -> None:
    argv = ["data", command, "--csv-dir", "base.db/x"]
    _refused(argv + (["--out", "y.db"] if command == "build" else []), capsys,
             "base.db/x: base.db is a file, not a folder; check the path", blocker)


def test_a_link_to_a_file_on_the_way_is_named_so(blocker: Path, capsys: Capture) -> None:
    Path("data").symlink_to("base.db")
    _refused(["data", "import-edits", "data/x.csv"], capsys,
             "Cannot read the edits file data/x.csv: data links to a file, not a folder; check "
             "the path.", blocker)
