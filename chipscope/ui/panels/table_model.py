"""A read-only QAbstractTableModel over a table with column metadata.

Shows a :class:`~chipscope.model.table_meta.Table`: the headers are its column labels (with
their units, "NVIDIA (H100e, dense BF16)", "NVIDIA share (%)"), and each column's metadata
(its kind) says how its numbers read; nothing is parsed out of the header text. Shares read
with one decimal; the amounts of a table read one way: with k/M/B/T suffixes when the largest
of them reaches a million, else with thousands separators, so a row never mixes "295,791" with
"3.19M" (the exact value is in the tooltip and :data:`RAW_ROLE`). Series colours show as
swatches in the header (per column, from :attr:`Column.series`) or beside the first cell (per
row). Updating with a table of the same shape only signals ``dataChanged``, so a slider drag
never resets the view (selection and scroll position stay).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from chipscope.model.formatting import format_si
from chipscope.model.table_meta import PERCENT_KINDS, Column, ColumnKind, Table

RAW_ROLE = Qt.ItemDataRole.UserRole
"""The unformatted cell value (float, int or str)."""

_Index = QModelIndex | QPersistentModelIndex


def swatch_icon(colour: QColor, size: int = 12) -> QIcon:
    """A filled square of ``colour`` with a thin dark edge (visible on light and dark)."""
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 140))
    inner = QPixmap(size - 2, size - 2)
    inner.fill(colour)
    painter = QPainter(pix)
    painter.drawPixmap(1, 1, inner)
    painter.end()
    return QIcon(pix)


SI_FROM = 1e6
"""A table whose largest amount (absolute value) reaches this reads with k/M/B/T."""


def plain_table(frame: pd.DataFrame) -> Table:
    """``frame`` with metadata that knows only numbers from words: numeric columns are
    amounts (``value``), the rest ``text``. For tables that carry no metadata of their own."""
    columns = tuple(
        Column(str(name), str(name),
               "value" if pd.api.types.is_numeric_dtype(dtype)
               and not pd.api.types.is_bool_dtype(dtype) else "text")
        for name, dtype in zip(frame.columns, frame.dtypes, strict=True))
    return Table(frame, columns)


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
    value : float
        The number.
    kind : str
        Its column's kind (:data:`~chipscope.model.table_meta.ColumnKind`): shares, their
        percentiles and differences of shares get one decimal.
    largest : float, optional
        The largest absolute value of the column, so that a whole column reads one way: from
        :data:`SI_FROM` on, every cell with k/M/B/T and 3 significant digits ("274k",
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


class FrameTableModel(QAbstractTableModel):
    """Shows one table; :meth:`set_table` (or :meth:`set_frame`) replaces it."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._table = Table.empty()
        self._kinds: list[ColumnKind] = []
        self._rows = 0
        self._cols = 0
        self._names: list[str] = []
        self._columns: dict[int, np.ndarray] = {}  # filled as cells are shown
        self._largest: float | None = None  # the table's largest amount, once computed
        self._dtypes: list[np.dtype[Any] | ExtensionDtype] = []
        self._numeric: list[bool] = []
        self._alignment: list[int] = []
        self._header_icons: dict[int, QIcon] = {}
        self._row_icons: list[QIcon | None] = []
        self._icon_cache: dict[str, QIcon] = {}
        self.reset_count = 0  # full resets, for tests and the benchmark

    # --- data in ---------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """The frame shown (not a copy: do not modify)."""
        return self._frame

    def table(self) -> Table:
        """The table shown, with its column metadata (not a copy: do not modify)."""
        return self._table

    def set_frame(self, frame: pd.DataFrame,
                  column_colours: Mapping[str, QColor] | None = None,
                  row_colours: Sequence[QColor | None] | None = None) -> None:
        """Show a bare DataFrame (see :func:`plain_table`); ``column_colours``: column name ->
        colour of the swatch in that column's header."""
        self._show(plain_table(frame), column_colours or {}, row_colours)

    def set_table(self, table: Table, series_colours: Mapping[str, QColor] | None = None,
                  row_colours: Sequence[QColor | None] | None = None) -> None:
        """Show ``table``.

        Parameters
        ----------
        table : the numbers and their column metadata; the labels are the headers.
        series_colours : series name -> colour; the amount and share columns of that series
            (see :meth:`~chipscope.model.table_meta.Table.series_columns`) show it as a
            swatch in their header, as the chart draws the series.
        row_colours : per row, the colour of the swatch beside the first cell (or None).
        """
        colours = series_colours or {}
        by_label = {c.label: colours[c.series] for c in table.series_columns()
                    if c.series is not None and c.series in colours}
        self._show(table, by_label, row_colours)

    def _show(self, table: Table, column_colours: Mapping[str, QColor],
              row_colours: Sequence[QColor | None] | None) -> None:
        frame = table.frame
        names = [str(c) for c in frame.columns]
        dtypes = list(frame.dtypes)
        same_shape = (frame.shape == (self._rows, self._cols) and names == self._names
                      and dtypes == self._dtypes)
        if not same_shape:
            self.beginResetModel()
        self._frame, self._table = frame, table
        self._kinds = [c.kind for c in table.columns]
        self._rows, self._cols = frame.shape
        self._names, self._dtypes = names, dtypes
        # Columns are converted when a cell of theirs is first shown: a wide table updated on
        # every slider tick only pays for the columns on screen.
        self._columns = {}
        self._largest = None
        if not same_shape:
            self._set_column_kinds(dtypes)
        icons = {j: self._icon(column_colours[n]) for j, n in enumerate(names)
                 if column_colours and n in column_colours}
        self._row_icons = ([self._icon(c) if c is not None else None for c in row_colours]
                           if row_colours is not None else [])
        if same_shape:
            if frame.size:  # values only: the view repaints, keeps scroll and selection
                self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self._cols - 1),
                                      [Qt.ItemDataRole.DisplayRole])
            if icons.keys() != self._header_icons.keys() or any(
                    icons[j].cacheKey() != self._header_icons[j].cacheKey() for j in icons):
                self._header_icons = icons
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._cols - 1)
        else:
            self._header_icons = icons
            self.endResetModel()
            self.reset_count += 1

    def _set_column_kinds(self, dtypes: list[np.dtype[Any] | ExtensionDtype]) -> None:
        """Which columns are numbers (right-aligned, formatted) and which are text."""
        self._numeric = [pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d)
                         for d in dtypes]
        right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
        self._alignment = [int((right if n else left) | Qt.AlignmentFlag.AlignVCenter)
                           for n in self._numeric]

    def _icon(self, colour: QColor) -> QIcon:
        key = colour.name()
        if key not in self._icon_cache:
            self._icon_cache[key] = swatch_icon(colour)
        return self._icon_cache[key]

    # --- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._cols

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each repaint: check the role first.
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            return self._display(self._column(col)[index.row()], col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment[index.column()]
        if role == Qt.ItemDataRole.DecorationRole:
            row = index.row()
            return self._row_icons[row] if index.column() == 0 and row < len(self._row_icons) \
                else None
        if role == RAW_ROLE:
            value = self._column(index.column())[index.row()]
            return value.item() if isinstance(value, np.generic) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self._column(index.column())[index.row()]
            return f"{value:,.2f}" if isinstance(value, (float, np.floating)) else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < self._cols:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._names[section]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._header_icons.get(section)
        return None

    def _column(self, col: int) -> np.ndarray:
        array = self._columns.get(col)
        if array is None:
            array = self._columns[col] = self._frame.iloc[:, col].to_numpy()
        return array

    def _table_largest(self) -> float:
        """The largest absolute amount in the table (float columns that are not shares)."""
        if self._largest is None:
            amounts = [j for j, (numeric, kind, dtype) in enumerate(
                zip(self._numeric, self._kinds, self._dtypes, strict=True))
                if numeric and kind not in PERCENT_KINDS and pd.api.types.is_float_dtype(dtype)]
            self._largest = max((column_max(self._column(j)) for j in amounts), default=0.0)
        return self._largest

    def _display(self, value: Any, col: int) -> str:
        if self._numeric[col]:
            if isinstance(value, (int, np.integer)):
                return str(int(value))
            return format_number(float(value), self._kinds[col], self._table_largest())
        if isinstance(value, float) and math.isnan(value):
            return ""
        return str(value)
