"""Pass 49 F1: a reader (a scenario file, a database, an edits file) below a folder that cannot
be entered names that folder in the writers' words ("its folder D cannot be entered
(permission denied); make that folder accessible (chmod u+x) or choose another one"), never
the bare "(Permission denied)"; the CLI exits 2 and every file stays as it was."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.storage import load_dataset
from chipscope.storage.edit_files import read_edits_csv
from chipscope.storage.files import FileRefused
from chipscope.storage.scenario_files import read_scenario_file

SETPRIV = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
           "--inh-caps=-dac_override,-dac_read_search"]
"""Runs a command without the capabilities that let root ignore permission bits."""

ADVICE = "cannot be entered (permission denied); make that folder accessible (chmod u+x) or " \
         "choose another one."


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/D/sub holding a scenario file s.toml, a database x.db and an edits file e.csv."""
    sub = tmp_path / "D" / "sub"
    sub.mkdir(parents=True)
    (sub / "s.toml").write_text('name = "s"\n', encoding="utf-8")
    shutil.copyfile(paths.bundled_db_path(), sub / "x.db")
    (sub / "e.csv").write_text("table,key,column,value\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Folders that cannot be entered, as the system refuses them (no search bit, a user
    without CAP_DAC_OVERRIDE): looking up any name in them, or below them, is denied."""
    folders: list[Path] = []
    real_lstat, real_stat = os.lstat, os.stat

    def check(path: object) -> None:
        if isinstance(path, (str, os.PathLike)):
            p = Path(os.path.abspath(os.fspath(path)))
            if any(p.parent == f or f in p.parents for f in folders):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        check(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "stat", stat)
    yield folders


def _read(kind: str, path: Path) -> None:
    if kind == "scenario file":
        read_scenario_file(path, None)  # type: ignore[arg-type]  # refused before the specs
    elif kind == "database":
        load_dataset(path)
    else:
        read_edits_csv(path, {}, [])


READERS = [("scenario file", "s.toml"), ("database", "x.db"), ("edits file", "e.csv")]


@pytest.mark.parametrize(("kind", "name"), READERS)
def test_a_folder_above_that_cannot_be_entered_is_named(tree: Path, denied: list[Path],
                                                        kind: str, name: str) -> None:
    path = tree / "D" / "sub" / name
    denied.append(tree / "D")
    with pytest.raises(FileRefused) as caught:
        _read(kind, path)
    assert str(caught.value) == f"Cannot read the {kind} {path}: the folder {tree / 'D'} {ADVICE}"


@pytest.mark.parametrize(("kind", "name"), READERS)
def test_its_own_folder_that_cannot_be_entered_is_named(tree: Path, denied: list[Path],
                                                        kind: str, name: str) -> None:
    path = tree / "D" / "sub" / name
    denied.append(tree / "D" / "sub")
    with pytest.raises(FileRefused) as caught:
        _read(kind, path)
    assert str(caught.value) == (f"Cannot read the {kind} {path}: its folder "
                                 f"{tree / 'D' / 'sub'} {ADVICE}")


def _permission_bits_apply(folder: Path) -> bool:
    """Whether setpriv runs here and, under it, a folder of mode 000 cannot be entered."""
    if shutil.which("setpriv") is None:
        return False
    probe = folder / "probe"
    probe.mkdir()
    (probe / "f").write_text("x")
    probe.chmod(0)
    try:
        done = subprocess.run([*SETPRIV, sys.executable, "-c",
                               f"import os; os.lstat({str(probe / 'f')!r})"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.chmod(0o700)
    return done.returncode != 0 and "PermissionError" in done.stderr


COMMANDS = {  # the command, and the file its message names (the kind, the name as given)
    "run --scenario": (["run", "--scenario", "D/sub/s.toml", "--out", "out.csv"],
                       "scenario file", "D/sub/s.toml"),
    "run --db": (["run", "--db", "D/sub/x.db", "--out", "out.csv"], "database", "D/sub/x.db"),
    "import-edits": (["data", "import-edits", "D/sub/e.csv"], "edits file", "D/sub/e.csv"),
    "import-edits --db": (["data", "import-edits", "--db", "D/sub/x.db", "D/sub/e.csv"],
                          "database", "D/sub/x.db"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_cli_under_permission_bits(tree: Path, command: str) -> None:
    if not _permission_bits_apply(tree):
        pytest.skip("setpriv cannot drop CAP_DAC_OVERRIDE here (permission bits do not apply)")
    args, what, name = COMMANDS[command]
    folder = tree / "D"
    before = {p: p.read_bytes() for p in (folder / "sub").iterdir()}
    folder.chmod(0)
    try:
        done = subprocess.run(
            [*SETPRIV, sys.executable, "-m", "chipscope.cli", *args],
            capture_output=True, text=True, timeout=300, cwd=tree,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].endswith(f": error: Cannot read the {what} {name}: the folder {folder} "
                             f"{ADVICE}")
    assert {p: p.read_bytes() for p in (folder / "sub").iterdir()} == before
    assert sorted(p.name for p in tree.iterdir()) == ["D", "probe"]  # no out.csv
