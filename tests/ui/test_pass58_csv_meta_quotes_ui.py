"""P60-F1 in the window: Export table after saving the scenario as 'Bull case,"AI boom' gave
a file of 19 lines that csv.reader read as 13 rows."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from chipscope.ui.main_window import MainWindow


@pytest.mark.parametrize("name", ['Bull case,"AI boom', 'end,"', 'x;"=cmd|'])
def test_window_export_table_with_a_quote_in_the_name(
        name: str, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    window = make_window(show=False)  # the user database, so Save as works
    plain = tmp_path / "p.csv"
    assert window.export_table_to(plain)
    panel = window.scenarios.panel
    monkeypatch.setattr(panel, "ask_name", lambda *a: (name, ""))
    monkeypatch.setattr(panel, "confirm", lambda *a: True)
    panel.save_as()
    assert window.scenarios.working.name == name
    out = tmp_path / "q.csv"
    assert window.export_table_to(out)
    text = out.read_text(encoding="utf-8")
    with open(out, encoding="utf-8", newline="") as f:
        got = list(csv.reader(f))
    with open(plain, encoding="utf-8", newline="") as f:
        want = list(csv.reader(f))
    assert len(got) == len(text.splitlines()) == len(want)
    meta = sum(1 for line in text.splitlines() if line.startswith("#"))
    assert got[meta:] == want[meta:]
    assert any(name.split(",")[0].split(";")[0] in row[0] for row in got[:meta])
    pd.testing.assert_frame_equal(pd.read_csv(out, comment="#"), pd.read_csv(plain, comment="#"))
