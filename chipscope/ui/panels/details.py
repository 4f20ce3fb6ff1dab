"""Provenance: where each chip's and adopter's numbers come from.

:class:`DetailsPanel` lists chips, adopters, deals and sources with their citations and
confidence, and checks the projection against the public record (the "Checks" tab), with a
search box that filters the tables (:mod:`~chipscope.ui.panels.search_box`);
:func:`vendor_provenance` and :func:`adopter_provenance` give the tooltips of the form headings.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTabWidget,
    QWidget,
)

from chipscope.model import Dataset, Projection
from chipscope.model.provenance import (
    adopters_table,
    chips_table,
    deals_table,
    sources_table,
)
from chipscope.ui.palette import vendor_colours
from chipscope.ui.panels.checks import ChecksView
from chipscope.ui.panels.search_box import SearchBox
from chipscope.ui.panels.table_model import FrameTableModel
from chipscope.ui.worker import Worker


class DetailsPanel(QTabWidget):
    """Tabs listing the dataset's chips, adopters, deals and sources, with provenance, and the
    checks of the current projection against the public record (:meth:`set_projection`;
    computed on ``worker`` in the background if given, else at once)."""

    def __init__(self, dataset: Dataset, parent: QWidget | None = None,
                 worker: Worker | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.views: dict[str, QTableView] = {}
        colours = vendor_colours(dataset)
        names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
        by_name = {names[v]: c for v, c in colours.items()}
        for title, frame in (("Chips", chips_table(dataset)),
                             ("Adopters", adopters_table(dataset)),
                             ("Deals", deals_table(dataset)),
                             ("Sources", sources_table(dataset))):
            model = FrameTableModel(self)
            model.set_frame(frame, row_colours=_row_colours(frame, by_name))
            view = QTableView()
            view.setModel(model)
            view.setSortingEnabled(False)
            view.setWordWrap(False)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().hide()
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            view.resizeColumnsToContents()
            self.views[title] = view
            self.addTab(view, title)
        self.checks = ChecksView(dataset, worker=worker)
        self.addTab(self.checks, "Checks")
        self.setTabToolTip(self.count() - 1, "Modelled spend per vendor beside reported "
                                              "revenue and guidance, with the gap in %")
        self.search_box = SearchBox(dataset, self, self.views)  # filters the tabs above
        self.setCornerWidget(self.search_box.framed(), Qt.Corner.TopRightCorner)

    def set_projection(self, projection: Projection) -> None:
        """Follow the current projection (the Checks tab; the others show the dataset)."""
        self.checks.set_projection(projection)

    def table(self, title: str) -> pd.DataFrame:
        """The frame shown in one tab (for tests)."""
        model = self.views[title].model()
        assert isinstance(model, FrameTableModel)
        return model.frame()


def _row_colours(frame: pd.DataFrame,
                 by_vendor_name: Mapping[str, QColor]) -> list[QColor | None] | None:
    if "Vendor" not in frame.columns:
        return None
    return [by_vendor_name.get(v) for v in frame["Vendor"]]
