"""Why a file given where text goes is no text ChipScope reads (used by every reader of
text files through :mod:`chipscope.storage.file_reads`, the CSV readers and the edits-file
reader): a database, an image, a workbook or another binary file; UTF-16 or UTF-32 text, with
or without a byte-order mark; text that is not UTF-8 (Latin-1 or Windows-1252, as Excel saves
a CSV), with the line and byte and the advice to save it as UTF-8.
"""

from __future__ import annotations


def not_utf8(exc: UnicodeDecodeError, spreadsheet: bool) -> str:
    """"line 2: the byte 0xE9 is not UTF-8 text; save it as UTF-8 ... and try again" for a
    file whose decoding failed with ``exc`` (Latin-1 or Windows-1252, as Excel saves a CSV),
    to follow its name and a comma; ``spreadsheet``: a CSV file, where the advice names the
    spreadsheet's choice. Every reader of text files words it so (pass 53 F5)."""
    data = bytes(exc.object)  # what was decoded: after a byte-order mark "utf-8-sig" dropped
    line = data[: exc.start].count(b"\n") + 1
    return (f"line {line}: the byte 0x{data[exc.start]:02X} is not UTF-8 text; "
            f"{_save_as_utf8(spreadsheet)}")


def _save_as_utf8(spreadsheet: bool) -> str:
    """The advice for text that is not UTF-8; for a CSV file it names the spreadsheet's choice."""
    where = " (in a spreadsheet: CSV UTF-8)" if spreadsheet else ""
    return f"save it as UTF-8{where} and try again"


def utf16_problem(data: bytes, spreadsheet: bool = False) -> str | None:
    """Why ``data`` is no UTF-8 text although it may decode as such: UTF-32, whose ASCII text
    has three NUL bytes in every four, or UTF-16 (Notepad's "Unicode"), with a NUL in every
    other place, with or without a byte-order mark; None otherwise (no UTF-8 text file has
    them). Every reader of text files asks this before decoding; ``spreadsheet`` as for
    :func:`not_utf8` (Excel's "Unicode Text" is UTF-16, pass 55 F3)."""
    head = data[:200]
    if len(head) < 4 or head.startswith(b"\xef\xbb\xbf"):
        return _marked_wide(head, spreadsheet)
    for lanes in ((1, 2, 3), (0, 1, 2)):  # little-endian: the last three of four; big: first
        zeros = b"".join(head[lane::4] for lane in lanes)
        if zeros.count(0) >= 0.9 * len(zeros):
            return ("it is UTF-32 text, not UTF-8 (three of every four bytes are 0); "
                    f"{_save_as_utf8(spreadsheet)}")
    for zeros in (head[1::2], head[0::2]):  # little-endian: the odd bytes; big: the even
        if zeros.count(0) >= 0.9 * len(zeros):
            return ("it is UTF-16 text, not UTF-8 (every other byte is 0); "
                    f"{_save_as_utf8(spreadsheet)}")
    return _marked_wide(head, spreadsheet)


def _marked_wide(head: bytes, spreadsheet: bool) -> str | None:
    """UTF-32 or UTF-16 text known by its byte-order mark alone, whatever the text is (Chinese
    or Japanese text in UTF-16 has few 0 bytes, and was called "the byte 0xFF is not UTF-8
    text", pass 58)."""
    for marks, name in (((b"\xff\xfe\0\0", b"\0\0\xfe\xff"), "UTF-32"),
                        ((b"\xff\xfe", b"\xfe\xff"), "UTF-16")):
        if head.startswith(marks):
            return (f"it is {name} text, not UTF-8 (it starts with a {name} byte-order mark); "
                    f"{_save_as_utf8(spreadsheet)}")
    return None


ZERO_BYTES = ("it holds only zero bytes (NUL): it is damaged (a crash or a disk error leaves "
              "files like this); restore it from a copy or replace it")
"""Why a file of only zero bytes (what a crash or a preallocation leaves) is no text."""

_SIGNATURES = (
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office file"),
)
"""The first bytes of the binary files most often given where text goes, and what they are."""
_WORKBOOKS = {"a zip archive": " (an .xlsx workbook?)",
              "a Microsoft Office file": " (an old .xls workbook?)"}


def not_text(data: bytes, expected: str, spreadsheet: bool, window: bool = False) -> str | None:
    """Why ``data`` is no text file, to follow its name and a colon: "it is an SQLite database,
    not a CSV file (a database is given with --db)", "it is a PNG image, not a scenario file",
    "it is a zip archive (an .xlsx workbook?), not a CSV file; save it as CSV UTF-8 and try
    again" (``expected``: what the reader wants, with its article; ``spreadsheet``: a CSV
    file), a file with a NUL byte in its first 4 kB that is no UTF-8 ("a binary file"), or
    UTF-16/32 text (:func:`utf16_problem`); None otherwise. Every reader of text files asks
    this before decoding, so a binary file never gets :func:`not_utf8`'s "save it as UTF-8"
    (pass 54 F2). ``window``: the window asks, which has no --db option of its own, so a
    database gets "(to open a database, start ChipScope with --db FILE)" (pass 55 F4)."""
    if data and data.count(0) == len(data):  # no lane of text at all: no UTF-16/32 (pass 63 F2)
        return ZERO_BYTES
    kind = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
    if kind is None:
        if why := utf16_problem(data, spreadsheet):  # UTF-16 text holds NUL bytes too
            return why
        if b"\0" not in data[:4096]:
            return None
        try:
            data.decode("utf-8-sig")
            return None  # a stray NUL in UTF-8 text: the cell's check names its line
        except UnicodeDecodeError:
            pass
        kind = "a binary file (it holds NUL bytes)"
    advice = ""
    if kind == "an SQLite database":
        advice = (" (to open a database, start ChipScope with --db FILE)" if window
                  else " (a database is given with --db)")
    elif spreadsheet and kind in _WORKBOOKS:
        kind, advice = kind + _WORKBOOKS[kind], "; save it as CSV UTF-8 and try again"
    return f"it is {kind}, not {expected}{advice}"
