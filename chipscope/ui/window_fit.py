"""A restored window fitted to the screen it opens on: a window saved on a larger screen (or
at 1400 x 900, the first size) is brought within the screen's available area, never below
the size its docks need, and the side docks are given their room again so that the central
chart keeps the most width (restoreState keeps the side docks' saved share, which on a
smaller screen left the Assumptions rows cut off and the fan chart squashed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDE_SHARE = 0.3
"""The most of the window's width one side dock is given when the window had to shrink."""


def fit_to_screen(window: QMainWindow, docks: list[QDockWidget]) -> bool:
    """Bring ``window`` within its screen's available area (its frame included, not below its
    minimum size) and, if it had to shrink, give each visible dock of ``docks`` (left or
    right ones) its needed width, or up to :data:`SIDE_SHARE` of the window where there is
    room. True when the window was changed."""
    screen = window.screen()
    if screen is None:
        return False
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    width = max(minimum.width(), min(window.width(), area.width() - extra_w))
    height = max(minimum.height(), min(window.height(), area.height() - extra_h))
    if (width, height) == (window.width(), window.height()):
        return False
    window.resize(width, height)
    x = max(area.left(), min(frame.left(), area.right() + 1 - width - extra_w))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - height - extra_h))
    window.move(x, y)
    shown = [d for d in docks if d.isVisibleTo(window) and not d.isFloating()]
    if shown:
        sizes = [max(d.minimumSizeHint().width(), min(d.width(), int(width * SIDE_SHARE)))
                 for d in shown]
        window.resizeDocks(shown, sizes, Qt.Orientation.Horizontal)
    return True
