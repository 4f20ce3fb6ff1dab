"""Tables that say what their columns hold: the numbers next to the column metadata.

A :class:`Table` is a DataFrame (the numbers, its column names the headers a person reads and
a CSV file carries) plus one :class:`Column` per DataFrame column saying what kind of number
it holds, in which unit, and which chart series it belongs to. Formatting (one decimal for
shares, k/M/B/T for large amounts) and header swatches read the metadata, never the header
text. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

ColumnKind = Literal["category", "text", "value", "share", "band", "diff"]
"""What a column holds: ``category`` the row's key (year, adopter, vendor), ``text`` words
(history / projection), ``value`` an amount in ``unit``, ``share`` a share in %, ``band`` a
percentile of a share in %, ``diff`` a difference of shares in percentage points."""

PERCENT_KINDS: frozenset[str] = frozenset({"share", "band", "diff"})
"""Kinds shown with one decimal and left out of a table's largest amount."""


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`.

    Attributes
    ----------
    key : a stable id for code ("value:nvidia", "share:Baseline"); not shown.
    label : the header text, as shown and as written to CSV (the DataFrame column name).
    kind : see :data:`ColumnKind`.
    unit : the unit of the numbers ("H100e, dense BF16", "%", "pp"); "" for words.
    series : the chart series (its display name) the column belongs to, if any.
    """

    key: str
    label: str
    kind: ColumnKind
    unit: str = ""
    series: str | None = None

    @property
    def is_percent(self) -> bool:
        """Shares, share percentiles and share differences (one decimal)."""
        return self.kind in PERCENT_KINDS


@dataclass(frozen=True)
class Table:
    """A DataFrame and the metadata of each of its columns, in the same order."""

    frame: pd.DataFrame
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        labels = [str(c) for c in self.frame.columns]
        if labels != [c.label for c in self.columns]:
            raise ValueError(f"columns: labels {[c.label for c in self.columns]} do not match "
                             f"the frame's columns {labels}")

    @classmethod
    def empty(cls) -> Table:
        """A table without rows or columns."""
        return cls(pd.DataFrame(), ())

    @classmethod
    def build(cls, pairs: Sequence[tuple[Column, object]]) -> Table:
        """A table from (column, values) pairs, in order (labels must be unique)."""
        frame = pd.DataFrame({c.label: v for c, v in pairs})
        return cls(frame, tuple(c for c, _ in pairs))

    def column(self, label: str) -> Column:
        """The metadata of the column headed ``label``; KeyError if there is none."""
        for c in self.columns:
            if c.label == label:
                return c
        raise KeyError(label)

    def series_columns(self, kinds: frozenset[str] = frozenset({"value", "share"})
                       ) -> Iterator[Column]:
        """Columns of a chart series whose kind is in ``kinds``."""
        return (c for c in self.columns if c.series is not None and c.kind in kinds)
