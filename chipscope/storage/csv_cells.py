"""CSV text whose cells cannot run as spreadsheet formulas (CWE-1236), with ``# key: value``
metadata lines first; :mod:`chipscope.storage.files` writes it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Literal

import pandas as pd

from chipscope.model.export_meta import metadata_lines

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is a formula to a spreadsheet (CWE-1236)."""


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers cannot run as spreadsheet formulas: one starting
    with ``= + - @``, a tab or a carriage return gets a leading apostrophe. Numbers stay
    numbers (a negative number is not text)."""
    def safe(value: object) -> object:
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    out = frame.copy()
    out.columns = [safe(c) for c in out.columns]
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out.iloc[:, col] = series.map(safe)
    return out


def csv_text(frame: pd.DataFrame, index: bool = False, float_format: str | None = None,
             metadata: Mapping[str, str] | None = None) -> str:
    """``frame`` as CSV text, formula-like text cells escaped, after ``metadata`` as
    ``# key: value`` lines (see :mod:`chipscope.model.export_meta`). With metadata, a file
    is read by ``pandas.read_csv(path, comment="#")``; so that no cell is cut at a "#",
    every text cell is quoted when one of them (or a header) holds a "#"."""
    safe = csv_safe(frame)
    quoting: Literal[0, 2] = csv.QUOTE_MINIMAL
    if metadata and _has_hash(safe):
        quoting = csv.QUOTE_NONNUMERIC
    buffer = io.StringIO()
    if metadata:
        buffer.write("".join(_comment_safe(line) + "\n"
                             for line in metadata_lines(metadata).splitlines()))
    safe.to_csv(buffer, index=index, lineterminator="\n", float_format=float_format,
                quoting=quoting)
    return buffer.getvalue()


def _comment_safe(line: str) -> str:
    """A ``# key: value`` line whose pieces never start a formula: a spreadsheet splits the
    line at its commas (or semicolons or tabs, if asked to), and a scenario named "x,=cmd|..."
    (in a key or a value) must not run. A piece starting (after spaces or a quote) like a formula
    cell gets the leading apostrophe :func:`csv_safe` gives such a cell."""
    pieces = re.split(r"([,;\t])", line)  # the separators a spreadsheet may split at
    return "".join([pieces[0], *("'" + p if i % 2 == 0 and _formula_like(p) else p
                                 for i, p in enumerate(pieces[1:], start=1))])


def _formula_like(piece: str) -> bool:
    return piece.startswith(FORMULA_START) \
        or piece.lstrip().lstrip('"').lstrip()[:1] in FORMULA_START


def _has_hash(frame: pd.DataFrame) -> bool:
    if any("#" in str(c) for c in frame.columns):
        return True
    return any(isinstance(v, str) and "#" in v for j in range(frame.shape[1])
               if not pd.api.types.is_numeric_dtype(frame.dtypes.iloc[j])
               for v in frame.iloc[:, j])
