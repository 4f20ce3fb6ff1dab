"""P60-F1: a scenario name holding `,"` opened a quoted cell in the "# scenario: ..." line
that never closed, so csv.reader (and spreadsheets) read the rest of the file as one cell.
Every metadata line must be one self-contained CSV record, whatever the name holds."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from chipscope.__main__ import main
from chipscope.storage import files

NAMES = ['Bull case,"AI boom', 'say "hi" now', 'a,"b,c"', 'two\nlines,"x', "x,=cmd|' /C calc'!A0",
         'end,"', 'lone"', 'x;"y', 'x, "y', 'x,"=1+1']
FRAME = pd.DataFrame({"year": [2024, 2025], "vendor": ["A, Inc.", 'B "x"'], "h": [1.5, -2.0]})


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def check_records(text: str, plain: str) -> None:
    """csv.reader reads one record per line and the data rows are those of a plain export;
    no cell starts a formula or a quoted cell; pandas reads the same frame."""
    got, want = rows(text), rows(plain)
    assert len(got) == len(text.splitlines()) == len(want)
    for sep in ";\t":  # a spreadsheet asked to split at semicolons or tabs
        assert len(list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))) == len(got)
    meta = sum(1 for line in text.splitlines() if line.startswith("#"))
    assert got[meta:] == want[meta:]
    for row in got[:meta]:
        assert row[0].startswith("# ")
        assert not any(c.lstrip()[:1] in (*files.FORMULA_START, '"') for c in row[1:]), row
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(text), comment="#"),
                                  pd.read_csv(io.StringIO(plain), comment="#"))


@pytest.mark.parametrize("name", NAMES)
def test_metadata_lines_are_self_contained_records(name: str) -> None:
    def text(n: str) -> str:
        return files.csv_text(FRAME, metadata={"scenario": n, f"changed_assumptions ({n})": "x"})
    check_records(text(name), text("Plain"))


@pytest.mark.parametrize("name", ['Bull case,"AI boom', 'end,"', 'x;"y', "x,=cmd|"])
def test_run_out_with_a_quote_in_the_name(name: str, synthetic_db: Path, tmp_path: Path) -> None:
    def run(n: str, out: Path) -> str:
        scenario = tmp_path / "s.toml"
        scenario.write_text(f"format_version = 1\nname = {json.dumps(n)}\n"
                            "[assumptions]\nlock_in = 2\n", encoding="utf-8")
        assert main(["run", "--db", str(synthetic_db), "--scenario", str(scenario),
                     "--out", str(out)]) == 0
        return out.read_text(encoding="utf-8")
    text, plain = run(name, tmp_path / "q.csv"), run("Plain", tmp_path / "p.csv")
    check_records(text, plain)
    assert len(pd.read_csv(tmp_path / "q.csv", comment="#")) > 0
