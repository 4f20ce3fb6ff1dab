"""Pass 34 F5: choosing the adopters chart on a 1,024 x 600 (or 1,280 x 720) screen widened the
window past the screen (1,165 / 1,329 px) until the next start. The adopters chart shows a year
selector in the chart area's control row, which raised the central widget's least width by
~140 px; the window had been fitted to the screen with its docks narrowed to the old least
width, so Qt widened it. The row's least width is now the same for every chart (and small).

Each start runs in its own process on a fake screen of that size (the offscreen platform's
screen configuration, no window frame), as the app starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.small_screen import small_screen, start_on_screen

_SWITCH = """
pump(0.8)
from chipscope.ui.charts.area import CHART_NAMES
area = qt.primaryScreen().availableGeometry()
seen = []
for name in list(CHART_NAMES) + [CHART_NAMES[0], "adopters"]:
    win.set_chart(name)
    pump(0.3)
    seen.append({"chart": name, "frame": win.frameGeometry().getRect(),
                 "inside": area.contains(win.frameGeometry()),
                 "central_least": win.centralWidget().minimumSizeHint().width()})
print(json.dumps({"screen": area.getRect(), "seen": seen}))
"""


@pytest.mark.parametrize(("width", "height"), [(1024, 600), (1280, 720)])
def test_switching_charts_keeps_the_window_within_a_small_screen(
        tmp_path: Path, width: int, height: int) -> None:
    screen, home = small_screen(tmp_path, width, height)
    result = start_on_screen(_SWITCH, home=home, screen=screen, timeout=180)
    seen = result["seen"]
    assert {s["chart"] for s in seen} >= {"vendor_share", "vendor_absolute", "chip_mix",
                                           "adopters"}
    outside = [f"{s['chart']}: window {s['frame']} past the screen {result['screen']}"
               for s in seen if not s["inside"]]
    assert not outside, outside
    # The chart area's least width does not depend on the chart shown.
    least = {s["chart"]: s["central_least"] for s in seen}
    assert len(set(least.values())) == 1, least
