"""The search box of the "Sources and details" panel.

Typing filters every tab's table to the rows that match (rows hidden, so the tabs keep their
own models) and shows the count on each tab's title ("Deals (3)"); Enter goes to the first
hit's tab and selects its row; Esc clears. The matching is :mod:`chipscope.model.search`.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from chipscope.model import Dataset
from chipscope.model.search import Hit, SearchIndex

TAB_TABLES: dict[str, str] = {"Chips": "chips", "Adopters": "adopters", "Deals": "deals",
                              "Sources": "sources"}
"""Each tab of the panel -> the dataset table its rows are (in the same order)."""

PLACEHOLDER = "Search chips, deals, adopters, sources\u2026"
SHORTCUT = "Ctrl+Shift+F"


class SearchBox(QLineEdit):
    """Filters the tables of ``tabs`` (``views``: tab title -> its table view)."""

    sigHitsChanged = Signal(list)
    """The hits of the current text (list of :class:`~chipscope.model.search.Hit`)."""

    def __init__(self, dataset: Dataset, tabs: QTabWidget, views: Mapping[str, QTableView],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = tabs
        self.views = dict(views)
        self.index = SearchIndex(dataset)
        self.hits: list[Hit] = []
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self.setToolTip(
            f"<p>Show only the rows that contain every word typed (ids, names, notes, "
            f"citations, descriptions, URLs; case and accents ignored). The count of matching "
            f"rows is on each tab. Enter: go to the first match. Esc: clear. "
            f"{SHORTCUT}: come here from anywhere in the window.</p>")
        self.textChanged.connect(self.apply)
        self.returnPressed.connect(self.go_to_first)

    def sizeHint(self) -> QSize:
        """Wide enough for the placeholder (the tab bar's corner sizes it by its hint)."""
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(PLACEHOLDER) + 48, hint.height())

    def framed(self) -> QWidget:
        """The box with a little room on its right and below (for the tab bar's corner, where
        it would otherwise touch the panel's edge)."""
        holder = QWidget()
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(0, 1, 4, 2)
        layout.addWidget(self)
        return holder

    def apply(self, text: str | None = None) -> None:
        """Filter the tables to the rows matching ``text`` (the box's text if None)."""
        text = self.text() if text is None else text
        self.hits = self.index.search(text)
        active = bool(text.split())
        for title, view in self.views.items():
            hits = [h for h in self.hits if h.table == TAB_TABLES[title]]
            rows = {h.row for h in hits}
            model = view.model()
            for row in range(model.rowCount()):
                view.setRowHidden(row, active and row not in rows)
            tab = self.tabs.indexOf(view)
            self.tabs.setTabText(tab, f"{title} ({len(rows)})" if active else title)
            self.tabs.setTabToolTip(tab, hits_tooltip(hits) if active else "")
        self.sigHitsChanged.emit(self.hits)

    def go_to_first(self) -> None:
        """Show the first hit's tab with its row selected (nothing when there is no hit)."""
        for hit in self.hits:
            for title, table in TAB_TABLES.items():
                if table == hit.table and title in self.views:
                    view = self.views[title]
                    self.tabs.setCurrentWidget(view)
                    view.selectRow(hit.row)
                    view.scrollTo(view.model().index(hit.row, 0))
                    return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


def hits_tooltip(hits: list[Hit], most: int = 12) -> str:
    """Where each of ``hits`` matched: "b300: notes, chip: …Blackwell Ultra…" (rich text)."""
    if not hits:
        return "No row matches"
    lines = [f"<b>{escape(h.row_id)}</b> ({escape(', '.join(h.fields))}): {escape(h.snippet)}"
             for h in hits[:most]]
    more = len(hits) - most
    return "<br>".join(lines + ([f"... and {more:,} more"] if more > 0 else []))


def focus_search(dock: QDockWidget, box: SearchBox) -> None:
    """Show and raise the "Sources and details" dock and put the cursor in its search box."""
    dock.show()
    dock.raise_()
    box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    box.selectAll()
