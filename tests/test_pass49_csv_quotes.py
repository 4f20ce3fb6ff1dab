"""Pass 49 F9: a CSV whose field opens a quote that is never closed was told as Python's csv
error, "malformed CSV (unexpected end of data)" (or "(',' expected after '\"')" when a later
quote ends the field), at the line where the record begins. ``data check``, ``data build`` and
``data import-edits`` (both layouts, one reader) now name the line where the quote opens, in
plain words, with the advice; exit status 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.cli import main
from tests.deal_edits import deals_db, edits_file, import_edits, table_csv

UNCLOSED = 'a quote (") opens a field and is never closed; close it or remove it'
ENDED = ('a quote (") opens a field and the quote that ends it{} has more text after it; '
         'close the quote where the field ends or remove it, and write a quote inside a '
         'field twice ("")')


def _quote_cell(path: Path, line: int, column: int, *, also: int = 0) -> None:
    """Open a quote at the start of cell ``column`` on ``line`` of ``path``, and when ``also``
    quote the first cell of that line too (a quote the reader then ends the field with)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[line - 1].split(",")
    cells[column] = '"' + cells[column]
    lines[line - 1] = ",".join(cells)
    if also:
        first, _, rest = lines[also - 1].partition(",")
        lines[also - 1] = f'"{first}",{rest}'
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize(("also", "words"), [
    (0, UNCLOSED), (9, ENDED.format(", on line 9,"))])
def test_data_check_and_build_name_the_line_where_the_quote_opens(
        tmp_path: Path, also: int, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, _ = deals_db(tmp_path)
    folder = tmp_path / "csv"
    chips = folder / "chips.csv"
    _quote_cell(chips, 7, 2, also=also)
    before = chips.read_bytes()
    out = tmp_path / "out.db"
    for argv in (["data", "check", "--csv-dir", str(folder)],
                 ["data", "build", "--csv-dir", str(folder), "--out", str(out)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert f"{chips}, line 7: {words}\n" in err, err
        assert "malformed" not in err and "expected after" not in err
    assert chips.read_bytes() == before and not out.exists()


def test_a_quote_ended_on_its_own_line_is_told_so(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, _ = deals_db(tmp_path)
    chips = tmp_path / "csv" / "chips.csv"
    lines = chips.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].replace(",", ',"x"y,', 1)  # "x"y: text after the closing quote
    chips.write_text("\n".join(lines), encoding="utf-8")
    assert main(["data", "check", "--csv-dir", str(tmp_path / "csv")]) == 2
    assert f"{chips}, line 5: {ENDED.format('')}\n" in capsys.readouterr().err


@pytest.mark.parametrize("layout", ["table csv", "edits file"])
def test_import_edits_names_the_line_where_the_quote_opens(
        tmp_path: Path, layout: str, capsys: pytest.CaptureFixture[str]) -> None:
    db, d0 = deals_db(tmp_path)
    other = {**d0, "deal_id": "d_new", "description": "a new deal"}
    if layout == "table csv":
        path = table_csv(tmp_path / "dv.csv", [d0, other])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(",a new deal,", ',"a new deal,'), encoding="utf-8")
    else:
        path = edits_file(tmp_path / "e.csv", d0)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(",Example News,", ',"Example News,'), encoding="utf-8")
    before, file_bytes = db.read_bytes(), path.read_bytes()
    status = import_edits(path, db, *(["--table", "deals"] if layout == "table csv" else []))
    err = capsys.readouterr().err
    line = 3 if layout == "table csv" else 2
    assert status == 2, err
    assert f"{path}, line {line}: {UNCLOSED}" in err and "malformed" not in err, err
    assert db.read_bytes() == before and path.read_bytes() == file_bytes


def test_the_quote_is_found_on_a_later_line_of_its_record() -> None:
    from chipscope.storage.csv_quotes import quote_problem

    text = 'k,v,w\n1,"two\nlines","a"b\n'  # the record's quoted field ends on line 3
    assert quote_problem(text, 2, 3) == (3, ENDED.format(""))
    assert quote_problem('k,v\n1,"a\n""b"" c,\n', 2, 3) == (2, UNCLOSED)
    assert quote_problem('k,v\n1,"a""b"\n', 2, 2) is None  # a doubled quote inside: sound
    assert quote_problem('k,v\n1,"' + "x" * 10 + "\n2,3\n", 2, 2) is None  # the reader stopped
