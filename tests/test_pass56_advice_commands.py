"""Pass 56 F1 and F2: a command printed as advice must run as printed when pasted into a shell:
an id or table of any length, one holding a control character (shown escaped, never raw), and
a database path starting with "-" (the damaged-edit advice and the empty-database advice)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from chipscope import paths
from chipscope.cli import main
from chipscope.model.shell_words import shell_command, shell_word
from chipscope.storage.user_edits import stored_slots
from tests.edits_csv import NEWLAB


def _made(db: Path) -> Path:
    shutil.copyfile(paths.bundled_db_path(), db)
    path = db.parent / "in.csv"
    path.write_text(NEWLAB, encoding="utf-8")
    assert main(["data", "import-edits", str(path), "--db", str(db)]) == 0
    return db


def _damage(db: Path, sql: str, *args: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(sql, args)
    conn.close()


def _as_bash_runs(command: str) -> list[str]:
    """The words bash gives the program of ``command`` (its $'...' quoting too)."""
    program, _, rest = command.partition(" ")
    assert program in ("chipscope-cli", "chipscope")
    done = subprocess.run(["bash", "-c", f"printf '%s\\0' {rest}"], capture_output=True,
                          check=True)
    return [w.decode("utf-8", "surrogateescape") for w in done.stdout.split(b"\0")[:-1]]


def _no_raw_controls(text: str) -> None:
    assert all(c.isprintable() or c == "\n" for c in text), repr(text)


def _drop_advice(db: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["data", "diff", f"--db={db}"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    _no_raw_controls(err)
    told = err[err.index("To drop this damaged edit: ") + 27:].strip()
    assert "characters)" not in told and "\u2026" not in told
    words = _as_bash_runs(told)
    assert words[:2] == ["data", "drop-edit"]
    return words


@pytest.mark.parametrize(("sql", "args", "slot"), [
    ("UPDATE user_edits SET fields_json = '{', row_key = ? WHERE table_name = 'access'",
     ("x" * 70,), ("access", "x" * 70)),
    ("UPDATE user_edits SET table_name = ? WHERE table_name = 'access'",
     ("t" * 61,), ("t" * 61, "newlab.nvidia")),
    ("UPDATE user_edits SET fields_json = '{', row_key = ? WHERE table_name = 'access'",
     ("a\tb",), ("access", "a\tb")),
    ("UPDATE user_edits SET fields_json = '{', row_key = ? WHERE table_name = 'access'",
     ("-a\x1b[31mb'c\n",), ("access", "-a\x1b[31mb'c\n")),
])
def test_the_advised_command_drops_a_long_or_odd_row(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, args: tuple[str],
        slot: tuple[str, str]) -> None:
    db = _made(tmp_path / "mine.db")
    _damage(db, sql, *args)
    assert slot in stored_slots(db)
    assert main(_drop_advice(str(db), capsys)) == 0
    assert "Dropped your damaged edit of" in capsys.readouterr().out
    assert stored_slots(db) == {("adopters", "newlab")}


def test_a_database_path_starting_with_a_dash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    db = _made(tmp_path / "-t.db")
    _damage(db, "UPDATE user_edits SET fields_json = '{' WHERE table_name = 'access'")
    advised = _drop_advice("-t.db", capsys)
    assert "--db=-t.db" in advised
    assert main(advised) == 0
    assert stored_slots(db) == {("adopters", "newlab")}


def test_the_empty_database_advice_builds_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-e.db").write_bytes(b"")
    assert main(["data", "diff", "--db=-e.db"]) == 2
    err = capsys.readouterr().err
    assert "-e.db is an empty file, not a ChipScope database" in err
    told = err[err.index("`") + 1:err.rindex("`")]
    assert told == "chipscope-cli data build --out=-e.db"
    assert main(_as_bash_runs(told)) == 0
    assert (tmp_path / "-e.db").read_bytes().startswith(b"SQLite format 3\0")


@pytest.mark.parametrize("value", ["plain", "a b", "it's", "a\tb", "\x1b[2J", "\u202egnp.exe",
                                   "x" * 300, "caf\u00e9", "bad\udcffbyte", "-x", "$HOME", ""])
def test_a_shell_word_is_the_value_as_bash_reads_it(value: str) -> None:
    command = shell_command("chipscope-cli data drop-edit", ["deals", value], [("--db", "-t")])
    assert command.isprintable()
    words = _as_bash_runs(command)
    assert words[:2] == ["data", "drop-edit"]
    assert "--db=-t" in words
    assert [w for w in words if w not in ("--", "--db=-t")] == ["data", "drop-edit", "deals",
                                                               value]
    assert shell_word(value).isprintable()
