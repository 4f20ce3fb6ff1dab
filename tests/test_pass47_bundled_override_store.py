"""Pass 47 F1 (observed): with the user's database already there, a CHIPSCOPE_BUNDLED_DB
naming a device, a folder, a missing file, a symlink loop, a FIFO or a database of schema
version -1 was ignored without a word (exit 0), while one naming no SQLite file, another
program's SQLite database or a path too long stopped every command (exit 2) with a whole
sentence nested in brackets ("(The database ... (nothing was changed)); point it ...").
Now one rule: the user's database works without the bundled file, so the command runs on it,
the file is not used (no refresh from it), and one note names the variable, the file and the
cause as a clause. Before the user's database exists, the refusal's cause is a clause too."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.storage import open_user_database

KINDS = ["device", "folder", "missing", "loop", "fifo", "schema -1", "not sqlite", "foreign",
         "long path"]
CAUSES = {"device": "which is a device, not a regular file",
          "folder": "which is a folder, not a regular file",
          "missing": "which is missing", "loop": "which is a symlink loop",
          "fifo": "which is a pipe (FIFO), not a regular file",
          "schema -1": "which has schema version -1",
          "not sqlite": "which is not a ChipScope database (it is not an SQLite file)",
          "foreign": "which is an SQLite database made by another application, not a ChipScope "
                     "database",
          "long path": "which cannot be opened: its path is too long ("}


def _long_copy(base: Path) -> Path:
    folder = base.resolve()
    while len(str(folder)) < 520:
        folder = folder / ("s" * 200)
    folder.mkdir(parents=True)
    target = folder / "x.db"
    shutil.copyfile(paths.bundled_db_path(), target)
    return target


def _bad(tmp_path: Path, kind: str) -> Path:
    """A CHIPSCOPE_BUNDLED_DB of ``kind`` (made under ``tmp_path``)."""
    target = tmp_path / "bad.db"
    if kind == "device":
        return Path("/dev/zero")
    if kind == "folder":
        target.mkdir()
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "schema -1":
        shutil.copyfile(paths.bundled_db_path(), target)
        with closing(sqlite3.connect(target)) as conn:
            conn.execute("PRAGMA user_version = -1")
    elif kind == "not sqlite":
        target.write_text("x")
    elif kind == "foreign":
        with closing(sqlite3.connect(target)) as conn, conn:
            conn.execute("CREATE TABLE t (a)")
    elif kind == "long path":
        return _long_copy(tmp_path)
    return target


def _no_nested_sentence(message: str) -> None:
    assert "))" not in message and "(nothing was changed)" not in message
    assert "(The " not in message and "cannot be used (" not in message
    assert message.count(". ") == 0 and message.endswith(".")


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_override_beside_an_existing_database_is_one_note_and_the_command_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()  # the store exists
    before = own.read_bytes()
    bad = _bad(tmp_path, kind)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 0
    err = capsys.readouterr().err
    assert (tmp_path / "out.csv").stat().st_size > 0
    notes = [line for line in err.splitlines() if "CHIPSCOPE_BUNDLED_DB" in line]
    assert len(notes) == 1, err  # one note, for every kind alike
    note = notes[0]
    assert note.startswith(f"Note: CHIPSCOPE_BUNDLED_DB points to {bad}, {CAUSES[kind]}")
    fix = "remove the link, or " if kind == "loop" else ""  # pass 58: the readers' advice
    assert note.endswith(f"; it is not used (your database {own} is); {fix}unset it or point it "
                         "to a ChipScope database.")
    _no_nested_sentence(note)
    assert "error" not in err
    assert own.read_bytes() == before


def test_a_newer_usable_override_still_refreshes_the_existing_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What the bundled file is read for beside the user's database: a newer release."""
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()
    newer = tmp_path / "newer.db"
    shutil.copyfile(paths.bundled_db_path(), newer)
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE meta SET value = '2099-01-01' WHERE key = 'date'")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(newer))
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 0
    assert "CHIPSCOPE_BUNDLED_DB" not in capsys.readouterr().err
    with closing(sqlite3.connect(own)) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'date'").fetchone() == (
            "2099-01-01",)


@pytest.mark.parametrize("kind", ["not sqlite", "foreign", "long path", "schema -1"])
def test_with_no_database_yet_the_refusal_gives_its_cause_as_a_clause(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    bad = _bad(tmp_path, kind)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["run", "--out", str(tmp_path / "out.csv")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert f"CHIPSCOPE_BUNDLED_DB points to {bad}, {CAUSES[kind]}" in lines[0]
    assert lines[0].endswith("; point it to a ChipScope database, or unset it to use the "
                             "dataset installed with ChipScope.")
    _no_nested_sentence(lines[0])
    assert not paths.user_db_path().exists()
