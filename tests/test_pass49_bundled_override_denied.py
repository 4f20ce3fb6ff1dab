"""Pass 49 N2: a CHIPSCOPE_BUNDLED_DB below a folder that cannot be entered, or naming a file
this user may not read (mode 000), is named in every reader's words (pass 49 F1, N1): "but
the folder D cannot be entered (permission denied); make that folder accessible (chmod u+x),
or point it to ...", "but it is not readable for you (permission denied); make it readable
(chmod u+r), or ...", not "which is unreadable (Permission denied)" or "which cannot be read
(Permission denied)". Before the user's database exists it is refused (exit 2); once it
exists the command runs on it and the note says so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from tests.storage.test_pass49_unreadable_reader_file import refused  # noqa: F401 (fixture)
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

ADVICE = "point it to a ChipScope database, or unset it to use the dataset installed with " \
         "ChipScope."
NOTE_ADVICE = "unset it or point it to a ChipScope database."


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/D/sub/b.db (a copy of the dataset) named by CHIPSCOPE_BUNDLED_DB as D/sub/b.db, and
    an empty CHIPSCOPE_HOME tmp/home."""
    (tmp_path / "D" / "sub").mkdir(parents=True)
    shutil.copyfile(paths.bundled_db_path(), tmp_path / "D" / "sub" / "b.db")
    monkeypatch.setenv("CHIPSCOPE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", "D/sub/b.db")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _causes(tree: Path) -> dict[str, tuple[str, str]]:
    """What is made unreadable -> the clause after the file's name, and its fix."""
    return {"folder": (f"but the folder {tree / 'D'} cannot be entered (permission denied)",
                       "make that folder accessible (chmod u+x)"),
            "file": ("but it is not readable for you (permission denied)",
                     "make it readable (chmod u+r)")}


def _shut(tree: Path, what: str) -> Path:
    shut = tree / "D" if what == "folder" else tree / "D" / "sub" / "b.db"
    shut.chmod(0)
    return shut


def test_the_file_s_own_permission_in_process(tree: Path, refused: list[Path]) -> None:  # noqa: F811
    db = tree / "D" / "sub" / "b.db"
    db.chmod(0)
    refused.append(db)
    clause, fix = _causes(tree)["file"]
    assert paths.override_cause(Path("D/sub/b.db")) == (clause, fix)
    with pytest.raises(paths.MissingResourceError) as caught:
        paths.bundled_db_path()
    assert str(caught.value) == f"CHIPSCOPE_BUNDLED_DB points to D/sub/b.db, {clause}; {fix}, " \
                                f"or {ADVICE}"


@pytest.mark.parametrize("what", ["folder", "file"])
def test_refused_before_the_users_database_exists(tree: Path, what: str) -> None:
    skip_unless_permission_bits_apply(tree)
    before = (tree / "D" / "sub" / "b.db").read_bytes()
    shut = _shut(tree, what)
    try:
        done = cli_without_dac("run", "--out", "out.csv", cwd=tree)
    finally:
        shut.chmod(0o755)
    clause, fix = _causes(tree)[what]
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"python -m chipscope: error: CHIPSCOPE_BUNDLED_DB points to D/sub/b.db, {clause}; "
        f"{fix}, or {ADVICE}"], done.stderr
    assert (tree / "D" / "sub" / "b.db").read_bytes() == before
    assert not (tree / "out.csv").exists() and not (tree / "home" / "chipscope.db").exists()


@pytest.mark.parametrize("what", ["folder", "file"])
def test_noted_once_the_users_database_exists(tree: Path, what: str) -> None:
    skip_unless_permission_bits_apply(tree)
    (tree / "home").mkdir()
    db = tree / "home" / "chipscope.db"
    shutil.copyfile(tree / "D" / "sub" / "b.db", db)
    before = (tree / "D" / "sub" / "b.db").read_bytes()
    shut = _shut(tree, what)
    try:
        done = cli_without_dac("run", "--out", "out.csv", cwd=tree)
    finally:
        shut.chmod(0o755)
    clause, fix = _causes(tree)[what]
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"Note: CHIPSCOPE_BUNDLED_DB points to D/sub/b.db, {clause}; it is not used (your "
        f"database {db} is); {fix}, or {NOTE_ADVICE}"], done.stderr
    assert (tree / "D" / "sub" / "b.db").read_bytes() == before
    assert (tree / "out.csv").exists()


def test_a_companion_refused_is_a_clause(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reader's "Cannot read the database F: CAUSE" (here a FIFO as its write-ahead log)
    reads "which cannot be read: CAUSE", not "which : CAUSE"."""
    os.mkfifo(tree / "D" / "sub" / "b.db-wal")
    assert main(["run", "--out", "out.csv"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].endswith(
        f": error: Cannot create your database {tree / 'home' / 'chipscope.db'}"
        ": CHIPSCOPE_BUNDLED_DB points to D/sub/b.db, which cannot be read: b.db-wal beside it "
        "is not a regular file (SQLite would open it as the database's write-ahead log); "
        "move it away, or unset it to use the dataset installed with ChipScope."), error
    # the cause is beside a ChipScope database: --db's advice is kept (pass 64 F5)
