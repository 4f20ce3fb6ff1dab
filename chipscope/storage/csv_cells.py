"""CSV text whose cells cannot run as spreadsheet formulas (CWE-1236), with ``# key: value``
metadata lines first; :mod:`chipscope.storage.files` writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Literal

import pandas as pd

from chipscope.model.export_meta import FORMULA_START as FORMULA_START  # files.* users
from chipscope.model.export_meta import metadata_lines


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
    if (metadata and _has_text(safe, "#")) or _has_text(safe, "\r"):
        # Python's csv quotes a cell only for the line end it writes ("\n"): a bare "\r"
        # left unquoted ends the record for every reader (pass 76, F3)
        quoting = csv.QUOTE_NONNUMERIC
    buffer = io.StringIO()
    if metadata:
        buffer.write(metadata_lines(metadata))
    safe.to_csv(buffer, index=index, lineterminator="\n", float_format=float_format,
                quoting=quoting)
    return buffer.getvalue()


def _has_text(frame: pd.DataFrame, part: str) -> bool:
    """Whether a header or a text cell of ``frame`` holds ``part``."""
    if any(part in str(c) for c in frame.columns):
        return True
    return any(isinstance(v, str) and part in v for j in range(frame.shape[1])
               if not pd.api.types.is_numeric_dtype(frame.dtypes.iloc[j])
               for v in frame.iloc[:, j])
