"""How a table reads: which columns show, their cells as text, and the precision of exports.

Qt-free, on numpy arrays: the window's table is built from the arrays a chart already holds
(no DataFrame per slider tick) and its model serves each cell from the strings
:func:`column_text` makes once per update.

Columns come in groups (:data:`GROUPS`): the chart's own numbers show first and always (shares
for a 100 % chart, amounts for an amounts chart); the other groups show on request. A share
range column shows only if it holds a number for the rows shown.

CSV exports of tables round per column kind (:func:`rounded_frame`): amounts to
:data:`VALUE_DIGITS` significant digits, percentages to :data:`PERCENT_DECIMALS` decimals. That
is far finer than the model can claim, and it drops float noise (274438.89999999997).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from chipscope.model.formatting import format_si
from chipscope.model.table_meta import PERCENT_KINDS, Column, ColumnKind, Table

GROUPS: dict[str, str] = {
    "shares": "Shares (%)",
    "amounts": "Amounts (in the measure's unit) and the total",
    "ranges": "Share ranges of the history estimates (%)",
}
"""Column groups the user can show or hide: id -> menu text."""

SI_FROM = 1e6
"""A table whose largest amount (absolute value) reaches this reads with k/M/B/T."""

VALUE_DIGITS = 6
"""Significant digits of amounts in a CSV export of a table."""

PERCENT_DECIMALS = 3
"""Decimals of shares, share ranges and differences (in % or pp) in a CSV export."""


def column_group(column: Column) -> str | None:
    """The group of ``column`` (a key of :data:`GROUPS`); None for labels (always shown)."""
    if column.kind in ("share", "diff"):
        return "shares"
    if column.kind == "value":
        return "amounts"
    if column.kind == "band":
        return "ranges"
    return None


def _has_number(values: np.ndarray) -> bool:
    array = np.asarray(values, dtype=np.float64)
    return bool(np.any(np.isfinite(array) & (array != 0.0)))


def visible_columns(columns: Sequence[Column], arrays: Sequence[np.ndarray], main: str,
                    extra: Collection[str] = ()) -> list[int]:
    """The indices of the columns to show, in order.

    Parameters
    ----------
    columns, arrays : the table's columns and their values (same order).
    main : the group the chart plots (shown always).
    extra : the other groups the user asked for.

    A series' share range (its low and high column) is left out when neither holds a
    non-zero number for the rows shown (projected years have none; a vendor without history
    has none).
    """
    shown = {main, *extra}
    empty_series = {c.series for c, v in zip(columns, arrays, strict=True)
                    if c.kind == "band" and not _has_number(v)}
    for c, v in zip(columns, arrays, strict=True):  # keep a series if either end has numbers
        if c.kind == "band" and _has_number(v):
            empty_series.discard(c.series)
    out = []
    for j, c in enumerate(columns):
        group = column_group(c)
        if group is None or (group in shown and not (c.kind == "band"
                                                      and c.series in empty_series)):
            out.append(j)
    return out


def column_max(values: np.ndarray) -> float:
    """The largest finite absolute value of a column of numbers (0.0 when there is none)."""
    array = np.asarray(values, dtype=np.float64)
    finite = np.abs(array[np.isfinite(array)])
    return float(finite.max()) if finite.size else 0.0


def format_number(value: float, kind: ColumnKind = "value",
                  largest: float | None = None) -> str:
    """How a number reads in a table.

    Parameters
    ----------
    value : the number.
    kind : its column's kind: shares, their ranges and differences of shares get one decimal.
    largest : the largest absolute value of the column, so that a whole column reads one way:
        from :data:`SI_FROM` on, every cell with k/M/B/T and 3 significant digits ("274k",
        "1.07M"), below it with thousands separators ("274,439"). Default: ``abs(value)``.

    Returns
    -------
    str
        The text; "" for NaN and infinities.
    """
    if not math.isfinite(value):
        return ""
    if kind in PERCENT_KINDS:
        return f"{value:.1f}"
    if (abs(value) if largest is None else largest) >= SI_FROM:
        return format_si(value)
    if abs(value) >= 100 or value == round(value):
        return f"{value:,.0f}"
    return f"{value:.3g}"


def is_numeric(values: np.ndarray) -> bool:
    """Numbers (formatted, right-aligned), not words or booleans."""
    return values.dtype.kind in "iuf"


def table_largest(columns: Sequence[Column], arrays: Sequence[np.ndarray]) -> float:
    """The largest absolute amount of the table (float columns that are not percentages)."""
    return max((column_max(v) for c, v in zip(columns, arrays, strict=True)
                if c.kind not in PERCENT_KINDS and v.dtype.kind == "f"), default=0.0)


def column_text(values: np.ndarray, kind: ColumnKind, largest: float) -> list[str]:
    """One column's cells as text (see :func:`format_number`)."""
    if values.dtype.kind in "iu":
        return [str(int(v)) for v in values.tolist()]
    if values.dtype.kind == "f":
        return [format_number(v, kind, largest) for v in values.tolist()]
    return ["" if isinstance(v, float) and math.isnan(v) else str(v) for v in values.tolist()]


def table_arrays(table: Table) -> list[np.ndarray]:
    """A table's columns as numpy arrays (no copy where pandas allows)."""
    return [table.frame.iloc[:, j].to_numpy() for j in range(len(table.columns))]


def _round_significant(values: np.ndarray, digits: int) -> np.ndarray:
    # Python's round() is correctly rounded, so the written text is the short decimal.
    out = []
    for v in values.tolist():
        if not math.isfinite(v) or v == 0.0:
            out.append(v)
        else:
            out.append(round(v, digits - 1 - math.floor(math.log10(abs(v)))))
    return np.asarray(out, dtype=np.float64)


def rounded_frame(table: Table) -> pd.DataFrame:
    """``table.frame`` rounded for a CSV export: amounts to :data:`VALUE_DIGITS` significant
    digits, percentages to :data:`PERCENT_DECIMALS` decimals; other columns as they are."""
    frame = table.frame.copy()
    for j, c in enumerate(table.columns):
        values = frame.iloc[:, j].to_numpy()
        if values.dtype.kind != "f":
            continue
        if c.kind in PERCENT_KINDS:
            frame.isetitem(j, np.array([round(v, PERCENT_DECIMALS) if math.isfinite(v) else v
                                        for v in values.tolist()], dtype=np.float64))
        else:
            frame.isetitem(j, _round_significant(values, VALUE_DIGITS))
    return frame
