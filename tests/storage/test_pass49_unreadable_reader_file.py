"""Pass 49 N1: a file a reader cannot open for its own permission bits (mode 000, for a user
without CAP_DAC_OVERRIDE) is named in the same form as a folder that cannot be entered (F1):
"Cannot read the scenario file F: it is not readable for you (permission denied); make it
readable (chmod u+r) or choose another one.", never the bare "(Permission denied)"; a file
another user keeps to themselves "does not let this user read it". The same for a scenario
file, a database (and its write-ahead log), an edits file and a data folder's CSV; the CLI
exits 2 and every file stays as it was."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.storage import load_dataset
from chipscope.storage.csv_source import read_csv_dir
from chipscope.storage.edit_files import read_edits_csv
from chipscope.storage.files import FileRefused
from chipscope.storage.scenario_files import read_scenario_file
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

OWN = "it is not readable for you (permission denied); make it readable (chmod u+r) or " \
      "choose another one."
OTHERS = "it does not let this user read it (permission denied); make it readable for this " \
         "user or choose another one."
CSV_DIR = ", or give --csv-dir another folder."
"""A data file's fixed name in --csv-dir: that way out instead of "or choose another one" (pass
61 F2, m87; the calibration targets there too, pass 62 F3)."""
OWN_CSV = OWN.replace(" or choose another one.", CSV_DIR)
OTHERS_CSV = OTHERS.replace(" or choose another one.", CSV_DIR)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/D holding a scenario file s.toml, a database x.db, an edits file e.csv and the data
    CSVs in C."""
    folder = tmp_path / "D"
    folder.mkdir()
    (folder / "s.toml").write_text('name = "s"\n', encoding="utf-8")
    shutil.copyfile(paths.bundled_db_path(), folder / "x.db")
    (folder / "e.csv").write_text("table,key,column,value\n", encoding="utf-8")
    shutil.copytree(paths.data_source_dir(), folder / "C",
                    ignore=shutil.ignore_patterns("chipscope.db*", "derive"))
    return tmp_path


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Files the system will not open for this user (as it refuses a file without the read
    bit to a user without CAP_DAC_OVERRIDE, or another user's private file): opening one is
    denied; looking at it is not."""
    files: list[Path] = []
    real_open = os.open

    def open_(path: object, *args: object, **kwargs: object) -> int:
        if isinstance(path, (str, os.PathLike)) and Path(os.path.realpath(path)) in files:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type, call-overload]

    monkeypatch.setattr(os, "open", open_)
    yield files
    for f in files:
        f.chmod(0o644)


def _read(kind: str, path: Path) -> None:
    if kind == "scenario file":
        read_scenario_file(path, None)  # type: ignore[arg-type]  # refused before the specs
    elif kind == "database":
        load_dataset(path)
    elif kind == "edits file":
        read_edits_csv(path, {}, [])
    else:
        problems = read_csv_dir(path.parent).problems
        raise FileRefused(problems[0])


READERS = [("scenario file", "s.toml"), ("database", "x.db"), ("edits file", "e.csv"),
           ("data file", "C/chips.csv")]


@pytest.mark.parametrize(("kind", "name"), READERS)
def test_a_file_without_its_read_bit_is_named(tree: Path, refused: list[Path], kind: str,
                                              name: str) -> None:
    path = tree / "D" / name
    before = path.read_bytes()
    path.chmod(0)
    refused.append(path)
    with pytest.raises(FileRefused) as caught:
        _read(kind, path)
    own = OWN_CSV if kind == "data file" else OWN
    assert str(caught.value) == f"Cannot read the {kind} {path}: {own}"
    path.chmod(0o644)
    assert path.read_bytes() == before


@pytest.mark.parametrize(("kind", "name"), READERS)
def test_another_users_private_file_is_named(tree: Path, refused: list[Path], kind: str,
                                             name: str) -> None:
    """Its owner may read it (mode 600), this user may not: "chmod u+r" would not help."""
    path = tree / "D" / name
    path.chmod(0o600)
    refused.append(path)
    with pytest.raises(FileRefused) as caught:
        _read(kind, path)
    others = OTHERS_CSV if kind == "data file" else OTHERS
    assert str(caught.value) == f"Cannot read the {kind} {path}: {others}"


COMMANDS = {  # the command, the file made unreadable, and the message's start
    "run --scenario": (["run", "--scenario", "D/s.toml", "--out", "out.csv"], "D/s.toml",
                       "Cannot read the scenario file D/s.toml"),
    "run --db": (["run", "--db", "D/x.db", "--out", "out.csv"], "D/x.db",
                 "Cannot read the database D/x.db"),
    "import-edits": (["data", "import-edits", "D/e.csv"], "D/e.csv",
                     "Cannot read the edits file D/e.csv"),
    "import-edits --db": (["data", "import-edits", "--db", "D/x.db", "D/e.csv"], "D/x.db",
                          "Cannot read the database D/x.db"),
    "data check": (["data", "check", "--csv-dir", "D/C"], "D/C/chips.csv",
                   "Cannot read the data file D/C/chips.csv"),
    "data build": (["data", "build", "--csv-dir", "D/C", "--out", "out.db"], "D/C/deals.csv",
                   "Cannot read the data file D/C/deals.csv"),
    "calibration targets": (["data", "check", "--csv-dir", "D/C"],
                            "D/C/calibration_targets.csv",
                            "Cannot read the calibration targets file "
                            "D/C/calibration_targets.csv"),
}


def _snapshot(folder: Path) -> dict[Path, bytes]:
    for p in folder.rglob("*"):
        p.chmod(p.stat().st_mode | stat.S_IRUSR)
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_cli_under_permission_bits(tree: Path, command: str) -> None:
    skip_unless_permission_bits_apply(tree)
    args, name, start = COMMANDS[command]
    before = _snapshot(tree / "D")
    (tree / name).chmod(0)
    try:
        done = cli_without_dac(*args, cwd=tree)
    finally:
        (tree / name).chmod(0o644)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    own = OWN_CSV if "--csv-dir" in args else OWN
    if command == "import-edits --db":  # a writer: read and write asked at once (pass 64 F9)
        assert lines[-1].endswith(": error: The database D/x.db is neither readable nor "
                                  "writable for you (permission denied); make it readable and "
                                  "writable (chmod u+rw) or work on a copy."), done.stderr
    else:
        assert lines[-1].endswith(f": error: {start}: {own}"), done.stderr
    assert "Permission denied" not in done.stderr
    assert _snapshot(tree / "D") == before
    assert sorted(p.name for p in tree.iterdir()) == ["D", "probe"]  # no out.csv, no out.db


def test_an_unreadable_write_ahead_log_is_named(tree: Path) -> None:
    """A database beside a write-ahead log it cannot read: that log is named, not "The database
    F cannot be read (Permission denied)."."""
    skip_unless_permission_bits_apply(tree)
    wal = tree / "D" / "x.db-wal"
    wal.write_bytes(b"")
    before = _snapshot(tree / "D")
    wal.chmod(0)
    try:
        done = cli_without_dac("run", "--db", "D/x.db", "--out", "out.csv", cwd=tree)
    finally:
        wal.chmod(0o644)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(
        f": error: Cannot read the database D/x.db: its write-ahead log {wal} is not readable "
        "for you (permission denied); make it readable (chmod u+r)."), done.stderr
    assert _snapshot(tree / "D") == before
