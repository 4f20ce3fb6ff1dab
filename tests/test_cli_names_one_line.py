"""Passes 78 F1 and 79 F1: every CLI listing and summary prints a name on one line.

A vendor name holding a carriage return or a line break (a database's data may hold one)
overwrote the key column of a listing on a terminal (every listing goes through print_table;
market-check's table puts its cells on one line too), and split the summary lines of `run`,
`run --draws`, `sensitivity` and `backtest --markdown`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from chipscope.__main__ import main
from chipscope.cli_common import print_table

Capture = pytest.CaptureFixture[str]


def _rename_vendors(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vendors SET name = 'Over\rwritten' || char(10) || name "
                   "|| char(9) || '|x'")
    db.close()


def _no_stray_breaks(text: str) -> None:
    assert "\r" not in text
    assert "Over written" in text or "Overwritten" not in text
    for line in text.splitlines():
        assert not line.startswith(("written", "\t"))


def test_print_table_puts_each_cell_on_one_line() -> None:
    import io

    out = io.StringIO()
    print_table([["name", "value"], ["a\rb\nc", "1"], ["d", "22"]], out)
    assert out.getvalue() == "name   value\na b c  1\nd      22\n"


@pytest.mark.parametrize("argv", [
    ["run", "--out", "-"],
    ["run", "--draws", "64", "--out", "-"],
    ["backtest", "--base-year", "2023", "--markdown"],
    ["backtest", "--base-year", "2023"],
])
def test_a_name_with_line_breaks_is_printed_on_one_line(synthetic_db: Path, capsys: Capture,
                                                         argv: list[str]) -> None:
    _rename_vendors(synthetic_db)
    main([*argv, "--db", str(synthetic_db)])
    captured = capsys.readouterr()
    if "--out" in argv:  # the CSV on stdout keeps the name as it is (quoted); the summary not
        _no_stray_breaks(captured.err)
    else:
        _no_stray_breaks(captured.out)
        assert "Over written" in captured.out
        if "--markdown" in argv:
            assert "\\|x" in captured.out
