"""The delta read-out: per vendor, its share now and in the reference, and the differences in
percentage points, USD and H100e, for one year; with the reference and year choosers.

The panel shows what :class:`~chipscope.ui.difference.view.DifferenceView` gives it and reports
the user's choices as signals; it computes nothing. Gains are blue with ▲, losses vermilion
with ▼ (Okabe-Ito colours, told apart by colour-blind readers, and by the arrow without
colour).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chipscope.model.difference import NEUTRAL_PP, VendorDeltas, format_pp, format_signed
from chipscope.model.formatting import format_share, format_si
from chipscope.ui.plain import MessageLabel, names_combo, plain_label

UP_COLOURS = ("#0072B2", "#56B4E9")  # Okabe-Ito blue / sky blue (light / dark background)
DOWN_COLOURS = ("#D55E00", "#E69F00")  # Okabe-Ito vermilion / orange

HEADERS = (("Vendor", "The vendor; rows sorted by the size of the share change"),
           ("Now", "The vendor's share in the chosen year, with the current assumptions"),
           ("Ref.", "The vendor's share in the chosen year, in the reference scenario"),
           ("\u0394 share", "Share now minus reference share, in percentage points (pp)"),
           ("\u0394 spend", "Spend on the vendor's chips in that year, now minus reference, USD"),
           ("\u0394 H100e", "Compute bought from the vendor in that year, now minus "
                              "reference, in H100e"))


def short_name(name: str) -> str:
    """A vendor's name without its parenthesis ("AWS (Trainium / Inferentia)" -> "AWS"): the
    read-out is narrow; the full name is the cell's tooltip."""
    return name.split(" (")[0] if " (" in name else name


def direction(delta_pp: float) -> int:
    """+1 gain, -1 loss, 0 no change (under :data:`NEUTRAL_PP`)."""
    if not math.isfinite(delta_pp) or abs(delta_pp) < NEUTRAL_PP:
        return 0
    return 1 if delta_pp > 0 else -1


def _sign(value: float, text: str) -> int:
    """The direction of an amount as shown: none when it reads as 0."""
    return 0 if text.startswith("0") or not math.isfinite(value) else (1 if value > 0 else -1)


class DifferencePanel(QWidget):
    """The read-out's widgets; see the module docstring.

    Signals
    -------
    reference_chosen(str) : the user picked a reference (its key in the combo).
    pin_requested() : "Pin current as reference" was pressed.
    year_chosen(int) : the user picked a year.
    close_requested() : the panel's close button (turns the view off).
    palette_changed() : light / dark switch: the rows need drawing again in the new colours.
    """

    reference_chosen = Signal(str)
    pin_requested = Signal()
    year_chosen = Signal(int)
    close_requested = Signal()
    palette_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference_combo = names_combo(12)
        self.reference_combo.setObjectName("reference_selector")
        self.reference_combo.setToolTip("The scenario the current one is compared with: the "
                                        "Baseline (every default), a preset or saved scenario, "
                                        "or a pinned copy of the working scenario")
        self.pin_button = QPushButton("Pin current")
        self.pin_button.setToolTip("Pin the current assumptions as the reference: later "
                                   "changes are then measured from here")
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("difference_year")
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_combo.setToolTip("The year the differences are for (or click a year on the "
                                   "chart)")
        close = QPushButton("\u2715")
        close.setFlat(True)
        close.setFixedWidth(28)
        close.setToolTip("Hide the difference from reference (Ctrl+D)")
        self.caption = plain_label(QLabel())  # it names a scenario: shown as it is, no HTML
        self.caption.setWordWrap(True)
        self.message = MessageLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.table = self._make_table()
        self._longest: tuple[int, ...] = (0,) * len(HEADERS)
        self._shown: list[tuple[tuple[str, ...], str] | None] = []  # each row as last shown
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        label = QLabel("&Reference:")
        label.setBuddy(self.reference_combo)
        year_label = QLabel("Ye&ar:")  # Alt+Y is the adopters chart's year
        year_label.setBuddy(self.year_combo)
        for widget, stretch in ((label, 0), (self.reference_combo, 1), (self.pin_button, 0),
                                (year_label, 0), (self.year_combo, 0), (close, 0)):
            top.addWidget(widget, stretch)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.reference_combo.activated.connect(
            lambda i: self.reference_chosen.emit(str(self.reference_combo.itemData(i))))
        self.pin_button.clicked.connect(self.pin_requested)
        self.year_combo.activated.connect(
            lambda i: self.year_chosen.emit(int(self.year_combo.itemData(i))))
        close.clicked.connect(self.close_requested)
        self._show_legend()

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, len(HEADERS))
        table.setObjectName("difference_table")
        for j, (text, tip) in enumerate(HEADERS):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            table.setHorizontalHeaderItem(j, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Not ResizeToContents: that measures every cell on every change (0.5 ms per cell);
        # the columns are fitted when their longest text grows (:meth:`_fit_columns`).
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # elided if need be
        header.setMinimumSectionSize(40)
        return table

    def _fit_columns(self, texts: list[tuple[str, ...]]) -> None:
        longest = tuple(max((len(row[j]) for row in texts), default=0)
                        for j in range(len(HEADERS)))
        if any(n > old for n, old in zip(longest, self._longest, strict=True)):
            self._longest = tuple(max(n, old) for n, old in
                                  zip(longest, self._longest, strict=True))
            for j in range(1, len(HEADERS)):
                self.table.resizeColumnToContents(j)

    def _is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5

    def colour(self, sign: int) -> QColor | None:
        """The text colour of a gain (+1) or loss (-1) on this panel's background."""
        if sign == 0:
            return None
        pair = UP_COLOURS if sign > 0 else DOWN_COLOURS
        return QColor(pair[1] if self._is_dark() else pair[0])

    def changeEvent(self, event: QEvent) -> None:
        """Qt override: a light / dark switch recolours the gains and losses."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._show_legend()
            self._shown = [None] * len(self._shown)
            self.palette_changed.emit()
        super().changeEvent(event)

    def _show_legend(self) -> None:
        up, down = self.colour(1), self.colour(-1)
        assert up is not None and down is not None
        self.legend.setText(
            f'<span style="color:{up.name()}">\u25b2 gains</span> \u00b7 '
            f'<span style="color:{down.name()}">\u25bc loses</span> against the reference; '
            "dashed lines on the chart are the reference's vendor boundaries.")

    # --- what the view sets -------------------------------------------------------------
    def set_choices(self, choices: list[tuple[str, str]], current: str) -> None:
        """The references offered, as (text, key), and the chosen one."""
        combo = self.reference_combo
        combo.blockSignals(True)
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != choices:
            combo.clear()
            for text, key in choices:
                combo.addItem(text, key)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def set_years(self, years: list[int], base_year: int, year: int) -> None:
        """The years offered (projected ones after ``base_year``; the caption says which)
        and the chosen one."""
        combo = self.year_combo
        combo.blockSignals(True)
        if [combo.itemData(i) for i in range(combo.count())] != years:
            combo.clear()
            for y in years:
                combo.addItem(str(y), y)
                combo.setItemData(combo.count() - 1,
                                  "projection" if y > base_year else "history",
                                  Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(combo.findData(year), 0))
        combo.blockSignals(False)

    def show_message(self, text: str) -> None:
        """One line above the table (why a reference could not be used); "" hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_deltas(self, deltas: VendorDeltas, caption: str, h100e_unit: str) -> None:
        """One row per vendor of ``deltas`` under ``caption``; compute in ``h100e_unit``.
        Runs on every slider tick: only what changed is handed to Qt."""
        self.caption.setText(caption)
        table = self.table
        if table.rowCount() != len(deltas):
            table.setRowCount(len(deltas))
            self._shown = [None] * len(deltas)
        texts = [self._row_texts(deltas, i, h100e_unit) for i in range(len(deltas))]
        for i, (cells, tip) in enumerate(texts):
            if self._shown[i] == (cells, tip):
                continue
            signs = (direction(float(deltas.delta_pp[i])),
                     _sign(float(deltas.delta_spend_usd[i]), cells[4]),
                     _sign(float(deltas.delta_h100e[i]), cells[5]))
            for j, text in enumerate(cells):
                item = table.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    if j:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    table.setItem(i, j, item)
                item.setText(text)
                item.setToolTip(tip)
                if j >= 3:  # each difference in the colour of its own direction
                    item.setData(Qt.ItemDataRole.ForegroundRole, self.colour(signs[j - 3]))
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, deltas.vendor[i])
            self._shown[i] = (cells, tip)
        self._fit_columns([cells for cells, _tip in texts])

    @staticmethod
    def _row_texts(d: VendorDeltas, i: int, h100e_unit: str) -> tuple[tuple[str, ...], str]:
        delta = float(d.delta_pp[i])
        arrow = {1: "\u25b2 ", -1: "\u25bc ", 0: ""}[direction(delta)]
        cells = (short_name(d.name[i]), format_share(float(d.share_now[i])),
                 format_share(float(d.share_reference[i])), arrow + format_pp(delta),
                 format_signed(float(d.delta_spend_usd[i]), "USD"),
                 format_signed(float(d.delta_h100e[i]), h100e_unit))
        tip = (f"{d.name[i]} in {d.year}: spend {format_si(float(d.spend_now_usd[i]), 'USD')} "
               f"now, {format_si(float(d.spend_reference_usd[i]), 'USD')} in the reference; "
               f"compute {format_si(float(d.h100e_now[i]), h100e_unit)} now, "
               f"{format_si(float(d.h100e_reference[i]), h100e_unit)} in the reference")
        return cells, tip

    def rows(self) -> list[list[str]]:
        """The table's text, row by row (for tests and the clipboard)."""
        t = self.table
        return [[item.text() if (item := t.item(i, j)) is not None else ""
                 for j in range(t.columnCount())] for i in range(t.rowCount())]
