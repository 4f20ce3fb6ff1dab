"""Pass 14 (CLI): regression tests (/work/pass14-cli.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.__main__ import main

Capture = pytest.CaptureFixture[str]


# --- D2: "-" where no stream is taken -----------------------------------------------------------
@pytest.mark.parametrize("argv", [["data", "build", "--out", "-"],
                                  ["calibrate", "--write", "--fitted", "-"]])
def test_a_dash_is_refused_where_no_stream_is_written(
        argv: list[str], tmp_path: Path, capsys: Capture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``data build --out -`` built a database named "-" (and calibrate, after a minute of
    fitting, a module named "-") where the user meant standard output."""
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "- (standard input or output) is not taken here; give a file name" in err
    assert not (tmp_path / "-").exists()


# --- E1: a path from the command line reached the terminal raw ----------------------------------
def test_an_error_spells_out_control_characters_of_a_typed_path(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """An ESC sequence in a typed name coloured the terminal, U+202E turned the line around."""
    missing = tmp_path / "x\x1b[31mred\u202e.db"
    assert main(["run", "--db", str(missing), "--out", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "x\\x1b[31mred\\u202e.db" in err


def test_a_success_line_spells_out_control_characters(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "r\u202e.csv"
    assert main(["run", "--db", str(synthetic_db), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert out.exists() and "\u202e" not in said and "r\\u202e.csv" in said
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".cs-")]


# --- pass 15 (/work/pass15-cli.md) ---------------------------------------------------------------
def _cli(args: list[str], cwd: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHIPSCOPE_HOME": str(cwd / "home"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "chipscope", *args], cwd=cwd, env=env,
                          text=True, capture_output="stdout" not in kw, timeout=120,
                          check=False, **kw)  # type: ignore[call-overload]


def test_standard_output_appended_to_an_input_is_refused(
        synthetic_db: Path, tmp_path: Path) -> None:
    """A1: ``run --db x.db --out - >> x.db`` appended 82 kB of CSV to the database, exit 0."""
    before = synthetic_db.read_bytes()
    with open(synthetic_db, "ab") as out:
        done = _cli(["run", "--db", str(synthetic_db), "--out", "-"], tmp_path, stdout=out,
                    stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert (f"standard output is {synthetic_db}, a file this command reads, which the output "
            "would change; send the output to another file") in done.stderr
    assert synthetic_db.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_command_that_changes_a_database_does_not_wait_on_a_fifo(tmp_path: Path) -> None:
    """B2: ``data drop-edit --db ff.db`` with ff.db a FIFO waited for ever (the watch of the
    database it changes opened it before any check)."""
    fifo = tmp_path / "ff.db"
    os.mkfifo(fifo)
    done = _cli(["data", "drop-edit", "--db", str(fifo), "deals", "x"], tmp_path)
    assert done.returncode == 2
    assert f"Cannot read the database {fifo}: it is a pipe (FIFO)" in done.stderr


def test_the_rest_of_the_typed_words_are_shown_not_obeyed(
        synthetic_db: Path, tmp_path: Path, capsys: Capture) -> None:
    """E1 (pass 15): a line feed in a path split the error; argparse's "unrecognized
    arguments" and data check's success line printed ESC sequences raw."""
    out = tmp_path / "no\ndir" / "x.csv"
    assert main(["run", "--db", str(synthetic_db), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no\\ndir" in err
    assert main(["run", "--db", str(synthetic_db), "--out", "-", "\x1b[31mzz"]) == 2
    assert "unrecognized arguments: \\x1b[31mzz" in capsys.readouterr().err
    assert main(["run", "--db", str(synthetic_db), "--out", "-", "a\nchipscope: error: b"]) == 2
    assert "unrecognized arguments: a\\nchipscope: error: b" in capsys.readouterr().err
    link = tmp_path / "e\x1b[31mred.db"
    link.symlink_to(synthetic_db)
    assert main(["data", "check", "--db", str(link)]) == 0
    said = capsys.readouterr().out
    assert "\x1b" not in said and "e\\x1b[31mred.db: no problems found." in said


# --- pass 16 (/work/pass16-cli.md) ---------------------------------------------------------------
def test_standard_error_appended_to_an_input_is_refused(
        synthetic_db: Path, tmp_path: Path) -> None:
    """A2: ``2>> x.db`` appended the summary (or even the refusal) to the database, exit 0."""
    before = synthetic_db.read_bytes()
    with open(synthetic_db, "ab") as err:
        done = _cli(["run", "--db", str(synthetic_db), "--out", "-"], tmp_path,
                    stdout=subprocess.PIPE, stderr=err)
    assert done.returncode == 2
    assert (f"standard error is {synthetic_db}, a file this command reads, which the messages "
            "would change; send the messages to another file") in done.stdout
    assert synthetic_db.read_bytes() == before


def test_standard_output_onto_a_csv_folders_table_is_refused(
        synthetic_db: Path, tmp_path: Path) -> None:
    """A1 (pass 16): ``data check --csv-dir d >> d/chips.csv`` appended to the table."""
    table = sorted((synthetic_db.parent / "csv").glob("*.csv"))[0]
    before = table.read_bytes()
    with open(table, "ab") as out:
        done = _cli(["data", "check", "--csv-dir", str(table.parent)], tmp_path, stdout=out,
                    stderr=subprocess.PIPE)
    assert done.returncode == 2 and f"standard output is {table}" in done.stderr
    assert table.read_bytes() == before
