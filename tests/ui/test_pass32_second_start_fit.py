"""Pass 32 F2: on a screen narrower than the side docks' ideal width (1024 x 600), every later
start fits as the first does. The restored frame lies within the screen (Qt's restoreGeometry
keeps it there), but the docks' lowered least width is not stored, so it must be lowered again:
else showing the window grew it to its 1265 px minimum, 241 px past the screen's right edge."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from chipscope.ui.main_window import MainWindow
from chipscope.ui.window_fit import side_docks
from tests.ui.test_pass31_first_fit_export import fake_screen, inside, settle
from tests.ui.test_pass31_window_fit import cut_off


def test_every_later_start_on_a_1024_x_600_screen_fits(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    area = fake_screen(monkeypatch, 1024, 600)
    for start in range(1, 4):  # the first start, then two starts with settings stored
        window = make_window()
        settle()
        least = window.minimumSizeHint().expandedTo(window.minimumSize()).width()
        assert least <= area.width(), (start, least)  # was 1265 from the second start on
        assert inside(window, area), (start, window.frameGeometry())
        assert cut_off(window) == []
        central = window.centralWidget()
        assert central is not None and central.width() >= 400, start
        window.close()
        settle()


def test_a_window_within_the_screen_still_gets_its_docks_narrowed(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(show=False)
    for dock in side_docks(window):  # as after a start on a wide screen: docks at full need
        widget = dock.widget()
        if widget is not None:
            widget.setMinimumWidth(0)
    # A screen a little narrower than the docks' ideal width (about 1,000 px since the fan
    # chart and the Assumptions rows give way, pass 36 F6 / pass 37; it was over 1,024).
    area = fake_screen(monkeypatch, 990, 600)
    window.resize(970, 560)  # a restored frame within the screen
    window.move(0, 0)
    QApplication.processEvents()
    assert area.contains(window.frameGeometry())
    assert window.minimumSizeHint().width() > area.width()  # the docks' ideal width
    window._fit_first_size()  # as restore_settings does: was left alone, not even measured
    assert window.minimumSizeHint().expandedTo(window.minimumSize()).width() <= area.width()
    assert inside(window, area), window.frameGeometry()
    window.show()  # fitted once more when shown (the hints of a shown window differ a little)
    settle()
    assert inside(window, area), window.frameGeometry()  # was grown to its minimum when shown
