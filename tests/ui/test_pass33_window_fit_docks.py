"""Pass 33 F3: on a screen narrower than the side docks' ideal width (1024 x 600, 1152 x 864),
a later start lays the docks out as the first does. The window is restored hidden at a size
within the screen, so narrowing the docks changes no size; the window's layout pass gave the
docks their narrowed widths while their own least widths were still the unnarrowed ones (their
layout not yet run), Qt clamped them to those, and nothing laid them out again: the
Assumptions dock lay under the central chart ("Reset all" hidden) and the uncertainty dock ran
past the window's right edge until the user resized the window.

Each start runs in its own process on a fake screen of that size (the offscreen platform's
screen configuration, no window frame), as the app starts: Qt's restoreGeometry measures the
real screen, which a patched ``QScreen.availableGeometry`` does not reach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.small_screen import small_screen, start_on_screen

_MEASURE = """
pump(1.0)
from PySide6.QtCore import QPoint
from chipscope.ui.window_fit import side_docks
button = win.assumptions_panel.reset_all_button
print(json.dumps({
    "window": [win.width(), win.height()],
    "central": win.centralWidget().geometry().getRect(),
    "docks": {d.objectName(): d.geometry().getRect() for d in side_docks(win)
              if d.isVisible() and not d.isFloating()},
    "reset_right": button.mapTo(win, QPoint(button.width(), 0)).x(),
}))
"""


def _start(home: Path, screen: Path) -> dict[str, Any]:
    return start_on_screen(_MEASURE, home=home, screen=screen, timeout=120)


def _misplaced(start: dict[str, Any]) -> list[str]:
    """Every side dock over the central widget or (partly) outside the window, and the
    Assumptions dock's "Reset all" button under the central widget."""
    width, _height = start["window"]
    cx, _cy, cw, _ch = start["central"]
    found = []
    for name, (x, _y, w, _h) in start["docks"].items():
        if x < cx + cw and cx < x + w:
            found.append(f"{name} x {x}..{x + w} over the central widget x {cx}..{cx + cw}")
        if x < 0 or x + w > width:
            found.append(f"{name} x {x}..{x + w} outside the window (0..{width})")
    if start["reset_right"] > cx:
        found.append(f"Reset all ends at x {start['reset_right']}, under the chart from x {cx}")
    return found


@pytest.mark.parametrize(("width", "height"), [(1024, 600), (1152, 864)])
def test_a_later_start_on_a_small_screen_lays_the_docks_out_as_the_first(
        tmp_path: Path, width: int, height: int) -> None:
    screen, home = small_screen(tmp_path, width, height)
    first = _start(home, screen)  # no settings yet; saves the geometry and state on close
    assert _misplaced(first) == [], first
    second = _start(home, screen)  # restored from them
    assert _misplaced(second) == [], second  # was the docks at their unnarrowed widths
    assert second["docks"].keys() == first["docks"].keys()
    for name, (_x, _y, w, _h) in second["docks"].items():
        assert abs(w - first["docks"][name][2]) <= 2, (first, second)
