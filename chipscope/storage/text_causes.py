"""Why a file given where text goes is no text ChipScope reads (used by every reader of
text files through :mod:`chipscope.storage.file_reads`, the CSV readers and the edits-file
reader): a database, an image, a workbook or another binary file; UTF-16 or UTF-32 text, with
or without a byte-order mark; text that is not UTF-8 (Latin-1 or Windows-1252, as Excel saves
a CSV), with the line and byte and the advice to save it as UTF-8; zero bytes where text
goes (all, mostly or a run of them: what a crash leaves), a damaged file.
"""

from __future__ import annotations

import re


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
    if len(head) < 4 or head.startswith((b"\xef\xbb\xbf", b"\0" * 16)):  # a run: no lanes
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


DAMAGED = "it is damaged (a crash or a disk error leaves files like this)"
"""What zero bytes where text goes (or a database of only zero bytes) tell of the file."""
ZERO_ONLY = f"holds only zero bytes (NUL): {DAMAGED}"
"""The clause after a file's name (or "which") for a file of only zero bytes."""
_RESTORE = "restore it from a copy or replace it"
ZERO_BYTES = f"it {ZERO_ONLY}; {_RESTORE}"
"""Why a file of only zero bytes (what a crash or a preallocation leaves) is no text."""
_NUL_RUN = re.compile(rb"\0{16,}")
"""A run of zero bytes no text holds: UTF-16 and UTF-32 text has at most five in a row."""


def zero_damage(data: bytes) -> str | None:
    """Why ``data``, text with a run of zero bytes, or mostly zero bytes, is damaged (what a
    crash leaves: a zero-filled tail after the text, a zeroed block before or inside it): "it
    ends in 4,096 zero bytes (NUL) from line 2 on: it is damaged ...; restore it ..." (pass 64
    F4: "UTF-32 text", a CSV field count or "an invisible character U+0000"); None for data
    with no such run, or whose other bytes are no text (a binary file holds zero runs too).
    Zero bytes running to the end after bytes with none among them are a zero-filled tail of
    any length, whatever the text's encoding (Windows-1252 too, pass 65 F1/F2); UTF-16/32 text
    ends in a 0 byte too, but has them all along (or a byte-order mark). A zeroed start of
    1 to 15 zero bytes before such text is damage too (pass 68 F1: not "U+0000" in a header)."""
    if data and data.count(0) == len(data):  # no lane of text at all: no UTF-16/32 (pass 63 F2)
        return ZERO_BYTES
    text = data.rstrip(b"\0")
    if len(text) < len(data) and b"\0" not in text and _marked_wide(text[:4], False) is None:
        return _tail(len(data) - len(text), text)
    body = data.lstrip(b"\0")
    if len(body) < len(data) and b"\0" not in body and (_is_text(body) or _is_legacy(body)):
        lead = len(data) - len(body)  # a zeroed start of any length, as 16+ (pass 68 F1)
        return f"it {zero_clause(lead, lead, len(data))}; {_RESTORE}"
    run = _NUL_RUN.search(data)
    mostly = len(data) >= 20 and data.count(0) > 0.9 * len(data)  # UTF-32 text: 3 of 4 at most
    rest = _NUL_RUN.sub(b"", data)
    one_run = run is not None and data.count(0) == run.end() - run.start()  # no other NUL
    legacy = one_run and _is_legacy(rest)  # Windows-1252 text around it (pass 67 F4)
    if (run is None and not mostly) or not (legacy or _is_text(rest)):
        return None
    if run is None or run.start() == 0:
        return f"it {zero_clause(run.end() if run else 0, data.count(0), len(data))}; {_RESTORE}"
    if run.end() == len(data):
        return _tail(run.end() - run.start(), data[: run.start()])
    line = data[: run.start()].count(b"\n") + 1
    return (f"line {line} holds {_zero_bytes(run.end() - run.start())} in a row: "
            f"{DAMAGED}; {_RESTORE}")


def _zero_bytes(count: int) -> str:
    """"4,096 zero bytes (NUL)", "1 zero byte (NUL)" (pass 67 F6: "1 zero bytes")."""
    return f"{count:,} zero byte{'' if count == 1 else 's'} (NUL)"


def _tail(count: int, before: bytes) -> str:
    """The words for ``count`` zero bytes that end a file after the text ``before``."""
    line = before.count(b"\n") + 1
    return f"it ends in {_zero_bytes(count)} from line {line} on: {DAMAGED}; {_RESTORE}"


def zero_clause(leading: int, zeros: int, size: int) -> str:
    """The clause after a file's name (or "it") for a file of ``size`` bytes, ``zeros`` of them
    zero bytes, the first ``leading`` in a row: "starts with 4,096 zero bytes (NUL): it is
    damaged ...", "holds mostly zero bytes (NUL), 200 of 220: ..." or :data:`ZERO_ONLY`; text
    files and databases alike (pass 65 F3)."""
    if zeros == size:
        return ZERO_ONLY
    if leading:
        return f"starts with {_zero_bytes(leading)}: {DAMAGED}"
    return f"holds mostly zero bytes (NUL), {zeros:,} of {size:,}: {DAMAGED}"


def _is_text(rest: bytes) -> bool:
    """Whether ``rest``, a file's bytes without its runs of zero bytes, is text: UTF-8 (UTF-16
    and UTF-32 of ASCII are that too), or UTF-16 or UTF-32 text as :func:`utf16_problem` knows
    it (by its byte-order mark or its lanes of zero bytes)."""
    try:
        rest.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return utf16_problem(rest) is not None


def _is_legacy(rest: bytes) -> bool:
    """Whether ``rest``, a file's bytes without its one run of zero bytes, is Windows-1252 (or
    Latin-1) text, as Excel saves a CSV: every byte a printable character, a tab or a line break
    in Windows-1252 (pass 67 F4: a zeroed block before or inside such text was "UTF-32 text" or
    "a binary file"; a binary file has control bytes or more runs of zero bytes)."""
    try:
        text = rest.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char in "\t\r\n" for char in text)


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
    file), a file with a NUL byte in its first 4 kB that is no UTF-8 ("a binary file"), zero
    bytes (:func:`zero_damage`) or UTF-16/32 text (:func:`utf16_problem`); None otherwise.
    Every reader of text files asks this before decoding, so a binary file never gets
    :func:`not_utf8`'s "save it as UTF-8" (pass 54 F2). ``window``: the window asks, which has
    no --db option of its own, so a database gets "(to open a database, start ChipScope with
    --db FILE)" (pass 55 F4)."""
    kind = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
    if kind is None:
        if why := zero_damage(data):  # a zero-filled tail: no UTF-32 text (pass 64 F4)
            return why
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
