"""The "Checks" tab: the current projection beside the public record, following the sliders;
updated on the window's background worker, with a visible "Updating…" state while pending."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.check_table import CheckResult, compute_checks
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.market_check import market_check, reported_frame
from chipscope.model.synthetic import synthetic_frames
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels.details import DetailsPanel
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.session import Session
from chipscope.ui.worker import Worker

REPORTED = pd.DataFrame([
    {"record_id": "guide", "vendor_group": "Vendor 0", "vendor_ids": "v0", "year": "2026",
     "metric": "Revenue guidance", "kind": "guidance", "period": "Q1 FY2027 (Feb-Apr 2026)",
     "period_months": "3", "period_note": "a quarter x 4", "value_usd": "2e9",
     "basis": "GPUs, networking and systems", "comparison": "central",
     "comparable_fraction": "0.8", "fraction_derivation": "compute share of revenue",
     "source_id": "synthetic", "confidence": "medium", "notes": ""},
    {"record_id": "seg", "vendor_group": "Vendor 1", "vendor_ids": "v1", "year": "2024",
     "metric": "Segment revenue", "kind": "reported", "period": "CY2024",
     "period_months": "12", "period_note": "calendar year", "value_usd": "5e9",
     "basis": "CPUs and GPUs", "comparison": "lower_bound", "comparable_fraction": "0.4",
     "fraction_derivation": "GPU part more than 2 $B", "source_id": "synthetic",
     "confidence": "high", "notes": ""},
])


def checked_dataset() -> Dataset:
    frames = synthetic_frames()
    frames["reported"] = REPORTED
    return Dataset.from_frames(frames)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    win = MainWindow(Session(checked_dataset()), settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def show_checks(window: MainWindow, qtbot: QtBot) -> None:
    window.details_dock.raise_()
    window.details_panel.setCurrentWidget(window.details_panel.checks)
    qtbot.waitUntil(lambda: window.details_panel.checks.isVisible()
                    and not window.details_panel.checks.is_stale())


def modelled(window: MainWindow, record: str) -> float:
    checks = window.details_panel.checks
    assert checks.plan is not None
    row = list(checks.plan.rows["record_id"]).index(record)
    return float(checks.table()["Modelled ($B)"].iloc[row])


def test_checks_tab_shows_the_model_check_in_billions(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.details_panel
    assert panel.tabText(panel.indexOf(panel.checks)) == "Checks"
    show_checks(window, qtbot)
    table = panel.checks.table()
    expected = market_check(window.session.projection, reported_frame(window.session.dataset))
    assert list(table["Vendor group"]) == ["Vendor 1", "Vendor 0"]  # by year
    np.testing.assert_allclose(table["Modelled ($B)"], expected["modelled_usd"] / 1e9)
    np.testing.assert_allclose(table["Comparable ($B)"], [2.0, 6.4])  # 5 x 0.4; 2 x 4 x 0.8
    np.testing.assert_allclose(table["Gap (%)"], expected["gap_pct"])
    assert list(table["Year"]) == ["2024", "2026 (projected)"]
    assert all("$B" in c or "%" in c for c in table.columns if table[c].dtype.kind == "f")
    model = panel.checks.model
    assert model.data(model.index(1, 3), Qt.ItemDataRole.DisplayRole) == \
        f"{table['Modelled ($B)'].iloc[1]:,.1f}"
    tip = model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    for words in ("Basis: GPUs, networking and systems", "a quarter x 4",
                  "compute share of revenue", "Synthetic data for tests", "Confidence: medium",
                  "\u00d7 12 / 3 months"):
        assert words in tip, words


def test_checks_follow_the_sliders(qtbot: QtBot, window: MainWindow) -> None:
    show_checks(window, qtbot)
    before, history = modelled(window, "guide"), modelled(window, "seg")
    editor = window.assumptions_panel.editor("vendor.v0.price_level_pct")
    assert isinstance(editor, ParamEditor)
    count = window.details_panel.checks.refresh_count
    editor.slider.setValue(editor.scale.to_position(-60))
    qtbot.waitUntil(lambda: window.details_panel.checks.refresh_count > count
                    and modelled(window, "guide") != before)
    expected = market_check(window.session.projection, reported_frame(window.session.dataset))
    assert modelled(window, "guide") == pytest.approx(expected["modelled_usd"].iloc[1] / 1e9)
    assert modelled(window, "seg") == history  # history does not move


def test_hidden_checks_do_no_work_and_catch_up(qtbot: QtBot, window: MainWindow) -> None:
    show_checks(window, qtbot)
    panel = window.details_panel
    panel.setCurrentIndex(0)  # the Chips tab
    qtbot.waitUntil(lambda: not panel.checks.isVisible())
    count = panel.checks.refresh_count
    before = modelled(window, "guide")
    window.session.set_value("vendor.v0.price_level_pct", 50)
    qtbot.waitUntil(lambda: panel.checks.is_stale())
    assert panel.checks.refresh_count == count
    panel.setCurrentWidget(panel.checks)
    qtbot.waitUntil(lambda: not panel.checks.is_stale() and modelled(window, "guide") != before)


def test_a_dataset_without_reported_figures_says_so(qtbot: QtBot, synthetic: Dataset) -> None:
    panel = DetailsPanel(synthetic)
    qtbot.addWidget(panel)
    panel.set_projection(project(synthetic, AssumptionSpecs.for_dataset(synthetic).defaults()))
    panel.setCurrentWidget(panel.checks)
    panel.show()
    qtbot.waitExposed(panel)
    assert "no reported figures" in panel.checks.intro.text()
    assert panel.checks.table().empty


def test_real_checks_tab_reads_well(qtbot: QtBot, real_dataset: Dataset,
                                    tmp_path: Path) -> None:
    panel = DetailsPanel(real_dataset)
    qtbot.addWidget(panel)
    panel.resize(1500, 640)
    panel.setCurrentWidget(panel.checks)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_projection(project(real_dataset,
                                 AssumptionSpecs.for_dataset(real_dataset).defaults()))
    table = panel.checks.table()
    assert {"NVIDIA", "AMD", "Broadcom AI (TPU + custom)"} <= set(table["Vendor group"])
    assert table["Year"].str.startswith("2026").any()
    image = panel.grab()
    path = tmp_path / "checks.png"
    assert image.save(str(path)) and path.stat().st_size > 10_000


def test_checks_are_computed_in_the_background(qtbot: QtBot, window: MainWindow) -> None:
    show_checks(window, qtbot)
    checks = window.details_panel.checks
    assert checks.worker is window.worker
    ran_on: list[int] = []
    compute = checks.compute

    def recording(*args: Any) -> CheckResult:
        ran_on.append(threading.get_ident())
        return compute(*args)

    checks.compute = recording
    count = checks.refresh_count
    window.session.set_value("vendor.v0.price_level_pct", 40)
    qtbot.waitUntil(lambda: checks.refresh_count > count and not checks.is_stale())
    assert ran_on and threading.get_ident() not in ran_on
    expected = market_check(window.session.projection, reported_frame(window.session.dataset))
    assert modelled(window, "guide") == pytest.approx(expected["modelled_usd"].iloc[1] / 1e9)
    assert checks.last_compute_ms > 0


def test_a_pending_update_shows_updating(qtbot: QtBot, window: MainWindow,
                                         tmp_path: Path) -> None:
    show_checks(window, qtbot)
    checks = window.details_panel.checks
    assert not checks.is_updating() and not checks.status.text()
    gate = threading.Event()
    compute = checks.compute

    def slow(*args: Any) -> CheckResult:
        gate.wait(60)  # until the test has seen the stale state
        return compute(*args)

    checks.compute = slow
    before = modelled(window, "guide")
    try:
        window.session.set_value("vendor.v0.price_level_pct", -50)
        qtbot.waitUntil(checks.is_updating, timeout=20_000)
        assert checks.is_stale() and not checks.view.isEnabled()
        assert "Updating" in checks.status.text()
        assert modelled(window, "guide") == before  # the old numbers, greyed
        assert checks.grab().save(str(tmp_path / "updating.png"))
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not checks.is_stale(), timeout=20_000)
    assert not checks.is_updating() and not checks.status.text()
    assert modelled(window, "guide") != before


def test_a_failed_update_says_so(qtbot: QtBot, window: MainWindow) -> None:
    show_checks(window, qtbot)
    checks = window.details_panel.checks

    def broken(*args: Any) -> CheckResult:
        raise ValueError("vendor_ids: 'v9' is not a vendor of the projection")

    checks.compute = broken
    window.session.set_value("vendor.v0.price_level_pct", 30)
    qtbot.waitUntil(lambda: bool(checks.error), timeout=20_000)
    assert "Could not update the checks" in checks.status.text()
    assert "'v9' is not a vendor" in checks.status.text()
    assert "Traceback" in checks.status.toolTip()
    assert checks.is_stale() and checks.is_updating()  # the table shown is not current
    checks.compute = compute_checks
    window.session.set_value("vendor.v0.price_level_pct", 20)
    qtbot.waitUntil(lambda: not checks.is_stale(), timeout=20_000)
    assert not checks.error and not checks.status.text() and checks.view.isEnabled()


def test_real_checks_in_the_background(qtbot: QtBot, real_dataset: Dataset) -> None:
    worker = Worker()
    panel = DetailsPanel(real_dataset, worker=worker)
    qtbot.addWidget(panel)
    panel.setCurrentWidget(panel.checks)
    panel.show()
    qtbot.waitExposed(panel)
    projection = project(real_dataset, AssumptionSpecs.for_dataset(real_dataset).defaults())
    try:
        panel.set_projection(projection)
        qtbot.waitUntil(lambda: panel.checks.refresh_count == 1, timeout=20_000)
        first_ms = panel.checks.last_compute_ms  # rows prepared (tooltips, plan)
        panel.set_projection(project(real_dataset, AssumptionSpecs.for_dataset(
            real_dataset).defaults().replace({"demand_growth_pct": 10.0})))
        qtbot.waitUntil(lambda: panel.checks.refresh_count == 2, timeout=20_000)
        expected = market_check(panel.checks.projection, reported_frame(real_dataset))
        np.testing.assert_allclose(panel.checks.table()["Modelled ($B)"],
                                   expected["modelled_usd"] / 1e9)
        assert panel.checks.last_compute_ms > 0 and first_ms > 0
    finally:
        assert worker.shutdown(20_000)


def test_a_result_for_an_older_projection_does_not_pass_for_current(
        qtbot: QtBot, window: MainWindow) -> None:
    show_checks(window, qtbot)
    panel, checks = window.details_panel, window.details_panel.checks
    gate = threading.Event()
    compute = checks.compute

    def slow(*args: Any) -> CheckResult:
        gate.wait(60)
        return compute(*args)

    checks.compute = slow
    count_before = checks.refresh_count
    try:
        window.session.set_value("vendor.v0.price_level_pct", -40)  # submitted, held back
        qtbot.waitUntil(lambda: window.worker.is_busy(checks.job_key), timeout=20_000)
        panel.setCurrentIndex(0)  # the Chips tab: the next projection only marks it stale
        qtbot.waitUntil(lambda: not checks.isVisible())
        count = window.session.recompute_count
        window.session.set_value("vendor.v0.price_level_pct", 60)
        qtbot.waitUntil(lambda: window.session.recompute_count > count
                        and checks.projection is window.session.projection)
        assert checks.refresh_count == count_before  # the -40 % result is still held back
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not window.worker.is_busy(), timeout=20_000)
    assert checks.is_stale()  # what arrived was for -40 %, not the current +60 %
    checks.compute = compute
    panel.setCurrentWidget(checks)
    qtbot.waitUntil(lambda: not checks.is_stale(), timeout=20_000)
    expected = market_check(window.session.projection, reported_frame(window.session.dataset))
    assert modelled(window, "guide") == pytest.approx(expected["modelled_usd"].iloc[1] / 1e9)
