"""Pass 79, F8: a column headed with a 100-character name (a vendor named so in Edit data) was
as wide as the window. Headers over 60 characters are cut with "…" and shown whole in their
tooltip; a header's line break shows as a space."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt

from chipscope.ui.panels.table_model import HEADER_LIMIT, FrameTableModel

LONG = "V" * 100 + " (H100e)"


def _header(model: FrameTableModel, j: int, role: Qt.ItemDataRole) -> object:
    return model.headerData(j, Qt.Orientation.Horizontal, role)


def test_a_long_header_is_cut_and_whole_in_its_tooltip(qapp: object) -> None:
    model = FrameTableModel()
    model.set_frame(pd.DataFrame({"year": [2024], LONG: [1.0], "Two\nlines": [2.0]}))
    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    assert _header(model, 0, display) == "year"
    assert _header(model, 0, tip) is None
    assert _header(model, 1, display) == "V" * (HEADER_LIMIT - 1) + "\u2026"
    assert _header(model, 1, tip) == LONG
    assert _header(model, 2, display) == "Two lines"
    assert _header(model, 2, tip) == "Two\nlines"


def test_a_header_tooltip_is_literal_text_not_html(qapp: object) -> None:
    """Pass 81, F3: a name holding "<img src=... width=3000>" drew a 3,000-pixel tooltip."""
    name = "<img src='x.png' width=3000 height=3000>" + "N" * 30
    model = FrameTableModel()
    model.set_frame(pd.DataFrame({name: [1.0]}))
    tip = str(_header(model, 0, Qt.ItemDataRole.ToolTipRole))
    assert "<img" not in tip
    assert "&lt;img src='x.png' width=3000 height=3000&gt;" + "N" * 30 in tip
