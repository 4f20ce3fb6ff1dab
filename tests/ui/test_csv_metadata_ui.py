"""The window's and the compare view's CSV exports: metadata first, rounded numbers, and
pandas loads them with comment="#"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chipscope.model.export_meta import read_metadata
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.main_window import MainWindow
from chipscope.ui.scenarios.compare_view import WORKING, CompareView
from chipscope.ui.scenarios.working import WorkingScenario


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window(synthetic_dataset(), show=False)


def test_window_table_export_has_metadata_and_rounds(window: MainWindow, tmp_path: Path) -> None:
    window.session.set_value("lock_in", 2.5)
    window.session.recompute_now()
    window.set_basis("8bit")
    window.set_chart("vendor_share")
    out = tmp_path / "t.csv"
    assert window.export_table_to(out)
    text = out.read_text(encoding="utf-8")
    meta = read_metadata(text)
    assert meta["dataset"] == "Synthetic dataset" and meta["dataset_date"] == "2026-01-01"
    assert meta["scenario"] == window.scenarios.working.name
    assert meta["changed_assumptions"] == "lock_in=2.5"
    assert meta["compute_basis"].startswith("8bit")
    assert meta["exported_by"].startswith("ChipScope ")
    assert "Vendor share" in meta["table"] and "8-bit" in meta["measure"]
    frame = pd.read_csv(out, comment="#")
    table = window.chart_area.table()
    assert list(frame.columns) == [c.label for c in table.columns]  # every column
    shares = [c.label for c in table.columns if c.kind == "share"]
    np.testing.assert_allclose(frame[shares], table.frame[shares], atol=5e-4)
    for label in shares:  # 3 decimals: no float noise
        assert all(len(f"{v}".split(".")[-1]) <= 3 for v in frame[label])
    amounts = [c.label for c in table.columns if c.kind == "value"]
    np.testing.assert_allclose(frame[amounts], table.frame[amounts], rtol=1e-5)


def test_compare_export_names_every_scenario(user_working: WorkingScenario,
                                             make_compare: Callable[..., CompareView],
                                             tmp_path: Path) -> None:
    working = user_working
    working.new()
    working.session.set_value("lock_in", 1.5)
    working.save_as("Sticky, #1", "")
    working.session.set_value("lock_in", 2.0)
    view = make_compare(working)
    view.set_selection(["Sticky, #1", WORKING])
    out = tmp_path / "c.csv"
    assert view.export_table_to(out)
    meta = read_metadata(out.read_text(encoding="utf-8"))
    assert meta["scenario"].startswith("Sticky, #1 | ")
    assert meta["changed_assumptions (Sticky, #1)"] == "lock_in=1.5"
    assert meta[f"changed_assumptions ({view.label(WORKING)})"] == "lock_in=2"
    frame = pd.read_csv(out, comment="#")
    assert len(frame) == view.table_model.rowCount()
    assert "Sticky, #1 share (%)" in frame.columns  # the "#" in a header survives (quoted)
