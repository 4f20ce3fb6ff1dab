"""Calibration targets read their header as every data CSV reader does (pass 75 F2), and name a
row of the wrong length as every reader does (passes 78 F3, 79 F2 and F3).

A blank first line was "line 1: missing column(s) year, vendor_id, ..." for columns on line 2;
a title or "# comment" line above the header was told the same; a short row after blank lines
was named by its empty cells, not as a row that lacks cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipscope.storage import StorageError
from chipscope.storage.calibration_files import TARGET_COLUMNS, read_calibration_targets

HEADER = ",".join(TARGET_COLUMNS) + "\n"
ROW = "2026,1,v0,10,8,12,20,16,24,derived,synthetic,medium\n"
LACKS = ("the row lacks cells: give every column its cell, an empty one as nothing between "
         "two commas")


def _refusal(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        read_calibration_targets(path)
    assert path.read_bytes() == before
    return str(info.value)


def test_blank_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\n\n" + HEADER + ROW, encoding="utf-8")
    frame = read_calibration_targets(path)
    assert list(frame["vendor_id"]) == ["v0"]


@pytest.mark.parametrize("above", ["# my targets\n", "Calibration targets,,,\n",
                                   "\n# exported 2026-04-30\n"])
def test_a_line_above_the_header_is_named_with_the_header_line(tmp_path: Path,
                                                               above: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(above + HEADER + ROW, encoding="utf-8")
    first = 1 + above.startswith("\n")
    header = above.count("\n") + 1
    assert _refusal(path) == (f"{path}, line {first} is not a header (line {header} is: delete "
                              "the lines above it)")


def test_a_header_lacking_columns_is_still_told_so(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\nyear,quarter\n2026,1\n", encoding="utf-8")
    assert _refusal(path).startswith(f"{path}, line 2: missing column(s) vendor_id, ")


def test_a_short_row_after_blank_lines_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("\n" + HEADER + ROW + "\n\n2026,1,v1\n", encoding="utf-8")
    assert _refusal(path) == f"{path}, line 6: 3 fields, but the header has 12 ({LACKS})"


def test_a_row_cut_by_a_bare_carriage_return_is_the_field_count_sentence(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROW.replace("derived", "der\rived"), encoding="utf-8")
    assert _refusal(path) == (f"{path}, line 2: 10 fields, but the header has 12 (a line break "
                              "(carriage return) inside a value needs \"quotes\")")


@pytest.mark.parametrize(("text", "line"), [
    (HEADER + ROW + "   \n" + ROW.replace("v0", "v1"), 3),   # a line of spaces between rows
    (HEADER + ROW + "  \n", 3),                               # at the end: never past it
    (HEADER + ROW + ",,,,,,,,,,,\n", 3),                      # only separators
])
def test_a_line_of_spaces_is_named_at_its_own_line(tmp_path: Path, text: str, line: int) -> None:
    """Pass 81, F1: a line of spaces was named as the next line ("line 4: 1 fields", or a line
    past the end of the file)."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    assert _refusal(path) == (f"{path}, line {line} is empty (only spaces or separators); "
                              "remove that line")


def test_a_header_with_spaces_after_its_commas_is_read(tmp_path: Path) -> None:
    """Pass 81, F2: "year, quarter, vendor_id, ..." was told it lacked the columns it has (the
    data CSV readers read such a header)."""
    path = tmp_path / "t.csv"
    path.write_text(HEADER.replace(",", ", ") + ROW, encoding="utf-8")
    assert list(read_calibration_targets(path)["vendor_id"]) == ["v0"]
