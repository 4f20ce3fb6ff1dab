"""The window fitted to the screen it opens on: the first size (1400 x 900) and a window saved
on a larger screen are brought within the screen's available area, and the side docks are
given their room again so that the central chart keeps the most width (restoreState keeps the
side docks' saved share, which on a smaller screen left the Assumptions rows cut off and the
fan chart squashed). On a screen narrower than the width the side docks ideally need (the
Assumptions rows whole, two fan-chart legend columns: about 1,200 px), the side docks give up
width down to :data:`DOCK_FLOOR` each (or their contents' own floor, :func:`dock_floor`), so
the window still fits a 1024-wide screen; the Assumptions rows then give way (the slider above
the number box, names ending in "…"), and only below that scroll sideways."""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

SIDE_SHARE = 0.3
"""The most of the window's width one side dock is given when the window had to shrink."""

DOCK_FLOOR = 160
"""The least width a side dock's contents give up to on a narrow screen."""

SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
WIDE = 1400
"""A screen at least this wide (the first start's width) holds the window's least width
(about 1,265 px with the docks whole): a window within it is left alone, not even measured."""


def side_docks(window: QMainWindow) -> list[QDockWidget]:
    """The window's docks in its left and right areas (shown or not)."""
    return [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) in SIDES]


def dock_floor(contents: QWidget) -> int:
    """The least width a dock's ``contents`` give up to: :data:`DOCK_FLOOR`, or more where
    they say so (a ``dock_floor()`` method: the Assumptions forms' rows, whose number boxes
    would else lie cut off at the dock's edge, pass 37)."""
    own = getattr(contents, "dock_floor", None)
    return max(DOCK_FLOOR, int(own())) if callable(own) else DOCK_FLOOR


def _least(window: QMainWindow) -> QSize:
    return window.minimumSizeHint().expandedTo(window.minimumSize())


def fit_to_screen(window: QMainWindow, docks: list[QDockWidget]) -> bool:
    """Bring ``window`` within its screen's available area (its frame included, not below its
    minimum size, which the side docks of ``docks`` lower where the screen is narrower than
    it) and, if it had to shrink, give each visible dock of ``docks`` (left or right ones) its
    needed width, or up to :data:`SIDE_SHARE` of the window where there is room. True when
    the window was changed."""
    screen = window.screen()
    if screen is None:
        return False
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    if area.contains(frame) and area.width() >= WIDE:
        return False
    shown = [d for d in docks if d.isVisibleTo(window) and not d.isFloating()
             and window.dockWidgetArea(d) in SIDES]
    # Also for a frame within the screen (Qt's restoreGeometry keeps it there): the docks'
    # lowered least width is not stored, and showing the window would grow it to the minimum.
    narrowed = _narrow_docks(window, shown, _least(window).width() - (area.width() - extra_w))
    if area.contains(frame) and not narrowed:  # already within, and its minimum fits
        return False
    minimum = _least(window)
    width = max(minimum.width(), min(window.width(), area.width() - extra_w))
    height = max(minimum.height(), min(window.height(), area.height() - extra_h))
    resized = (width, height) != (window.width(), window.height())
    if resized:
        window.resize(width, height)
    # Moved within the area also when its size stays: a restored frame of the right size
    # may lie a few pixels past the screen's edge (restoreGeometry's frame offsets).
    x = max(area.left(), min(frame.left(), area.right() + 1 - width - extra_w))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - height - extra_h))
    moved = (x, y) != (frame.left(), frame.top())
    if moved:
        window.move(x, y)
    if not (resized or moved or narrowed):
        return False
    if shown:
        sizes = [max(d.minimumSizeHint().width(), min(d.width(), int(width * SIDE_SHARE)))
                 for d in shown]
        window.resizeDocks(shown, sizes, Qt.Orientation.Horizontal)
    return True


def _narrow_docks(window: QMainWindow, docks: list[QDockWidget], excess: int) -> bool:
    """Lower the least width of ``docks``' contents by ``excess`` pixels in all (each in
    proportion to what it has above :data:`DOCK_FLOOR`, never below it), so that the window's
    minimum width fits the screen; nothing when ``excess`` is not positive. True when they
    were narrowed."""
    contents = [w for w in (d.widget() for d in docks) if w is not None]
    needs = [w.minimumWidth() or w.minimumSizeHint().width() for w in contents]  # as now
    floors = [dock_floor(w) for w in contents]
    spare = sum(max(0, n - f) for n, f in zip(needs, floors, strict=True))
    if excess <= 0 or spare <= 0:
        return False
    give = min(1.0, excess / spare)
    for widget, need, floor in zip(contents, needs, floors, strict=True):
        if need > floor:
            widget.setMinimumWidth(need - math.ceil((need - floor) * give))
    # The docks' own least width lowered now, not at their next layout request (a hidden
    # window's waits for showing): else the window's layout pass below gives them the narrowed
    # width, Qt clamps it to their old least width, and the docks keep restoreState's widths,
    # over the chart and past the window's edge, until the window is resized.
    for dock in docks:
        dock_layout = dock.layout()
        if dock_layout is not None:
            dock_layout.activate()
    window.updateGeometry()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    return True
