"""Review m36 R1: a database that cannot be loaded says why in an error that carries its cause
(the clause after the file's name) and its advice apart, and the CHIPSCOPE_BUNDLED_DB sentence
takes that cause as it is. Before, it cut the finished message back into a clause by string
surgery, which for a journal beside the file that is no regular file gave "FILE, which :
x.db-journal beside it ...". Each kind of unusable bundled file is one sentence, exit 2, the
file byte for byte as it was and no database made from it."""

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
from chipscope.storage.repository import load_dataset
from chipscope.storage.schema import SCHEMA_VERSION, StorageError
from tests.without_dac import cli_without_dac, skip_unless_permission_bits_apply

ADVICE = ("point it to a ChipScope database, or unset it to use the dataset installed with "
          "ChipScope")

CAUSES = {
    "not sqlite": "which is not a ChipScope database (it is not an SQLite file)",
    "empty": "which is an empty file, not a ChipScope database",
    "folder": "which is a folder, not a regular file",
    "damaged": "which is damaged (file is not a database)",
    "newer": f"which was made by a newer ChipScope (schema version 99; this version reads up "
             f"to {SCHEMA_VERSION})",
    "journal folder": "which cannot be read: bad.db-journal beside it is not a regular file "
                      "(SQLite would open it as the database's journal)",
}


def _bad(tmp_path: Path, kind: str) -> Path:
    """An unusable bundled file of ``kind`` (made under ``tmp_path``)."""
    target = tmp_path / "bad.db"
    if kind == "not sqlite":
        target.write_text("not a database\n")
    elif kind == "empty":
        target.write_bytes(b"")
    elif kind == "folder":
        target.mkdir()
    elif kind == "damaged":  # an SQLite header, then no page SQLite can read
        target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    elif kind in ("newer", "journal folder", "unreadable"):
        shutil.copyfile(paths.bundled_db_path(), target)
        if kind == "newer":
            with closing(sqlite3.connect(target)) as conn:
                conn.execute("PRAGMA user_version = 99")
        elif kind == "journal folder":
            (tmp_path / "bad.db-journal").mkdir()
        else:
            target.chmod(0)
    return target


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() and os.access(path, os.R_OK) else None


@pytest.mark.parametrize("kind", list(CAUSES))
def test_each_unusable_bundled_file_is_one_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        kind: str) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    bad = _bad(tmp_path, kind)
    before = _bytes(bad)
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["assumptions"]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == "" and len(lines) == 1, err
    db = home / paths.DB_FILENAME
    outcome = "" if kind == "folder" else f"Cannot create your database {db}: "  # no file
    advice = ADVICE if kind != "journal folder" else (  # beside a database: pass 64 F5
        f"move it away, or {ADVICE.split(', or ', 1)[1]}")
    assert lines[0].split("error: ", 1)[1] == (
        f"{outcome}CHIPSCOPE_BUNDLED_DB points to {bad}, {CAUSES[kind]}; {advice}.")
    assert not db.exists()
    assert _bytes(bad) == before


def test_a_bundled_file_beside_an_odd_journal_is_noted_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Beside the user's database, the same cause in the note (it was "which : bad.db-...")."""
    monkeypatch.delenv("CHIPSCOPE_BUNDLED_DB", raising=False)
    _dataset, own = open_user_database()
    bad = _bad(tmp_path, "journal folder")
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    assert main(["assumptions"]) == 0
    notes = [ln for ln in capsys.readouterr().err.splitlines() if "CHIPSCOPE_BUNDLED_DB" in ln]
    assert notes == [f"Note: CHIPSCOPE_BUNDLED_DB points to {bad}, {CAUSES['journal folder']}; "
                     f"it is not used (your database {own} is); move it away, or unset it or "
                     "point it to a ChipScope database."]  # session 40: the reader's advice kept


def test_an_unreadable_bundled_file_is_one_sentence(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    skip_unless_permission_bits_apply(tmp_path)
    bad = _bad(tmp_path, "unreadable")
    bad.chmod(0o644)
    before = bad.read_bytes()
    bad.chmod(0)
    home = tmp_path / "home"
    monkeypatch.setenv("CHIPSCOPE_HOME", str(home))
    monkeypatch.setenv("CHIPSCOPE_BUNDLED_DB", str(bad))
    done = cli_without_dac("assumptions", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    db = home / paths.DB_FILENAME
    assert lines[0].split("error: ", 1)[1] == (  # its own read bit, in every reader's words
        f"CHIPSCOPE_BUNDLED_DB points to {bad}, but it is not "
        f"readable for you (permission denied); make it readable (chmod u+r), or {ADVICE}.")
    assert not db.exists()
    bad.chmod(0o644)
    assert bad.read_bytes() == before


LOAD_ERRORS = {  # kind: (cause, advice, how the message joins them)
    "not sqlite": ("is not a ChipScope database (it is not an SQLite file)", None, "{p} {c}."),
    "damaged": ("is damaged (file is not a database)", "rebuild it or restore a copy",
                "The database {p} {c}; {a}."),
    "newer": (f"was made by a newer ChipScope (schema version 99; this version reads up to "
              f"{SCHEMA_VERSION})", "update ChipScope to open it", "The database {p} {c}: {a}."),
    "journal folder": ("cannot be read: bad.db-journal beside it is not a regular file (SQLite "
                       "would open it as the database's journal)", "move it away",
                       "Cannot read the database {p}: bad.db-journal beside it is not a regular "
                       "file (SQLite would open it as the database's journal); {a}."),
}


@pytest.mark.parametrize("kind", list(LOAD_ERRORS))
def test_a_load_error_carries_its_cause_and_advice_apart(tmp_path: Path, kind: str) -> None:
    cause, advice, shape = LOAD_ERRORS[kind]
    bad = _bad(tmp_path, kind)
    with pytest.raises(StorageError) as caught:
        load_dataset(bad)
    assert caught.value.cause == cause
    assert caught.value.advice == advice
    assert str(caught.value) == shape.format(p=bad, c=cause, a=advice)  # the message as before


def test_an_error_without_a_cause_is_a_generic_clause() -> None:
    from chipscope.storage.bundled_check import UNUSABLE, as_clause

    assert as_clause(StorageError("Something went wrong with /x.db; do this.")) == UNUSABLE
    assert as_clause(OSError(5, "Input/output error")) == UNUSABLE
    assert as_clause(StorageError("m", "is odd (a)", "fix it")) == "which is odd (a)"
