"""Files of the calibration: the targets CSV it reads and the fitted-defaults module it writes.

The model (:mod:`chipscope.model.calibration`) never touches files: the CLI reads the targets
here and passes the frame on, and writes the module text the model generates through
:func:`write_generated_module`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from chipscope.model.dataset import CONFIDENCE, Dataset
from chipscope.model.table_checks import shown
from chipscope.model.text_rules import instead_of_too_small, too_small, underflows
from chipscope.model.written_numbers import DECIMAL, not_a_number
from chipscope.storage import files
from chipscope.storage.csv_quotes import (
    EMPTY_LINE,
    SPLIT_BY_CR,
    field_count_cause,
    fields,
    record_problem,
)
from chipscope.storage.file_errors import FileRefused
from chipscope.storage.file_reads import decode_text
from chipscope.storage.schema import StorageError
from chipscope.storage.write_probe import check_writable

TARGET_COLUMNS = ("year", "quarter", "vendor_id", "units", "units_p5", "units_p95", "h100e",
                  "h100e_p5", "h100e_p95", "derivation", "source_id", "confidence")
_REQUIRED = ("year", "vendor_id", "h100e", "source_id", "confidence")
_MAX_MODULE_BYTES = 10_000_000  # a generated module is a few kilobytes
_MAX_TARGETS_BYTES = 10_000_000
_WHAT = "calibration targets file"
YEARS = (2000, 2100)
"""The years a target may be for (a data year; "1e308" is a whole number, not a year)."""
_NUMBERS = ("year", "quarter", "units", "units_p5", "units_p95", "h100e", "h100e_p5",
            "h100e_p95")


def read_calibration_targets(path: Path, dataset: Dataset | None = None) -> pd.DataFrame:
    """Read and check a calibration-targets CSV (data/calibration_targets.csv).

    Parameters
    ----------
    path : the CSV file.
    dataset : when given, every vendor_id and source_id must exist in it.

    Returns
    -------
    DataFrame with :data:`TARGET_COLUMNS` (numbers as float, NaN where empty).

    Raises
    ------
    StorageError : naming the file, line and column of every problem (at most five).
    """
    frame, problems = _read_targets(path, dataset)
    if problems:
        more = f" (and {len(problems) - 5:,} more)" if len(problems) > 5 else ""
        raise StorageError("; ".join(problems[:5]) + more)
    return frame


def calibration_target_problems(path: Path, dataset: Dataset | None = None, *,
                                refused: Callable[[FileRefused], str] = str) -> list[str]:
    """Every problem :func:`read_calibration_targets` would refuse ``path`` for (empty: the
    calibration can read it), one per cell; for ``chipscope data check`` and ``data build``.
    ``refused``: the words for the reader's refusal of the file itself (a folder, a dangling
    link, a loop, no permission, a FIFO, too large), with the advice the caller's command can
    take (``--csv-dir``'s fixed name: "replace it ..., or give --csv-dir another folder", pass
    62 F3); by default the reader's own."""
    try:
        data = files.read_bytes(path, _WHAT, _MAX_TARGETS_BYTES)
    except FileRefused as exc:
        return [refused(exc)]
    try:
        return _check_targets(path, decode_text(data, path, _WHAT, spreadsheet=True),
                              dataset)[1]
    except StorageError as exc:
        return [str(exc)]


def _read_targets(path: Path, dataset: Dataset | None) -> tuple[pd.DataFrame, list[str]]:
    """The targets and the problems of their cells; StorageError when the file cannot be
    read as a targets table at all."""
    # The one reader check, as for every reader (no exists() first: it raises below a folder
    # that cannot be entered, pass 50 F1): missing, permission, a FIFO, a folder, too large.
    text = files.read_text(path, _WHAT, max_bytes=_MAX_TARGETS_BYTES, spreadsheet=True)
    return _check_targets(path, text, dataset)


def _check_targets(path: Path, text: str, dataset: Dataset | None
                   ) -> tuple[pd.DataFrame, list[str]]:
    """The targets in ``text``, read from ``path``, and the problems of their cells;
    StorageError when it is no targets table at all."""
    # Strict, as every data CSV: a quote left open is named where it opens (pass 50 F4), never
    # read on to the end of the file as one cell. Blank lines above the header are skipped, as
    # every data CSV reader skips them (pass 75, F2: a blank first line was "line 1: missing
    # column(s)" of columns on line 2); ``skip`` lines, so a line's number is line_num + skip.
    lines = io.StringIO(text, newline="").readlines()
    skip = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    reader = csv.DictReader(io.StringIO("".join(lines[skip:]), newline=""), strict=True)
    rows: list[dict[str, object]] = []
    problems: list[str] = []
    first_year: tuple[float, int] | None = None  # (year, line)
    seen: dict[tuple[float, str, float], int] = {}  # (year, vendor, quarter) -> its line
    last = skip  # the line the last record read ends on
    try:
        if reader.fieldnames:  # "year, quarter, ...": names read as every data CSV reads them
            reader.fieldnames = [h.strip() for h in reader.fieldnames]  # (pass 81, F2)
        header = reader.fieldnames or []
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise StorageError(_header_problem(path, lines, skip, missing))
        last = reader.line_num + skip
        for record in reader:
            start = last + 1  # the record's first line: DictReader passes over empty lines,
            while start <= len(lines) and not lines[start - 1].rstrip("\r\n"):  # not spaces
                start += 1
            last = reader.line_num + skip
            where = f"{path}, line {start}"
            if not any((v or "").strip() for k, v in record.items() if k is not None):
                problems.append(f"{where} {EMPTY_LINE}")  # spaces, commas (pass 81, F1)
                continue
            if (count := _field_count(record, len(header))) != len(header):  # as every reader
                cause = field_count_cause(text, start, last, count < len(header))
                problems.append(f"{where}: {fields(count)}, but the header has {len(header)} "
                                f"({cause})")
                if cause == SPLIT_BY_CR:
                    break  # the rest of the record is the next "row": one sentence, not two
                continue
            row, bad = _check_row(record, where, dataset)
            year = float(str(row["year"]))
            if not (year.is_integer() and YEARS[0] <= year <= YEARS[1]):
                pass  # empty or refused: named already
            elif first_year is None:
                first_year = (year, last)
            elif year != first_year[0]:  # calibrate fits one year's targets
                bad.append(f"{where}, column year: {year:.0f}, but line {first_year[1]} is for "
                           f"{first_year[0]:.0f}; the targets are for one year")
            if not bad:  # rows are summed per vendor: a repeat or an overlap would double
                bad += _overlap(seen, row, (record.get("quarter") or "").strip(), where, last)
            rows.append(row)
            problems += bad
    except csv.Error as exc:  # a quote left open, a cell over the csv module's limit
        stop = reader.reader.line_num + skip  # where it gave up (DictReader's: the last record's)
        line, why = record_problem(text, last + 1, stop, exc)
        raise StorageError(f"{path}, line {line}: {why}") from None
    return pd.DataFrame(rows, columns=list(TARGET_COLUMNS)), problems


def _field_count(record: Mapping[Any, object], columns: int) -> int:
    """How many fields the line of ``record`` had (DictReader gives a short row's missing
    cells as None, a long row's extra ones as a list under None)."""
    extra = record.get(None)
    missing = sum(1 for k, v in record.items() if k is not None and v is None)
    return columns - missing + (len(extra) if isinstance(extra, list) else 0)


def _header_problem(path: Path, lines: list[str], skip: int, missing: list[str]) -> str:
    """Why the first line that is not blank (``skip`` lines down) is no targets header: a
    title, a "# comment" or a table export's own line above the header is named as such, with
    the line that is the header; else the columns it lacks."""
    first = skip + 1
    for n in range(skip + 1, min(len(lines), skip + 20)):
        try:
            cells = {c.strip() for c in next(csv.reader([lines[n]]), [])}
        except csv.Error:
            continue
        if all(c in cells for c in _REQUIRED):
            return (f"{path}, line {first} is not a header (line {n + 1} is: delete the lines "
                    "above it)")
    return f"{path}, line {first}: missing column(s) {', '.join(missing)}"


def _overlap(seen: dict[tuple[float, str, float], int], row: dict[str, object], quarter: str,
             where: str, line: int) -> list[str]:
    """The row's repeat of an earlier row of ``seen`` for its vendor and year, keyed by the
    numbers read (quarter "1.0", "01", "+1" and "1e0" are quarter 1; 0: the whole year, which
    overlaps each of its quarters), in words; records the row in ``seen``."""
    year, vendor, q = float(str(row["year"])), str(row["vendor_id"]), float(str(row["quarter"]))
    q = 0.0 if math.isnan(q) else q
    said = f"{where}: vendor {shown(vendor)}, year {year:.0f}" + (
        f", quarter {shown(quarter)}" if q else " (the whole year)")
    if (first := seen.get((year, vendor, q))) is not None:
        return [f"{said} repeats line {first} (a vendor's rows are added up, so a repeated row "
                "would count twice)"]
    seen[(year, vendor, q)] = line
    other = min((n for (y, v, p), n in seen.items()
                 if y == year and v == vendor and (p == 0) != (q == 0)), default=None)
    if other is None:
        return []
    return [f"{said} overlaps line {other}, which gives "
            f"{'a quarter of that year' if q == 0 else 'the whole year'} (a vendor's rows are "
            "added up, so the quarter would count twice)"]


_TAKES = {"year": (YEARS[0], f"a year from {YEARS[0]} to {YEARS[1]}"),
          "quarter": (1, "a quarter (1 to 4)")}
"""The least value and the values in words of the number columns whose least is above 0 (the
others take any number of 0 or more)."""


def _number(col: str, raw: str) -> tuple[float, str | None]:
    """The cell ``raw`` of the number column ``col`` (NaN when empty) and why it is not a valid
    one (ASCII digits only, as every data CSV's cells: "nan", Arabic-Indic digits and "0_5",
    which float() reads as 5, are not numbers here, each named; "inf" is not a finite one), or
    None."""
    if not raw:
        return math.nan, None
    if not DECIMAL.fullmatch(raw):
        try:
            infinite = math.isinf(float(raw))
        except ValueError:
            infinite = False
        return math.nan, "is not a finite number" if infinite else not_a_number(raw)
    value = float(raw)
    if math.isinf(value):
        return math.nan, "is too large to be a finite number here (at most about 1.8e308)"
    if underflows(raw, value):  # 1e-400: told as written, never taken (or shown) as 0
        lo, within = _TAKES.get(col, (0, ""))
        return math.nan, too_small(instead_of_too_small(raw, lo, None, within))
    if value < 0:
        return value, "must be a finite number >= 0"
    if col in ("year", "quarter") and value % 1:
        return value, "is not a whole number"
    if col == "quarter" and not 1 <= value <= 4:
        return value, "is not a quarter (1 to 4)"
    if col == "year" and not YEARS[0] <= value <= YEARS[1]:
        return math.nan, f"is not a year from {YEARS[0]} to {YEARS[1]}"
    return value, None


def _check_row(record: dict[str, str | None], where: str, dataset: Dataset | None
               ) -> tuple[dict[str, object], list[str]]:
    row: dict[str, object] = {}
    problems = []
    for col in TARGET_COLUMNS:
        raw = (record.get(col) or "").strip()
        if col in _REQUIRED and not raw:
            problems.append(f"{where}, column {col}: empty")
        if col in _NUMBERS:
            value, why = _number(col, raw)
            if why:
                problems.append(f"{where}, column {col}: {shown(raw)} {why}")
            row[col] = value
        else:
            row[col] = raw
    for measure in ("units", "h100e"):
        problems += _outside_band(record, row, measure, where)
    if row["confidence"] and row["confidence"] not in CONFIDENCE:
        problems.append(f"{where}, column confidence: {row['confidence']!r} is not one of "
                        f"{', '.join(CONFIDENCE)}")
    if dataset is not None:
        for col, known in (("vendor_id", dataset.vendor_ids),
                           ("source_id", list(dataset.sources["source_id"]))):
            if row[col] and row[col] not in known:
                problems.append(f"{where}, column {col}: {row[col]!r} is not in the dataset")
    return row, problems


def _outside_band(record: dict[str, str | None], row: dict[str, object], measure: str,
                  where: str) -> list[str]:
    """Why the row's ``measure`` lies outside its own 5th-95th percentile band, with the cells
    as written (894640.01 over a p95 of 894640.0 is not "894640 is outside"), or nothing.
    An empty or refused cell (NaN) compares False: no band, or named already."""
    cols = (measure, f"{measure}_p5", f"{measure}_p95")
    v, p5, p95 = (float(str(row[c])) for c in cols)
    if math.isnan(v) or not (p5 > v or v > p95):
        return []
    side, bound = ("below", cols[1]) if p5 > v else ("above", cols[2])
    written = {c: shown((record.get(c) or "").strip()) for c in cols}
    return [f"{where}, column {measure}: {written[measure]} is {side} {bound} "
            f"({written[bound]}); a target lies within its band [{cols[1]}, {cols[2]}], so "
            f"correct {measure} or the band"]


def write_generated_module(path: Path, text: str, marker: str) -> None:
    """Write ``text`` to ``path`` atomically (:func:`chipscope.storage.files.write_text`: a
    temporary file in the same folder, then a rename): a reader sees the old file or the new
    one, never half of one.

    Raises
    ------
    StorageError : ``path`` is a special file, the folder cannot be written (the old file is
        unchanged), ``path`` exists but cannot be read (permission, too large, not UTF-8), or
        it was not generated (its first 500 characters lack ``marker``): a file ChipScope did
        not make is never overwritten.
    """
    check_generated_target(path, marker)
    files.write_text(path, text, "generated module")


def check_generated_target(path: Path, marker: str) -> None:
    """StorageError now if :func:`write_generated_module` would refuse ``path`` (a special
    file, a file it cannot read, or a file it did not generate), so a long fit is not run for
    nothing."""
    target = files.write_target(path, "generated module")  # a FIFO: refused, never read
    if target.exists():
        # Every reader's words when it cannot be read (pass 51 F2: permission, a folder that
        # cannot be entered); a readable file that cannot be one calibrate wrote (too large,
        # not UTF-8, without the header) is named so, with what to do (pass 52 N5).
        data = files.read_head(path, "generated module", _MAX_MODULE_BYTES + 1)
        if len(data) > _MAX_MODULE_BYTES:
            _not_ours(path, f"it is larger than {_MAX_MODULE_BYTES // 1_000_000} MB")
        try:
            old = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            _not_ours(path, f"it is not UTF-8 text, byte {exc.start + 1}")
        if marker not in old[:500]:  # empty, or another module: the same words (pass 53 F4)
            _not_ours(path, "it lacks its header")
    check_writable(path, "generated module")  # its folder: missing, read-only...


def _not_ours(path: Path, why: str) -> NoReturn:
    """Refuse ``path``, a readable file that cannot be a module calibrate wrote (``why``)."""
    raise StorageError(f"{path} is not a module chipscope-cli calibrate wrote ({why}): it is "
                       "left as it is; move it away or choose another --fitted file.")
