"""The window's table: the chart's own numbers first, the rest on request (kept in QSettings),
cells served from arrays, and updates throttled during a drag but exact on release."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QGraphicsItem
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset, table_display
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.charts.area import ChartArea
from chipscope.ui.main_window import MainWindow
from chipscope.ui.panels import chart_table
from chipscope.ui.panels.chart_table import THROTTLE_MS
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.session import Session


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "table-settings.ini"),
                     QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, dataset: object = None) -> MainWindow:
    win = MainWindow(Session(dataset or synthetic_dataset()), settings_file())  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.set_chart("vendor_share")
    qtbot.waitUntil(lambda: not win.is_table_stale())
    return win


def nudge(editor: ParamEditor) -> None:
    """Move the slider a few positions: down from its upper half, else up (so that steps in a
    row never come back to where they started)."""
    slider = editor.slider
    slider.setValue(slider.value() + (-5 if slider.value() > slider.maximum() // 2 else 5))


def kinds(win: MainWindow) -> list[str]:
    return [c.kind for c in win.table_model.shown_columns()]


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    settings_file().clear()
    return open_window(qtbot)


def test_the_share_chart_shows_shares_first_and_only(window: MainWindow) -> None:
    assert kinds(window) == ["category", "text"] + ["share"] * len(window.session.dataset
                                                                   .vendor_ids)
    full = window.table_model.frame()  # the whole table is still there, for exports
    assert any(c.endswith("(H100e, dense BF16)") for c in full.columns)


def test_an_amounts_chart_shows_amounts_first(window: MainWindow) -> None:
    window.set_chart("vendor_absolute")
    assert kinds(window)[2:] == ["value"] * (len(window.session.dataset.vendor_ids) + 1)
    assert not window.chart_table.group_actions["amounts"].isEnabled()  # always on here
    assert window.chart_table.group_actions["amounts"].isChecked()


def test_more_columns_on_request_and_remembered(qtbot: QtBot, window: MainWindow) -> None:
    window.chart_table.group_actions["ranges"].trigger()
    shown = window.table_model.shown_columns()
    ranges = [c for c in shown if c.kind == "band"]
    assert ranges and "value" not in kinds(window)
    # Only series whose range holds a number for the rows shown (the synthetic history has
    # ranges for some vendors only, never for projected years).
    full = window.table_model.table()
    for c in full.columns:
        if c.kind == "band":
            values = full.frame[c.label].to_numpy(np.float64)
            has = bool(np.any(np.isfinite(values) & (values != 0)))
            assert (c in ranges) or not has
    window.close()
    again = open_window(qtbot)  # a new window reads the choice back
    assert "band" in kinds(again) and "value" not in kinds(again)
    again.chart_table.show_all_action.trigger()
    assert {"share", "value", "band"} <= set(kinds(again))
    assert again.chart_table.group_actions["amounts"].isChecked()
    again.chart_table.show_all_action.trigger()
    assert set(kinds(again)) == {"category", "text", "share"}


def test_the_header_menu_offers_the_column_groups(window: MainWindow) -> None:
    texts = [a.text() for a in window.chart_table.menu.actions() if a.text()]
    assert texts[0] == "Show &all columns" and len(texts) == 1 + len(table_display.GROUPS)
    assert window.chart_table.menu in [a.menu() for a in window.menus["view"].actions()]


def test_cells_are_served_from_the_precomputed_grid(window: MainWindow,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> str:
        raise AssertionError("data() formatted a number")

    monkeypatch.setattr(table_display, "format_number", fail)
    model = window.table_model
    texts = [model.data(model.index(r, c)) for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert all(isinstance(t, str) for t in texts) and any("." in t for t in texts)


def test_a_drag_updates_the_table_at_most_every_100_ms_and_on_release(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert THROTTLE_MS == 100
    monkeypatch.setattr(chart_table, "THROTTLE_MS", 3000)  # a loaded machine stays inside it
    editor = window.assumptions_panel.editor("lock_in")
    assert isinstance(editor, ParamEditor)
    share = window.table_model.shown_columns()[2].label
    editor.slider.setSliderDown(True)
    count = window.session.recompute_count
    nudge(editor)
    qtbot.waitUntil(lambda: window.session.recompute_count > count)
    qtbot.waitUntil(lambda: not window.is_table_stale())  # first tick: the table follows
    shown = window.table_model.frame()[share].to_numpy().copy()
    count = window.session.recompute_count
    nudge(editor)  # within 100 ms: held back
    qtbot.waitUntil(lambda: window.session.recompute_count > count)
    assert window.is_table_deferred()
    timer = window.chart_table.timer  # held back: due when 3000 ms have passed since the
    assert timer.isActive() and 0 < timer.interval() <= 3000  # last update (a coarse timer's
    assert timer.remainingTime() > 0  # remaining time may read up to 5 % over its interval)
    np.testing.assert_array_equal(window.table_model.frame()[share].to_numpy(), shown)
    editor.slider.setSliderDown(False)  # release: the update runs on the next pass
    assert window.chart_table.timer.interval() == 0
    qtbot.waitUntil(lambda: not window.is_table_stale(), timeout=1000)
    _x, chart = window.chart_area.series_data()[share.removesuffix(" share (%)")]
    np.testing.assert_allclose(window.table_model.frame()[share].to_numpy(), chart)


def test_a_keyboard_step_updates_the_table_on_the_next_pass(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    editor = window.assumptions_panel.editor("lock_in")
    assert isinstance(editor, ParamEditor)
    for _ in range(3):  # one edit each: never held back, however fast
        count = window.session.recompute_count
        nudge(editor)
        qtbot.waitUntil(lambda c=count: window.session.recompute_count > c)
        assert not window.is_table_deferred()
        qtbot.waitUntil(lambda: not window.is_table_stale())


def test_a_slider_step_does_not_rebuild_the_history_whiskers(
        chart_area: ChartArea, synthetic: Dataset) -> None:
    from chipscope.model import AssumptionSpecs, project

    view = chart_area.current_view()
    assert view.name == "vendor_share"
    drawn = view._whisker_data  # type: ignore[attr-defined]
    assert drawn is not None and len(drawn["x"]) > 0
    moved = AssumptionSpecs.for_dataset(synthetic).defaults().replace({"lock_in": 0.5})
    chart_area.set_projection(project(synthetic, moved))  # the projection moves, the history not
    assert view._whisker_data is drawn  # type: ignore[attr-defined]
    # ... and their repaint under the moving projection is a copy of a cached pixmap.
    for item in (view.whiskers, view.whisker_halo):  # type: ignore[attr-defined]
        assert item.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache
    chart_area.set_measure("units")  # another measure: other whiskers
    assert view._whisker_data is not drawn  # type: ignore[attr-defined]
