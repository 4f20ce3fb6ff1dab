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


def test_a_long_series_name_is_cut_in_the_name_and_keeps_its_unit(qapp: object) -> None:
    """Review of pass 79 F8: "VVV…" cut at its end lost "share (%)", so two long names' value
    and share columns read the same; the cut is in the series name, the unit stays."""
    from chipscope.model.table_meta import Column, Table

    name, other = "V" * 100, "Baseline with a rather long name given to it by the user"
    columns = [Column("share:v", f"{name} share (%)", "share", "%", name),
               Column("value:v", f"{name} (H100e)", "value", "H100e", name),
               Column("diff:v", f"{name} \u2212 {other} (pp)", "diff", "pp", name),
               Column("value:w", "W (H100e)", "value", "H100e", "W")]
    model = FrameTableModel()
    model.set_table(Table.build([(c, [1.0]) for c in columns]))
    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    shown = [str(_header(model, j, display)) for j in range(4)]
    assert shown[0] == "V" * (HEADER_LIMIT - len(" share (%)") - 1) + "\u2026 share (%)"
    assert shown[1] == "V" * (HEADER_LIMIT - len(" (H100e)") - 1) + "\u2026 (H100e)"
    assert shown[2].startswith("VVV") and shown[2].endswith("\u2026")  # the rest cut at half
    assert shown[2].split("\u2026 ")[1] == f"\u2212 {other}"[:HEADER_LIMIT // 2 - 1] + "\u2026"
    assert all(len(s) == HEADER_LIMIT for s in shown[:3])
    assert shown[3] == "W (H100e)" and _header(model, 3, tip) is None
    assert [_header(model, j, tip) for j in range(3)] == [c.label for c in columns[:3]]


def test_a_header_that_is_only_its_long_name_is_cut_as_a_name(qapp: object) -> None:
    """Pass 84, F3: a label that is its series name alone ended in "… " (a space)."""
    from chipscope.ui.plain import header_line

    assert header_line("V" * 80, "V" * 80, 60) == "V" * 59 + "\u2026"
    assert header_line("V" * 80 + "  ", "V" * 80, 60) == "V" * 59 + "\u2026"


def test_a_name_of_hidden_characters_is_cut_between_whole_escapes(qapp: object) -> None:
    """Pass 85, F3: 30 right-to-left overrides, each shown as its 6-character escape, were cut
    inside an escape: "\\u202e\\u202e\\u202e\\… share (%)", a lone backslash before "…"."""
    from chipscope.ui.plain import header_line, name_line

    rlo = "\u202e"
    escape = "\\u202e"
    assert header_line(rlo * 30 + " share (%)", rlo * 30, 30) == escape * 3 + "\u2026 share (%)"
    assert name_line(rlo * 30, 30) == escape * 4 + "\u2026"  # 25 of 29 characters of room
    assert name_line("ab" + rlo, 8) == "ab" + escape  # fits whole: not cut
    assert name_line("ab" + rlo + "c", 8) == "ab\u2026"  # the escape does not fit: left out
    assert name_line("abcdefghij", 5) == "abcd\u2026"  # plain names are cut as before
