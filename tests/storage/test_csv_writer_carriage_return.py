"""Pass 76, F3: every CSV writer quotes a cell holding a bare carriage return.

Python's csv module quotes a cell only for the line end it writes ("\\n"): "Example\\rNews"
was written bare, and every CSV reader (ChipScope's own, a spreadsheet) ends the record at the
"\\r", so `data export-edits` and the window's kept unsaved row reported a file that could not
be imported back."""

from __future__ import annotations

import csv
import io

import pandas as pd

from chipscope.storage.csv_cells import csv_text


def _records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def test_a_cell_with_a_carriage_return_is_quoted_and_reads_back() -> None:
    frame = pd.DataFrame({"name": ["Example\rNews", "plain"], "value": [1.5, 2.0]})
    text = csv_text(frame)
    assert '"Example\rNews"' in text
    rows = _records(text)
    assert rows == [["name", "value"], ["Example\rNews", "1.5"], ["plain", "2.0"]]


def test_a_header_with_a_carriage_return_is_quoted_too() -> None:
    frame = pd.DataFrame({"a\rb": ["x"]})
    assert _records(csv_text(frame)) == [["a\rb"], ["x"]]


def test_frames_without_a_carriage_return_are_written_as_before() -> None:
    frame = pd.DataFrame({"name": ["a, b", "line\nbreak", "plain"], "value": [1, 2, 3]})
    assert csv_text(frame) == frame.to_csv(index=False, lineterminator="\n")
