"""FrameTableModel: formatting, units in headers, colour swatches, in-place updates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from chipscope.model.table_meta import Column, ColumnKind, Table
from chipscope.ui.charts.export import export_table_csv
from chipscope.ui.panels.table_model import RAW_ROLE, FrameTableModel, format_number, plain_table


def with_kinds(frame: pd.DataFrame, kinds: dict[str, ColumnKind]) -> Table:
    """``frame`` with plain metadata, except the kinds given by label."""
    return Table(frame, tuple(Column(c.key, c.label, kinds.get(c.label, c.kind), c.unit)
                              for c in plain_table(frame).columns))


def chart_like_table(scale: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame({
        "year": np.array([2024, 2025, 2026]),
        "period": ["history", "history", "projection"],
        "NVIDIA (H100e)": np.array([3_190_000.0, 8_110_000.0, 9_220_000.0]) * scale,
        "AMD (H100e)": np.array([553_907.4, 668_701.0, 0.0]) * scale,
        "NVIDIA share (%)": [85.2, 92.4, 100.0],
        "AMD share (%)": [14.8, 7.6, 0.0],
    })


def test_model_passes_qt_model_checks(qtmodeltester: ModelTester) -> None:
    model = FrameTableModel()
    model.set_frame(chart_like_table())
    qtmodeltester.check(model)


def test_headers_keep_units_and_cells_read_well(qapp: object) -> None:
    model = FrameTableModel()
    model.set_frame(chart_like_table())
    headers = [model.headerData(j, Qt.Orientation.Horizontal) for j in range(model.columnCount())]
    assert headers == list(chart_like_table().columns)

    def cell(r: int, c: int) -> str:
        return str(model.data(model.index(r, c)))

    assert cell(0, 0) == "2024"  # years without a thousands separator
    assert cell(0, 1) == "history"
    assert cell(0, 2) == "3.19M"
    assert cell(0, 3) == "554k"  # the table reads one way: NVIDIA reaches millions
    assert cell(1, 4) == "92.4"
    assert model.data(model.index(0, 3), RAW_ROLE) == 553_907.4
    align = model.data(model.index(0, 2), Qt.ItemDataRole.TextAlignmentRole)
    assert align & int(Qt.AlignmentFlag.AlignRight)


def test_format_number() -> None:
    assert format_number(0.123456) == "0.123"
    assert format_number(12.0) == "12"
    assert format_number(float("nan")) == ""
    assert format_number(4.5e10) == "45B"
    assert format_number(33.333, "share") == "33.3"
    assert format_number(274_439.0, "value", largest=1_070_000.0) == "274k"
    assert format_number(274_439.0, "value", largest=274_439.0) == "274,439"
    assert format_number(2.5, "value", largest=4e6) == "2.5"
    assert format_number(-12.345, "diff", largest=2e6) == "-12.3"  # shares stay


def test_the_table_reads_one_way(qapp: object, tmp_path: Path) -> None:
    frame = pd.DataFrame({
        "year": np.array([2029, 2030, 2031]),
        "Google (H100e)": [274_439.0, 1_070_000.0, 0.0],  # reaches a million: all k/M/B
        "AMD (H100e)": [274_439.4, 999_000.0, 12.0],  # below it, but the table reads one way
        "Google share (%)": [20.41, 1_234_567.0, 0.0],  # shares: one decimal, as before
    })
    model = FrameTableModel()
    model.set_table(with_kinds(frame, {"Google share (%)": "share"}))

    def column(c: int) -> list[str]:
        return [str(model.data(model.index(r, c))) for r in range(model.rowCount())]

    assert column(0) == ["2029", "2030", "2031"]
    assert column(1) == ["274k", "1.07M", "0"]
    assert column(2) == ["274k", "999k", "12"]
    assert column(3) == ["20.4", "1234567.0", "0.0"]
    assert model.data(model.index(0, 1), RAW_ROLE) == 274_439.0  # the exact value stays
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "274,439.00"
    export_table_csv(model.frame(), tmp_path / "t.csv")  # exports write exact numbers
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "t.csv"), frame)
    smaller = frame.assign(**{"Google (H100e)": [274_439.0, 5_000.0, 0.0]})
    model.set_table(with_kinds(smaller, {"Google share (%)": "share"}))  # same shape: the
    # format follows the new values
    assert column(1) == ["274,439", "5,000", "0"] and column(2) == ["274,439", "999,000", "12"]


def test_vendor_swatches_in_header_and_rows(qapp: object) -> None:  # pixmaps need an app
    model = FrameTableModel()
    red = QColor("#D55E00")
    model.set_frame(chart_like_table(), column_colours={"AMD (H100e)": red},
                    row_colours=[red, None, red])
    icon = model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    image = icon.pixmap(12, 12).toImage()
    assert image.pixelColor(6, 6).name() == red.name().lower()
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) is None
    assert isinstance(model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) is None


def test_same_shape_updates_in_place_and_new_shape_resets(qtbot: QtBot) -> None:
    model = FrameTableModel()
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_frame(chart_like_table())
    resets = model.reset_count
    with qtbot.waitSignal(model.dataChanged):
        model.set_frame(chart_like_table(2.0))
    assert model.reset_count == resets
    assert model.data(model.index(0, 2)) == "6.38M"
    with qtbot.waitSignal(model.modelReset):
        model.set_frame(chart_like_table().iloc[:2])
    assert model.rowCount() == 2


def test_formatting_follows_the_column_metadata_not_the_header(qapp: object) -> None:
    frame = pd.DataFrame({"Odd name (%)": [1_234_567.0, 2.0], "Plain": [12.345, 1.0],
                          "Gap": [-0.05, 3.0], "Label": ["a", "b"]})
    model = FrameTableModel()
    table = Table(frame, (Column("odd", "Odd name (%)", "value", "H100e"),
                          Column("plain", "Plain", "share", "%", "NVIDIA"),
                          Column("gap", "Gap", "diff", "pp", "NVIDIA"),
                          Column("label", "Label", "text")))
    model.set_table(table)
    cells = [[str(model.data(model.index(r, c))) for c in range(4)] for r in range(2)]
    # "(%)" in a header means nothing; the kind does: the amount column reaches a million.
    assert cells == [["1.23M", "12.3", "-0.1", "a"], ["2", "1.0", "3.0", "b"]]
    assert model.table() is table


def test_series_colours_go_to_the_series_amount_and_share_columns(qapp: object) -> None:
    frame = pd.DataFrame({"year": [2024], "A (x)": [1.0], "A share (%)": [100.0],
                          "A share p5 (%)": [90.0], "Total (x)": [1.0]})
    table = Table(frame, (Column("year", "year", "category"),
                          Column("value:a", "A (x)", "value", "x", "A"),
                          Column("share:a", "A share (%)", "share", "%", "A"),
                          Column("p5:a", "A share p5 (%)", "band", "%", "A"),
                          Column("total", "Total (x)", "value", "x")))
    model = FrameTableModel()
    model.set_table(table, series_colours={"A": QColor("#D55E00")})
    icons = [model.headerData(j, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
             for j in range(5)]
    assert [isinstance(i, QIcon) for i in icons] == [False, True, True, False, False]


def test_a_table_checks_its_labels_against_the_frame() -> None:
    with pytest.raises(ValueError, match="labels"):
        Table(pd.DataFrame({"a": [1]}), (Column("b", "b", "value"),))
    assert Table.empty().frame.empty and Table.empty().columns == ()


def test_an_update_signals_only_the_cells_whose_text_changed(qtbot: QtBot) -> None:
    model = FrameTableModel()
    model.set_frame(chart_like_table())
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_frame(chart_like_table())  # same numbers: nothing to repaint
    moved = chart_like_table()
    moved.loc[2, "AMD share (%)"] = 3.0  # the projection row of one column
    moved.loc[1, "NVIDIA share (%)"] = 90.0
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.set_frame(moved)
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), top_left.column()) == (1, 4)
    assert (bottom_right.row(), bottom_right.column()) == (2, 5)
