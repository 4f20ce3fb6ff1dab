"""View > Uncertainty: fan bands from the ensemble (fresh / stale while values move), the table
with the same percentiles, the one-vendor view, the Sensitivity (tornado) dock, and ranges set
next to the assumptions' fields."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.uncertainty import Range
from chipscope.storage import open_user_database
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session
from chipscope.ui.uncertainty import controller
from chipscope.ui.uncertainty.controller import DEFAULT_DRAWS, SHORTCUT, UncertaintyView
from chipscope.ui.uncertainty.jobs import compute_bands

WAIT_MS = 120_000  # a loaded 2-core machine: generous, never a timing assert


def settings_file(draws: int | None = 200, bands: bool | None = None) -> QSettings:
    s = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                  QSettings.Format.IniFormat)
    if draws is not None:
        s.setValue("uncertainty/draws", draws)
    if bands is not None:
        s.setValue("uncertainty/show_bands", bands)
    s.sync()
    return s


def open_window(qtbot: QtBot, dataset: Dataset, settings: QSettings | None = None
                ) -> MainWindow:
    win = MainWindow(Session(dataset), settings if settings is not None else settings_file())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def wait_fresh(qtbot: QtBot, u: UncertaintyView) -> None:
    qtbot.waitUntil(u.is_fresh, timeout=WAIT_MS)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return open_window(qtbot, synthetic_dataset())


@pytest.fixture
def real_window(qtbot: QtBot, real_dataset: Dataset) -> MainWindow:
    return open_window(qtbot, real_dataset)


def test_bands_are_on_by_default_with_1000_draws(qtbot: QtBot) -> None:
    win = open_window(qtbot, synthetic_dataset(), settings_file(draws=None))
    u = win.uncertainty
    assert u.bands_on() and u.fan_dock.isVisible()
    assert u.draws == DEFAULT_DRAWS == 1000
    assert u.bands_action.shortcut().toString() == SHORTCUT
    others = [a for a in win.findChildren(type(u.bands_action))
              if a is not u.bands_action and a.shortcut().toString() == SHORTCUT]
    assert others == []  # Ctrl+U is free
    wait_fresh(qtbot, u)
    assert u.outcome is not None and u.outcome.result.n == 1000


def test_bands_drawn_ordered_and_lighter(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)
    result = u.outcome.result  # type: ignore[union-attr]
    assert u.panel.result is result  # one EnsembleResult for chart and table
    widths = []
    for vid in result.vendor_ids:
        band = u.panel.chart.drawn_band(vid)
        assert band[0][0] == result.base_year  # bands start at the base year...
        assert band[0][-1] == result.years[-1]  # ...and cover the projected years
        stack = np.vstack([band[q] for q in (5, 25, 50, 75, 95)])
        assert np.all(np.diff(stack, axis=0) >= -1e-9), vid  # p5 <= p25 <= ... <= p95
        widths.append(float(np.max(band[95] - band[5])))
        items = u.panel.chart.items[vid]
        assert items.outer.brush().color().alpha() < items.inner.brush().color().alpha() < 255
    assert max(widths) > 0.5  # percentage points: the bands are not flat


def test_table_shows_the_chart_percentiles(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)
    for chart, measure in (("vendor_share", None), ("vendor_absolute", "spend_usd")):
        window.chart_area.set_chart(chart)
        if measure:
            window.chart_area.set_measure(measure)
        frame = u.panel.table_frame
        unit = "%" if measure is None else "USD"
        assert list(frame.columns[2:]) == [f"p{q} ({unit})" for q in (5, 25, 50, 75, 95)]
        names = u.panel.names
        for vid in u.outcome.result.vendor_ids:  # type: ignore[union-attr]
            band = u.panel.chart.drawn_band(vid)
            rows = frame[frame["Vendor"] == names[vid]]
            keep = band[0] > u.outcome.result.base_year  # type: ignore[union-attr]
            assert list(rows["Year"]) == [int(y) for y in band[0][keep]]
            for i, q in enumerate((5, 25, 50, 75, 95)):
                np.testing.assert_array_equal(rows.iloc[:, 2 + i].to_numpy(), band[q][keep])
        assert u.panel.table.rowCount() == len(frame)
    # The chart's shares are the ensemble's share percentiles in %.
    window.chart_area.set_chart("vendor_share")
    result = u.outcome.result  # type: ignore[union-attr]
    band = u.panel.chart.drawn_band(result.vendor_ids[0])
    np.testing.assert_allclose(band[95][-1], 100 * result.share[4, -1, 0])


def test_one_vendor_view(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)
    vid = u.outcome.result.vendor_ids[1]  # type: ignore[union-attr]
    u.focus_actions[vid].trigger()  # View > Uncertainty > One vendor
    chart = u.panel.chart
    assert chart.focus == vid
    for other, items in chart.items.items():
        assert items.outer.isVisible() == (other == vid)
        assert items.edges[50].isVisible() == (other == vid)
    assert chart.items[vid].edges[50].opts["pen"].style() == Qt.PenStyle.DotLine  # the median
    assert set(u.panel.table_frame["Vendor"]) == {u.panel.names[vid]}
    assert u.panel.vendor_combo.currentData() == vid
    u.set_focus(None)
    assert chart.items[u.outcome.result.vendor_ids[0]].outer.isVisible()  # type: ignore[union-attr]


def test_stale_while_dragging_then_fresh_for_the_final_values(window: MainWindow,
                                                              qtbot: QtBot) -> None:
    u = window.uncertainty
    u.set_draws(10000)  # long enough (about 1 s) to see the event loop run beside it
    wait_fresh(qtbot, u)
    beats: list[int] = []
    heart = QTimer()
    heart.setInterval(10)  # counts the beats that happen while an ensemble is computing
    heart.timeout.connect(lambda: beats.append(1) if u.worker.is_busy("ensemble") else None)
    heart.start()
    key = "switching_speed"
    values = np.linspace(0.2, 0.8, 25)
    submitted = u.worker.generation("ensemble")
    first = window.session.dataset.vendor_ids[0]

    def line_end() -> float:
        return float(u.panel.chart.items[first].projected.getData()[1][-1])

    def share_end() -> float:
        return float(window.session.projection.vendor_shares("h100e")[-1, 0] * 100)

    seen: set[float] = set()
    for v in values:  # a drag: one tick per event-loop pass
        window.session.set_value(key, float(v))
        qtbot.wait(15)
        assert not u.is_fresh()
        assert u.panel.stale and u.panel.chart.note.isVisible()  # greyed, "bands updating…"
        seen.add(round(line_end(), 9))
    # The central line follows the drag (at most every LINE_THROTTLE_MS, not every tick)...
    assert len(seen) >= 3
    # ...and catches up with the values set within that time.
    qtbot.waitUntil(lambda: line_end() == pytest.approx(share_end()), timeout=1000)
    stale_brush = u.panel.chart.items[window.session.dataset.vendor_ids[0]].outer.brush()
    c = stale_brush.color()
    assert c.hsvSaturation() < 60  # desaturated while stale
    window.session.finish_edit(key)  # the release: asked RELEASE_DEBOUNCE_MS later
    during = len(beats)
    wait_fresh(qtbot, u)
    heart.stop()
    assert len(beats) - during >= 5  # the event loop kept running while the bands computed
    assert u.last_latency_ms > 0  # release -> fresh bands, measured
    # Fewer ensembles than ticks: the drag was debounced and superseded requests dropped.
    assert u.worker.generation("ensemble") - submitted < len(values)
    assert u.outcome is not None
    assert u.outcome.request.assumptions == window.session.assumptions
    assert u.outcome.request.assumptions[key] == pytest.approx(values[-1])
    expected = compute_bands(window.session.dataset, u.current_request()).result
    np.testing.assert_allclose(u.panel.result.share, expected.share)  # type: ignore[union-attr]
    assert not u.panel.stale and not u.panel.chart.note.isVisible()


def test_a_failed_ensemble_says_why(window: MainWindow, qtbot: QtBot,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("draws: 10,000 draws would need about 2.0 GB of memory")

    monkeypatch.setattr(controller, "compute_bands", broken)
    u.set_draws(10000)
    qtbot.waitUntil(lambda: "Bands not computed" in u.panel.status.text(), timeout=WAIT_MS)
    assert "2.0 GB" in u.panel.status.text() and u.panel.stale  # the old bands stay, greyed


def test_bands_follow_a_new_dataset(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)
    other = synthetic_dataset(n_vendors=3)
    window.replace_dataset(other)
    wait_fresh(qtbot, u)
    assert u.outcome is not None and u.outcome.result.vendor_ids == tuple(other.vendor_ids)
    assert set(u.panel.chart.items) == set(other.vendor_ids)
    assert len(u.focus_actions) == len(other.vendor_ids) + 1


def test_show_bands_toggle_is_kept(qtbot: QtBot) -> None:
    win = open_window(qtbot, synthetic_dataset())
    u = win.uncertainty
    u.bands_action.trigger()
    assert not u.bands_on() and not u.fan_dock.isVisible()
    win.save_settings()
    win2 = open_window(qtbot, synthetic_dataset(), settings_file(draws=None))
    assert not win2.uncertainty.bands_on() and not win2.uncertainty.fan_dock.isVisible()
    assert win2.uncertainty.worker.generation("ensemble") == 0  # off: nothing computed


def test_draws_menu(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    wait_fresh(qtbot, u)
    assert u.outcome.result.n == 200  # type: ignore[union-attr]
    u.draw_actions[1000].trigger()
    assert not u.is_fresh() and u.panel.stale
    wait_fresh(qtbot, u)
    assert u.outcome.result.n == 1000  # type: ignore[union-attr]
    assert "1,000 draws" in u.panel.status.text()


def test_tornado_for_aws_2030_and_click_focuses_the_control(real_window: MainWindow,
                                                            qtbot: QtBot) -> None:
    u = real_window.uncertainty
    fractions: list[float] = []
    u.worker.progress.connect(lambda key, f: fractions.append(f) if key == "tornado" else None)
    u.sensitivity_action.trigger()
    assert u.tornado_dock.isVisible()
    assert u.tornado.progress.isVisible()  # the progress bar, while it runs
    qtbot.waitUntil(lambda: u.tornado.tornado is not None, timeout=WAIT_MS)
    assert fractions and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert not u.tornado.progress.isVisible()
    t = u.tornado.tornado
    assert t is not None and t.metric.name == "share:aws:2030"
    keys = u.tornado.bar_keys()
    assert len(keys) >= 5
    swings = [r.swing for r in u.tornado.rows()]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert u.tornado.low_bars.opts["width"][0] + u.tornado.high_bars.opts["width"][0] \
        == pytest.approx(swings[0])
    # A real click on the third bar (an adopter's or deal's key may need its page built).
    plot = u.tornado.plot
    vb = u.tornado.plot_item.getViewBox()
    n = len(keys)
    i = 2
    scene = vb.mapViewToScene(QPointF(t.baseline, n - 1 - i))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    editor = real_window.assumptions_panel.editor(keys[i])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(editor, "spin", editor))
    assert editor.isVisible()
    # The widest bar's control too, through the panel's own API.
    u.tornado.click_row(0)
    first = real_window.assumptions_panel.editor(keys[0])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(first, "spin", first))


def test_tornado_follows_a_finished_edit(window: MainWindow, qtbot: QtBot) -> None:
    u = window.uncertainty
    u.show_sensitivity()  # the synthetic dataset has no AWS: its first vendor
    qtbot.waitUntil(lambda: u.tornado.tornado is not None, timeout=WAIT_MS)
    before = u.tornado.tornado
    assert before is not None
    window.session.set_value("switching_speed", 0.9)
    window.session.finish_edit("switching_speed")
    qtbot.waitUntil(lambda: u.tornado.tornado is not before, timeout=WAIT_MS)
    after = u.tornado.tornado
    assert after is not None and after.baseline != pytest.approx(before.baseline)
    assert "run again" not in u.tornado.status.text()


def test_tornado_export_csv(real_window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    u = real_window.uncertainty
    u.show_sensitivity()
    qtbot.waitUntil(lambda: u.tornado.tornado is not None, timeout=WAIT_MS)
    path = tmp_path / "tornado.csv"
    assert u.tornado.export_csv(path)
    frame = pd.read_csv(path)
    assert len(frame) == len(u.tornado.tornado.rows)  # type: ignore[union-attr]
    assert {"metric", "key", "label", "value_low", "value_high", "swing"} <= set(frame.columns)
    assert set(frame["metric"]) == {"share:aws:2030"}


def test_bad_range_is_shown_next_to_the_field_and_not_applied(window: MainWindow,
                                                              qtbot: QtBot) -> None:
    u = window.uncertainty
    key = "switching_speed"
    assert key in u.fields.buttons  # the "±" beside the field
    qtbot.mouseClick(u.fields.buttons[key], Qt.MouseButton.LeftButton)
    row = u.fields.rows[key]
    editor = window.assumptions_panel.editor(key)
    assert row.isVisible() and row.parent() is editor  # under the field itself
    row.low.setValue(0.8)
    row.high.setValue(0.2)
    qtbot.mouseClick(row.apply_button, Qt.MouseButton.LeftButton)
    assert "low 0.8 is above its high 0.2" in row.error() and row.error_label.isVisible()
    assert u.ranges.ranges() == {}
    row.low.setValue(0.1)
    row.high.setValue(1.5)
    assert not row.apply()
    assert "outside the assumption's bounds" in row.error()
    assert u.ranges.ranges() == {}
    wait_fresh(qtbot, u)
    row.dist.setCurrentIndex(row.dist.findData("triangular"))
    row.high.setValue(0.9)
    assert row.apply() and row.error() == ""
    assert u.ranges.get(key) == Range(key, "triangular", 0.1, 0.9, None, "user")
    assert not u.is_fresh()  # the bands follow the new range
    wait_fresh(qtbot, u)
    assert dict(u.outcome.request.ranges)[key].high == 0.9  # type: ignore[union-attr]
    qtbot.mouseClick(row.default_button, Qt.MouseButton.LeftButton)
    assert u.ranges.ranges() == {}


def test_compact_rows_get_the_range_from_a_context_menu(window: MainWindow) -> None:
    u = window.uncertainty
    key = next(k for k in window.session.specs if k.startswith("adopter.") and ".affinity." in k)
    u.reveal(key)  # builds the adopter's page (its fields get their range entry)
    editor = window.assumptions_panel.editor(key)
    assert editor.compact and u.fields.buttons[key] is None  # no room for a button
    assert editor.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    row = u.fields.toggle(key, True)
    assert row.isVisible() and row.parent() is editor
    # The "±" buttons sit beside the labels, not in the value rows (no width to spare there).
    wide = window.assumptions_panel.editor("switching_speed")
    button = u.fields.buttons["switching_speed"]
    assert button is not None and button.parent() is wide
    assert button.geometry().bottom() <= wide.spin.geometry().top()


def test_scenario_files_keep_the_ranges(qtbot: QtBot, tmp_path: Path) -> None:
    dataset, db = open_user_database()
    window = MainWindow(Session(dataset), settings_file(), db_path=db)
    qtbot.addWidget(window)
    u = window.uncertainty
    spec = window.session.specs["switching_speed"]
    mine = Range("switching_speed", "uniform", 0.2, 0.7, None, "user")
    u.ranges.set(spec, mine)
    path = tmp_path / "with_ranges.toml"
    window.scenarios.working.export_file(path)  # File > Export scenario
    text = path.read_text(encoding="utf-8")
    assert "format_version = 2" in text
    assert '[ranges."switching_speed"]' in text or "[ranges.switching_speed]" in text
    u.ranges.clear("switching_speed")
    window.scenarios.working.import_file(path)  # File > Import scenario
    assert u.ranges.ranges() == {"switching_speed": mine}
    button = u.fields.buttons["switching_speed"]
    assert button is not None and button.font().bold()  # marks an input with your range


def test_bands_for_a_replaced_dataset_are_ignored(window: MainWindow, qtbot: QtBot) -> None:
    """An ensemble that finished for the old dataset, after the window switched to a new one
    with other vendors, is dropped (it crashed the fan chart: index out of bounds)."""
    u = window.uncertainty
    wait_fresh(qtbot, u)
    old = compute_bands(window.session.dataset, u.current_request())
    other = synthetic_dataset(n_vendors=len(window.session.dataset.vendor_ids) - 1)
    window.replace_dataset(other)
    u._on_finished("ensemble", old)  # what the worker's queued signal delivers
    assert u.outcome is None or tuple(u.outcome.result.vendor_ids) == tuple(other.vendor_ids)
    wait_fresh(qtbot, u)
    assert tuple(u.outcome.result.vendor_ids) == tuple(other.vendor_ids)
