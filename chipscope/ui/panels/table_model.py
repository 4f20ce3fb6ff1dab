"""A read-only QAbstractTableModel over a table with column metadata.

Shows a :class:`~chipscope.model.table_meta.Table` (or the (column, values) pairs a chart
makes, without a DataFrame): the headers are its column labels (with their units, "NVIDIA
(H100e, dense BF16)", "NVIDIA share (%)"), and each column's metadata (its kind) says how its
numbers read; nothing is parsed out of the header text. Shares read with one decimal; the
amounts of a table read one way: with k/M/B/T suffixes when the largest of them reaches a
million, else with thousands separators (the exact value is in the tooltip and
:data:`RAW_ROLE`). Every cell's text is made once per update
(:func:`~chipscope.model.table_display.column_text`); ``data()`` only looks it up.

Which columns show: all, or (:meth:`FrameTableModel.set_groups`) the chart's own group and the
groups asked for (:mod:`chipscope.model.table_display`). Series colours show as swatches in the
header or beside the first cell (per row). Updating with a table of the same shape only
signals ``dataChanged``, so a slider drag never resets the view (selection and scroll stay).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from chipscope.model.table_display import (
    SI_FROM,
    column_max,
    column_text,
    format_number,
    is_numeric,
    table_arrays,
    table_largest,
    visible_columns,
)
from chipscope.model.table_meta import Column, Table
from chipscope.ui.plain import header_line, literal

HEADER_LIMIT = 60
"""The longest column header a table shows, in characters (pass 79, F8: a column headed with a
100-character vendor name was as wide as the window); its tooltip shows it whole."""

__all__ = ["RAW_ROLE", "SI_FROM", "FrameTableModel", "column_max", "format_number",
           "plain_table", "swatch_icon"]

RAW_ROLE = Qt.ItemDataRole.UserRole
"""The unformatted cell value (float, int or str)."""

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


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


def plain_table(frame: pd.DataFrame) -> Table:
    """``frame`` with metadata that knows only numbers from words: numeric columns are
    amounts (``value``), the rest ``text``. For tables that carry no metadata of their own."""
    columns = tuple(
        Column(str(name), str(name),
               "value" if pd.api.types.is_numeric_dtype(dtype)
               and not pd.api.types.is_bool_dtype(dtype) else "text")
        for name, dtype in zip(frame.columns, frame.dtypes, strict=True))
    return Table(frame, columns)


def _changed_block(old: list[list[str]], new: list[list[str]]
                   ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The smallest block (top-left, bottom-right) holding every cell whose text differs
    between two grids of the same shape; None when none does."""
    rows = [r for r, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not rows:
        return None
    cols = [c for r in rows for c, (a, b) in enumerate(zip(old[r], new[r], strict=True))
            if a != b]
    return (rows[0], min(cols)), (rows[-1], max(cols))


class FrameTableModel(QAbstractTableModel):
    """Shows one table; :meth:`set_table`, :meth:`set_columns` or :meth:`set_frame` replace
    it, :meth:`set_groups` chooses its columns."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._table: Table | None = Table.empty()
        self._columns: list[Column] = []
        self._arrays: list[np.ndarray] = []
        self._groups: tuple[str, frozenset[str]] | None = None  # None: every column
        self._shown: list[int] = []  # indices into _columns
        self._grid: list[list[str]] = []
        self._labels: list[str] = []
        self._headers: list[str] = []  # the labels as the header shows them
        self._alignment: list[int] = []
        self._rows = 0
        self._colours: Mapping[str, QColor] = {}  # series -> colour
        self._header_icons: dict[int, QIcon] = {}
        self._row_icons: list[QIcon | None] = []
        self._icon_cache: dict[str, QIcon] = {}
        self.reset_count = 0  # full resets, for tests and the benchmark

    # --- data in ---------------------------------------------------------------------------
    def table(self) -> Table:
        """The whole table (every column, shown or not), with its column metadata."""
        if self._table is None:  # set from arrays: the DataFrame is made when asked for
            self._table = Table.build(list(zip(self._columns, self._arrays, strict=True)))
        return self._table

    def frame(self) -> pd.DataFrame:
        """:meth:`table`'s numbers (not a copy: do not modify)."""
        return self.table().frame

    def shown_columns(self) -> list[Column]:
        """The columns on show, in order."""
        return [self._columns[j] for j in self._shown]

    def set_frame(self, frame: pd.DataFrame,
                  column_colours: Mapping[str, QColor] | None = None,
                  row_colours: Sequence[QColor | None] | None = None) -> None:
        """Show a bare DataFrame (see :func:`plain_table`); ``column_colours``: column name ->
        colour of the swatch in that column's header."""
        table = plain_table(frame)
        colours = column_colours or {}
        table = Table(frame, tuple(Column(c.key, c.label, c.kind, c.unit,
                                          c.label if c.label in colours else None)
                                   for c in table.columns))
        self._show(table.columns, table_arrays(table), table, colours, row_colours, True)

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
        self._show(table.columns, table_arrays(table), table, series_colours or {},
                   row_colours, False)

    def set_columns(self, pairs: Sequence[tuple[Column, np.ndarray]],
                    series_colours: Mapping[str, QColor] | None = None,
                    row_colours: Sequence[QColor | None] | None = None) -> None:
        """Show (column, values) pairs, as :meth:`set_table` would show ``Table.build(pairs)``
        but without making the DataFrame (the window's path on every slider tick)."""
        self._show([c for c, _ in pairs], [np.asarray(v) for _, v in pairs], None,
                   series_colours or {}, row_colours, False)

    def set_groups(self, main: str | None, extra: Collection[str] = ()) -> None:
        """Show the columns of group ``main`` and of ``extra`` (and the labels); ``main`` None:
        every column. See :func:`~chipscope.model.table_display.visible_columns`."""
        groups = None if main is None else (main, frozenset(extra))
        if groups != self._groups:
            self._groups = groups
            self._show(self._columns, self._arrays, self._table, self._colours, None, False,
                       keep_row_icons=True)

    def _show(self, columns: Sequence[Column], arrays: list[np.ndarray], table: Table | None,
              colours: Mapping[str, QColor], row_colours: Sequence[QColor | None] | None,
              by_label: bool, keep_row_icons: bool = False) -> None:
        columns = list(columns)
        shown = (list(range(len(columns))) if self._groups is None
                 else visible_columns(columns, arrays, *self._groups))
        labels = [columns[j].label for j in shown]
        rows = len(arrays[0]) if arrays else 0
        same_shape = rows == self._rows and labels == self._labels
        if not same_shape:
            self.beginResetModel()
        self._table, self._columns, self._arrays, self._colours = table, columns, arrays, colours
        self._shown, self._labels, self._rows = shown, labels, rows
        self._headers = [header_line(columns[j].label, columns[j].series, HEADER_LIMIT)
                         for j in shown]
        # The table's largest amount over every column, so hiding some does not change how
        # the others read.
        largest = table_largest(columns, arrays)
        texts = [self._cell_texts(columns[j], arrays[j], largest) for j in shown]
        old_grid = self._grid
        self._grid = [list(row) for row in zip(*texts, strict=True)] if texts else []
        self._alignment = [_RIGHT if is_numeric(arrays[j]) else _LEFT for j in shown]
        icons = self._column_icons(colours, by_label)
        if not keep_row_icons:
            self._row_icons = ([self._icon(c) if c is not None else None for c in row_colours]
                               if row_colours is not None else [])
        if same_shape:
            # Values only: the view keeps scroll and selection, and repaints only the block
            # of cells whose text changed (a slider leaves the history rows as they were).
            changed = _changed_block(old_grid, self._grid)
            if changed is not None:
                (r0, c0), (r1, c1) = changed
                self.dataChanged.emit(self.index(r0, c0), self.index(r1, c1),
                                      [Qt.ItemDataRole.DisplayRole])
            if icons.keys() != self._header_icons.keys() or any(
                    icons[j].cacheKey() != self._header_icons[j].cacheKey() for j in icons):
                self._header_icons = icons
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(labels) - 1)
        else:
            self._header_icons = icons
            self.endResetModel()
            self.reset_count += 1

    def _cell_texts(self, column: Column, values: np.ndarray, largest: float) -> list[str]:
        """One column's cells as text, made once per update (a subclass may format its own
        columns; see :func:`~chipscope.model.table_display.column_text`)."""
        return column_text(values, column.kind, largest)

    def _column_icons(self, colours: Mapping[str, QColor], by_label: bool) -> dict[int, QIcon]:
        out = {}
        for i, j in enumerate(self._shown):
            c = self._columns[j]
            if by_label:
                colour = colours.get(c.label)
            else:
                colour = (colours.get(c.series) if c.series is not None
                          and c.kind in ("value", "share") else None)
            if colour is not None:
                out[i] = self._icon(colour)
        return out

    def _icon(self, colour: QColor) -> QIcon:
        key = colour.name()
        if key not in self._icon_cache:
            self._icon_cache[key] = swatch_icon(colour)
        return self._icon_cache[key]

    # --- Qt model interface ---------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each repaint: a lookup, nothing more.
        if role == Qt.ItemDataRole.DisplayRole:
            return self._grid[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment[index.column()]
        if role == Qt.ItemDataRole.DecorationRole:
            row = index.row()
            return self._row_icons[row] if index.column() == 0 and row < len(self._row_icons) \
                else None
        if role == RAW_ROLE:
            value = self._raw(index)
            return value.item() if isinstance(value, np.generic) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self._raw(index)
            return f"{value:,.2f}" if isinstance(value, (float, np.floating)) else None
        return None

    def _raw(self, index: _Index) -> Any:
        return self._arrays[self._shown[index.column()]][index.row()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < len(self._labels):
            return None
        if role == Qt.ItemDataRole.DisplayRole:  # a 100-character name: as wide as the window
            return self._headers[section]  # cut in its name: "VVV… share (%)" keeps its unit
        if role == Qt.ItemDataRole.ToolTipRole:  # whole, where the header shows it changed
            label = self._labels[section]
            # as literal text: a name holding "<img ...>" drew a 3,000-pixel tooltip (pass 81, F3)
            return literal(label) if self._headers[section] != label else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._header_icons.get(section)
        return None
