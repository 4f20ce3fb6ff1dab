"""Pass 36 F6: on a 1,024 x 600 screen the Uncertainty dock is ~220 px wide, but the fan chart
kept a least width of 276 px, so its "Too small to draw the chart" note, centred on the whole
chart, was cut at both sides; and its style sheet made it a white box in the dark appearance.
Now the chart is no wider than the dock and the note takes the palette's colours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.ui.session import Session
from chipscope.ui.theme import full_palette
from chipscope.ui.uncertainty.fan_panel import FanPanel
from tests.ui.fan_setup import fan_panel


@pytest.fixture
def app() -> Iterator[QApplication]:
    """The application, its palette put back after the test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    yield app
    app.setPalette(old)


def panel_at(qtbot: QtBot, dataset: Dataset, width: int, height: int) -> FanPanel:
    panel = fan_panel(qtbot, Session(dataset), width, height, draws=100,
                      note="1,000 draws (seed 12)")
    qtbot.wait(60)
    return panel


@pytest.mark.parametrize("width", [240, 260])
def test_the_note_is_whole_in_a_narrow_dock(qtbot: QtBot, real_dataset: Dataset,
                                            width: int) -> None:
    panel = panel_at(qtbot, real_dataset, width, 240)
    chart, note = panel.chart, panel.chart.small_note
    assert note.isVisible(), chart.size()  # too low for a plot at this height
    # the dock's width is all there is (a least width larger than it cut the chart; the
    # vendor chooser's row alone needs ~238 px)
    assert chart.minimumWidth() <= width and chart.minimumSizeHint().width() <= width
    assert panel.width() == width
    assert chart.width() <= panel.width() - 8  # the layout's 4 px margins each side
    shown = QRect(note.mapTo(panel, QPoint(0, 0)), note.size())
    assert panel.rect().contains(shown), (shown, panel.rect())
    # the words wrapped to the width shown: every line of the text fits the note
    assert note.heightForWidth(note.width()) <= note.height()


@pytest.mark.parametrize("before", [True, False])
def test_the_note_takes_the_dark_palette(qtbot: QtBot, real_dataset: Dataset,
                                         app: QApplication, before: bool) -> None:
    dark = full_palette("dark")
    if before:
        app.setPalette(dark)
    panel = panel_at(qtbot, real_dataset, 240, 240)
    if not before:  # the appearance switched with the window open
        app.setPalette(dark)
        qtbot.wait(20)
    note = panel.chart.small_note
    assert note.isVisible()
    image = note.grab().toImage()
    background = QColor(image.pixel(3, 3))
    assert background == dark.color(QPalette.ColorRole.Window), background.name()
    assert note.palette().color(note.foregroundRole()) == \
        dark.color(QPalette.ColorRole.WindowText)
