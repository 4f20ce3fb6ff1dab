"""Pass 114 F2 (hang): a scenario row another program wrote with a description of megabytes
of one word made the window take 27 s to open at 10 MB (296 s at 30 MB), and as long again at
every refresh of the scenario list: the description's tooltip was wrapped whole, and Python's
textwrap is quadratic in a long word. The tooltip now shows at most 2,000 characters of it
(both ends, and the length)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from chipscope.ui.main_window import MainWindow
from tests.raw_scenarios import raw_row
from tests.ui.marks_window import opened

SIZE = 300_000


def test_a_long_description_is_shortened_in_its_tooltip(
        make_window: Callable[..., MainWindow]) -> None:
    window, working, panel, db = opened(make_window)
    raw_row(db, "Long", "{}", description="d" * (SIZE - 1) + "!")
    panel.refresh()
    row = next(r for r in panel.rows() if r.text(0) == "Long")
    tip = row.toolTip(1)
    assert len(tip) < 2_200 and tip.startswith("ddd") and "!" in tip   # both ends
    assert f"({SIZE:,} characters)" in tip.replace("\n", " ")
    assert len(row.text(1)) <= 90                                    # the column: one line
    working.open("Long")                                             # opens; values shown
    assert window.windowTitle().startswith("Long")
    with sqlite3.connect(db) as conn:                                # the row as it was
        stored = conn.execute("SELECT description FROM scenarios WHERE name = 'Long'").fetchone()
    conn.close()
    assert stored == ("d" * (SIZE - 1) + "!",)
