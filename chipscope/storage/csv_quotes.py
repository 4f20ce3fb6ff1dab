"""A quote (") that breaks a CSV record, found where it opens and said in words (pass 49, F9).

Python's csv reader says only "unexpected end of data" (a quote opened and never closed) or
"',' expected after '\"'" (text after a closing quote: often a quote left open, closed by the
next quote lines further on), and counts the line where the record begins or where it gave
up. This reads the record again as the reader does (the default dialect) to name the line
where that field's quote opens."""

from __future__ import annotations

import csv
import io

from chipscope.storage.files import csv_problem

UNCLOSED = 'a quote (") opens a field and is never closed; close it or remove it'


def record_problem(text: str, start: int, stop: int, exc: csv.Error) -> tuple[int, str]:
    """The line and the words of the csv reader's ``exc`` for the record read from line
    ``start`` to line ``stop`` of ``text`` (strict reader, default dialect): where a quote that
    breaks it opens (:func:`quote_problem`), else the record's first line and
    :func:`~chipscope.storage.files.csv_problem` (a cell over the reader's limit). Every CSV
    reader of the data says a broken quote in these words."""
    return quote_problem(text, start, stop) or (start, csv_problem(exc))


def quote_problem(text: str, start: int, stop: int) -> tuple[int, str] | None:
    """The line where a quote that breaks the record read from line ``start`` to line ``stop``
    (the csv reader's ``line_num`` when it failed) of ``text`` opens its field, and why; None
    when no quote does (the reader failed for another cause: a cell over its limit)."""
    lines = io.StringIO(text, newline="").readlines()
    state, opened = "start", start  # start of a field, plain field, quoted, after a quote in it
    for number, line in enumerate(lines[start - 1:stop], start):
        for ch in line:
            if state == "quoted":
                state = "after" if ch == '"' else "quoted"
            elif state == "after" and ch == '"':
                state = "quoted"  # a doubled quote inside the field
            elif ch in ",\r\n":
                state = "start"
            elif state == "after":
                return opened, _goes_on(number, opened)
            elif state == "start" and ch == '"':
                state, opened = "quoted", number
            else:
                state = "field"
    if state == "quoted" and stop >= len(lines):
        return opened, UNCLOSED
    return None


def _goes_on(line: int, opened: int) -> str:
    """Why a field whose quote opens on line ``opened`` has text after the quote that ends it
    on ``line``: most often a quote left open, ended by the next quote of the file."""
    where = "" if line == opened else f", on line {line:,},"
    return (f'a quote (") opens a field and the quote that ends it{where} has more text after '
            "it; close the quote where the field ends or remove it, and write a quote inside "
            'a field twice ("")')


LACKS_CELLS = ("the row lacks cells: give every column its cell, an empty one as nothing "
               "between two commas")
"""Why a record has fewer fields than the header (a comma in a value makes more, not fewer)."""


SPLIT_BY_CR = 'a line break (carriage return) inside a value needs "quotes"'
"""The cause of a record a bare carriage return split: the rest of it reads as the next row."""


def field_count_cause(text: str, start: int, last: int, short: bool) -> str:
    """Why the record on lines ``start``..``last`` has the wrong number of fields: a bare
    carriage return (the csv reader ends a line there) that ends the record or the line before
    it, in a file whose lines end in "\\n", split a value; else, for a ``short`` record, cells
    left out (:data:`LACKS_CELLS`), for a long one a comma inside a value."""
    if "\n" in text:  # a file whose lines all end in a bare CR is read as it is meant
        lines = io.StringIO(text, newline="").readlines()
        for n in (last, start - 1):
            if 0 < n <= len(lines) and lines[n - 1].endswith("\r"):
                return SPLIT_BY_CR
    return LACKS_CELLS if short else 'a comma inside a value needs "quotes"'


EMPTY_LINE = "is empty (only spaces or separators); remove that line"
"""What every CSV reader says of a record with no text in any cell (",,,", "   ")."""


def fields(count: int) -> str:
    """"1 field", "3 fields"."""
    return f"{count} field{'' if count == 1 else 's'}"
