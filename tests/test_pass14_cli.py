"""Pass 14 (CLI): regression tests (/work/pass14-cli.md)."""

from __future__ import annotations

import os
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
