"""The search box of the Sources and details panel: typing filters every tab to the matching
rows with the count on each tab's title, Enter goes to the first hit, Esc clears, and
Ctrl+Shift+F comes to it from anywhere in the window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.model.dataset import Dataset
from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.details import DetailsPanel
from chipscope.ui.panels.search_box import PLACEHOLDER
from chipscope.ui.session import Session
from tests.ui.conftest import load_real_dataset, real_data_available

SHOTS = Path("/work/shots/search")
pytestmark = pytest.mark.skipif(not real_data_available(), reason="no bundled data/*.csv")


@pytest.fixture
def panel(qtbot: QtBot) -> DetailsPanel:
    widget = DetailsPanel(load_real_dataset())
    qtbot.addWidget(widget)
    widget.resize(1200, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def visible(panel: DetailsPanel, title: str, column: str) -> list[str]:
    view = panel.views[title]
    frame = panel.table(title)
    return [str(frame[column].iloc[r]) for r in range(len(frame)) if not view.isRowHidden(r)]


def titles(panel: DetailsPanel) -> list[str]:
    return [panel.tabText(i) for i in range(panel.count())]


def test_typing_filters_every_tab_and_counts_on_the_titles(qtbot: QtBot,
                                                           panel: DetailsPanel) -> None:
    box = panel.search_box
    assert box.placeholderText() == PLACEHOLDER
    assert box.parent() is panel.cornerWidget(Qt.Corner.TopRightCorner)
    # The whole box and its placeholder are on screen, not clipped by the panel's edge.
    assert box.mapTo(panel, box.rect().topRight()).x() < panel.width() - 2
    assert box.width() >= box.fontMetrics().horizontalAdvance(PLACEHOLDER)
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.grab().save(str(SHOTS / "empty.png"))
    qtbot.keyClicks(box, "trainium")
    chips = visible(panel, "Chips", "Chip")
    assert {"Trainium (Trn1)", "Trainium2", "Trainium3"} <= set(chips)
    assert "H100/H200 SXM" not in chips
    deals = visible(panel, "Deals", "Deal")
    assert len(deals) == 4 and all("Trainium" in d for d in deals)
    assert titles(panel)[:4] == [f"Chips ({len(chips)})",
                                 f"Adopters ({len(visible(panel, 'Adopters', 'Adopter'))})",
                                 "Deals (4)",
                                 f"Sources ({len(visible(panel, 'Sources', 'Citation'))})"]
    assert titles(panel)[4] == "Checks"
    # Each tab's tooltip says where its rows matched.
    tip = panel.tabToolTip(2)
    assert "<b>apple_trainium2_eval</b> (deal_id, description, chip_id" in tip
    assert "Apple-Trainium2 (evaluation)" in tip
    panel.setCurrentIndex(2)
    panel.grab().save(str(SHOTS / "deals-trainium.png"))
    # A word found nowhere: every table empty, every count 0.
    box.setText("trainium zzyzx")
    assert titles(panel)[:4] == ["Chips (0)", "Adopters (0)", "Deals (0)", "Sources (0)"]
    assert visible(panel, "Deals", "Deal") == []
    # Esc clears: every row back, plain titles.
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    assert titles(panel)[:4] == ["Chips", "Adopters", "Deals", "Sources"]
    assert panel.tabToolTip(2) == ""
    assert len(visible(panel, "Sources", "Citation")) == len(panel.table("Sources"))


def test_accents_and_case_are_ignored(qtbot: QtBot, panel: DetailsPanel) -> None:
    panel.search_box.setText("HUAWÉI")
    assert set(visible(panel, "Chips", "Vendor")) == {"Huawei (Ascend)"}
    assert panel.tabText(0) == f"Chips ({len(visible(panel, 'Chips', 'Chip'))})"


def test_enter_goes_to_the_first_hit_and_selects_its_row(qtbot: QtBot,
                                                         panel: DetailsPanel) -> None:
    panel.setCurrentIndex(0)
    qtbot.keyClicks(panel.search_box, "project rainier")
    assert panel.tabText(0) == "Chips (0)"  # no chip: the first hit is a deal
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert panel.currentWidget() is panel.views["Deals"]
    rows = panel.views["Deals"].selectionModel().selectedRows()
    assert len(rows) == 1
    assert panel.table("Deals")["Deal"].iloc[rows[0].row()].startswith("Anthropic-Trainium2")
    panel.grab().save(str(SHOTS / "enter-first-hit.png"))


def test_ctrl_shift_f_raises_the_dock_and_focuses_the_box(qtbot: QtBot) -> None:
    dataset, db = open_user_database()
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(dataset), settings, db_path=db)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    shortcuts = [a.shortcut() for a in win.findChildren(type(win.menus["edit"].actions()[0]))
                 if not a.shortcut().isEmpty()]
    assert shortcuts.count(QKeySequence("Ctrl+Shift+F")) == 1  # no clash
    win.table_dock.raise_()
    win.chart_area.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_F, ctrl_shift)
    box = win.details_panel.search_box
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box)
    assert not win.details_panel.visibleRegion().isEmpty()  # the dock is in front
    qtbot.keyClicks(box, "openai")
    assert win.details_panel.tabText(2).startswith("Deals (")
    win.grab().save(str(SHOTS / "window-search.png"))
    # A replaced dataset keeps the search.
    win.session.replace_dataset(Dataset.from_frames(dict(dataset.frames)), [])
    assert win.details_panel.search_box.text() == "openai"
    assert win.details_panel.tabText(2).startswith("Deals (")
