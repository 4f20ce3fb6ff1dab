"""View > Difference from reference: ghost lines of the reference over the vendor charts and the
per-vendor read-out, one keystroke away, kept in the settings."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from pytestqt.qtbot import QtBot

from chipscope.model import Dataset
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.basis import project_on_basis
from chipscope.model.difference import format_pp, format_signed
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.difference import view as difference_view
from chipscope.ui.difference.panel import DOWN_COLOURS, UP_COLOURS, short_name
from chipscope.ui.main_window import MainWindow
from chipscope.ui.session import Session

AWS_PRICE = "vendor.aws.price_level_pct"


def settings_file() -> QSettings:
    return QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                     QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, dataset: Dataset) -> MainWindow:
    win = MainWindow(Session(dataset), settings_file())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    return open_window(qtbot, synthetic_dataset())


@pytest.fixture
def real_window(qtbot: QtBot, real_dataset: Dataset) -> MainWindow:
    return open_window(qtbot, real_dataset)


def legend_labels(window: MainWindow) -> list[str]:
    return [label.text for _sample, label in window.chart_area.current_view().legend.items]


def row_of(window: MainWindow, vendor_name: str) -> list[str]:
    rows = window.difference.panel.rows()
    return next(r for r in rows if r[0] == short_name(vendor_name))


def what_if(qtbot: QtBot, window: MainWindow, key: str, value: float,
            settle: bool = True) -> None:
    count = window.session.recompute_count
    before = window.session.assumptions[key]
    window.session.set_value(key, value)

    def caught_up() -> None:  # waitUntil names the state it timed out in
        state = (f"{key}: {before} -> {window.session.assumptions[key]}, recomputes "
                 f"{count} -> {window.session.recompute_count}, session pending "
                 f"{window.session.is_stale()}, read-out pending "
                 f"{window.difference.is_stale()}")
        assert window.session.recompute_count > count, state
        assert not (settle and window.difference.is_stale()), state

    qtbot.waitUntil(caught_up, timeout=15_000)  # a bound for a loaded machine, not a timing


def test_ctrl_d_toggles_the_ghost_lines_and_the_read_out(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    diff = window.difference
    action = diff.toggle_action
    assert action.shortcut() == QKeySequence("Ctrl+D")
    others = [a for a in window.findChildren(type(action)) if a is not action]
    assert all(a.shortcut() != action.shortcut() for a in others), "Ctrl+D is taken twice"
    assert action in window.menus["view"].actions()
    lines = window.chart_area.reference_lines()
    assert lines is not None and not lines.is_shown() and not diff.dock.isVisible()
    assert not any(t.startswith("Reference:") for t in legend_labels(window))

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert action.isChecked() and diff.dock.isVisible()
    n_vendors = len(window.session.dataset.vendor_ids)
    # One ghost line per boundary between two vendors (the top is always 100 %).
    assert lines.is_shown() and len(lines.line_data()) == n_vendors - 1
    assert "Reference: Baseline" in legend_labels(window)
    assert [t for t in legend_labels(window) if t.startswith("Reference")] == [
        "Reference: Baseline"]  # one entry, not one per vendor
    assert len(diff.panel.rows()) == n_vendors
    assert diff.year == 2030 and diff.panel.year_combo.currentData() == 2030

    window.set_chart("vendor_absolute")
    bars = window.chart_area.reference_lines()
    assert bars is not None and bars.is_shown()
    assert len(bars.line_data()) == n_vendors  # the total is a boundary too
    assert "Reference: Baseline" in legend_labels(window)
    window.set_chart("chip_mix")
    assert window.chart_area.reference_lines() is None  # chips are not vendors

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.set_chart("vendor_share")
    assert not action.isChecked() and not diff.dock.isVisible()
    assert not lines.is_shown() and lines.line_data() == []
    assert not any(t.startswith("Reference:") for t in legend_labels(window))


def test_ghost_lines_trace_the_reference_and_stay_put_while_dragging(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    diff = window.difference
    diff.set_on(True)
    lines = window.chart_area.reference_lines()
    assert lines is not None
    before = [y.copy() for _x, y in lines.line_data()]
    ref = diff.reference()
    assert ref is not None
    base = ref.projection.year_index(ref.projection.base_year)
    edges = np.cumsum(ref.projection.vendor_shares("h100e") * 100.0, axis=1)
    for j, (x, y) in enumerate(lines.line_data()):
        np.testing.assert_allclose(x, ref.projection.years[base:])
        np.testing.assert_allclose(y, edges[base:, j])
    runs = []
    real = difference_view.project_on_basis
    monkeypatch.setattr(difference_view, "project_on_basis",
                        lambda *a: runs.append(a) or real(*a))
    shares_before = window.chart_area.series_data()["Vendor 1"][1].copy()
    for value in (-10.0, -20.0, -30.0):  # a drag: the current projection changes each tick
        what_if(qtbot, window, "vendor.v1.price_level_pct", value)
    window.session.set_value("vendor.v1.price_level_pct", -35.0)
    window.session.recompute_now()
    assert diff.is_stale()  # the chart first; the read-out on the next event-loop pass
    qtbot.waitUntil(lambda: not diff.is_stale())
    assert not np.array_equal(window.chart_area.series_data()["Vendor 1"][1], shares_before)
    assert runs == []  # the reference is not projected again on a tick
    for old, (_x, y) in zip(before, lines.line_data(), strict=True):
        np.testing.assert_array_equal(old, y)


def test_aws_price_cut_shows_a_positive_aws_delta_equal_to_the_two_projections(
        qtbot: QtBot, real_window: MainWindow) -> None:
    window = real_window
    window.difference.set_on(True)
    what_if(qtbot, window, AWS_PRICE, -30.0)
    assert window.difference.year == 2030
    dataset = window.session.dataset
    specs = AssumptionSpecs.for_dataset(dataset)
    cheap = project_on_basis(dataset, specs.defaults().replace({AWS_PRICE: -30.0}))
    base = project_on_basis(dataset, specs.defaults())
    t, j = base.year_index(2030), base.vendor_ids.index("aws")
    expected_pp = (cheap.vendor_shares("h100e")[t, j] - base.vendor_shares("h100e")[t, j]) * 100
    assert expected_pp > 0.05
    name = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))["aws"]
    row = row_of(window, name)
    assert row[1] == f"{cheap.vendor_shares('h100e')[t, j] * 100:.1f} %"
    assert row[2] == f"{base.vendor_shares('h100e')[t, j] * 100:.1f} %"
    assert row[3] == "\u25b2 " + format_pp(expected_pp) and row[3].startswith("\u25b2 +")
    spend = cheap.by_vendor("spend_usd")[t, j] - base.by_vendor("spend_usd")[t, j]
    assert row[4] == format_signed(spend, "USD")
    assert row[5].endswith(" H100e")
    # The biggest mover is on top; gains in blue, losses in vermilion.
    table = window.difference.panel.table
    deltas = [abs(float(r[3].split()[-2].replace("\u2212", "-")))
              for r in window.difference.panel.rows()]
    assert deltas == sorted(deltas, reverse=True)
    colours = {table.item(i, 3).foreground().color().name().upper()
               for i in range(table.rowCount()) if "\u25b2" in table.item(i, 3).text()}
    assert colours == {UP_COLOURS[0]}
    colours = {table.item(i, 3).foreground().color().name().upper()
               for i in range(table.rowCount()) if "\u25bc" in table.item(i, 3).text()}
    assert colours == {DOWN_COLOURS[0]}


def test_pinning_the_current_scenario_gives_zero_deltas(qtbot: QtBot,
                                                       real_window: MainWindow) -> None:
    window = real_window
    diff = window.difference
    diff.set_on(True)
    what_if(qtbot, window, AWS_PRICE, -30.0)
    assert any(r[3] != "0.0 pp" for r in diff.panel.rows())
    diff.pin_current()
    assert diff.reference_key() == "pinned"
    ref = diff.reference()
    assert ref is not None and ref.name.startswith("Untitled as of ")
    assert "Reference: Untitled as of" in " ".join(legend_labels(window))
    assert diff.panel.reference_combo.currentText().startswith("Pinned: Untitled")
    rows = diff.panel.rows()
    assert rows and all(r[3] == "0.0 pp" and r[4] == "0 USD" and r[5] == "0 H100e"
                        for r in rows)
    # The ghost lines now lie on the bands' edges.
    lines = window.chart_area.reference_lines()
    assert lines is not None
    current = np.cumsum(window.session.projection.vendor_shares("h100e") * 100.0, axis=1)
    for j, (_x, y) in enumerate(lines.line_data()):
        np.testing.assert_allclose(y, current[-len(y):, j])
    # A later change is measured from the pin; the Baseline is one choice away.
    what_if(qtbot, window, AWS_PRICE, -10.0)
    assert row_of(window, "AWS")[3].startswith("\u25bc")
    diff.choose("baseline")
    ref = diff.reference()
    assert ref is not None and ref.name == "Baseline"


def test_a_preset_can_be_the_reference(qtbot: QtBot, real_window: MainWindow) -> None:
    diff = real_window.difference
    diff.set_on(True)
    keys = [diff.panel.reference_combo.itemData(i)
            for i in range(diff.panel.reference_combo.count())]
    assert "saved:Price war" in keys
    diff.choose("saved:Price war")
    ref = diff.reference()
    assert ref is not None and ref.name == "Price war"
    preset = real_window.scenarios.working.assumptions_of("Price war")
    expected = project_on_basis(real_window.session.dataset, preset)
    np.testing.assert_allclose(ref.projection.vendor_shares("h100e"),
                               expected.vendor_shares("h100e"))
    assert "Reference: Price war" in legend_labels(real_window)


def test_basis_and_dataset_changes_recompute_the_reference(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    diff = window.difference
    diff.set_on(True)
    window.set_basis("8bit")
    ref = diff.reference()
    assert ref is not None and ref.projection.basis == "8bit"
    assert all(r[3] == "0.0 pp" for r in diff.panel.rows())
    diff.pin_current()
    window.replace_dataset(synthetic_dataset(n_vendors=3))
    qtbot.waitUntil(lambda: not window.session.is_stale())
    ref = diff.reference()
    assert ref is not None and ref.projection.vendor_ids == ("v0", "v1", "v2")
    assert ref.name.startswith("Untitled as of")  # the pin is carried over
    assert len(diff.panel.rows()) == 3
    lines = window.chart_area.reference_lines()
    assert lines is not None and len(lines.line_data()) == 2


def test_clicking_a_year_on_the_chart_selects_it(qtbot: QtBot, window: MainWindow) -> None:
    window.difference.set_on(True)
    view = window.chart_area.current_view()
    scene = view.plot.getViewBox().mapViewToScene(QPointF(2027.1, 50.0))
    pos = view.widget.mapFromScene(scene)
    qtbot.mouseClick(view.widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.difference.year == 2027)
    assert window.difference.panel.year_combo.currentData() == 2027
    assert window.difference.panel.caption.text().startswith("2027 (projection)")


def test_the_view_reference_and_year_are_remembered(qtbot: QtBot) -> None:
    first = open_window(qtbot, synthetic_dataset())
    first.difference.set_on(True)
    first.difference.set_year(2028)
    first.close()
    second = open_window(qtbot, synthetic_dataset())
    assert second.difference.is_on() and second.difference.dock.isVisible()
    assert second.difference.year == 2028
    second.difference.set_on(False)
    second.close()
    third = open_window(qtbot, synthetic_dataset())
    assert not third.difference.is_on() and not third.difference.dock.isVisible()


def test_a_dark_palette_uses_the_light_variants(qtbot: QtBot, window: MainWindow) -> None:
    diff = window.difference
    diff.set_on(True)
    what_if(qtbot, window, "vendor.v1.price_level_pct", -40.0)
    palette = diff.panel.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    diff.panel.setPalette(palette)
    table = diff.panel.table
    qtbot.waitUntil(lambda: any(
        table.item(i, 3).foreground().color().name().upper() in (UP_COLOURS[1], DOWN_COLOURS[1])
        for i in range(table.rowCount())))
    assert UP_COLOURS[1].lower() in diff.panel.legend.text().lower()


def test_an_exported_chart_carries_the_ghost_lines(qtbot: QtBot, window: MainWindow,
                                                   pixels) -> None:  # type: ignore[no-untyped-def]
    from chipscope.ui.charts import export

    what_if(qtbot, window, "vendor.v1.price_level_pct", -40.0)
    off = pixels.array(export.render_chart_image(window.chart_area, 800, 450))
    window.difference.set_on(True)
    data = window.chart_area.chart_input()
    assert data.reference is window.difference.reference()
    on = pixels.array(export.render_chart_image(window.chart_area, 800, 450))
    # The dashed lines and the legend's "Reference: Baseline" darken pixels that were light.
    dark_off = int((off.max(axis=2) < 110).sum())
    dark_on = int((on.max(axis=2) < 110).sum())
    assert dark_on > dark_off + 500, (dark_off, dark_on)
    window.difference.set_on(False)
    again = pixels.array(export.render_chart_image(window.chart_area, 800, 450))
    assert int((again.max(axis=2) < 110).sum()) == dark_off


def test_the_hover_read_out_names_the_reference(qtbot: QtBot, window: MainWindow) -> None:
    what_if(qtbot, window, "vendor.v1.price_level_pct", -40.0)
    window.difference.set_on(True)
    view = window.chart_area.current_view()
    frame = view.frame
    assert frame is not None
    t, j = len(frame.positions) - 1, frame.keys.index("v1")
    mid = float(np.cumsum(frame.shares[t] * 100)[j] - frame.shares[t, j] * 50)
    text = view.readout_text(float(frame.positions[t]), mid)
    ref = window.difference.reference()
    assert ref is not None
    share = ref.projection.vendor_shares("h100e")[t, j]
    assert f"Reference (Baseline): {share * 100:.1f} %, " in text
    assert format_pp((frame.shares[t, j] - share) * 100) in text
    window.difference.set_on(False)
    assert "Reference" not in view.readout_text(float(frame.positions[t]), mid)


def test_vendor_names_are_short_in_the_read_out() -> None:
    assert short_name("AWS (Trainium / Inferentia)") == "AWS"
    assert short_name("Cerebras") == "Cerebras"


def test_a_saved_reference_follows_its_saves_and_its_deletion(qtbot: QtBot) -> None:
    from chipscope.storage import open_user_database

    dataset, db = open_user_database()
    window = MainWindow(Session(dataset), settings_file(), db_path=db)
    qtbot.addWidget(window)
    working, diff = window.scenarios.working, window.difference
    diff.set_on(True)
    what_if(qtbot, window, AWS_PRICE, -30.0)
    working.save_as("Cheap AWS")
    diff.choose("saved:Cheap AWS")
    ref = diff.reference()
    assert ref is not None and ref.name == "Cheap AWS"
    assert all(r[3] == "0.0 pp" for r in diff.panel.rows())  # the working copy is that save
    what_if(qtbot, window, AWS_PRICE, -50.0)
    working.save()  # saved again: the reference follows
    qtbot.waitUntil(lambda: not diff.is_stale())
    assert all(r[3] == "0.0 pp" for r in diff.panel.rows())
    window.save_settings()
    again = MainWindow(Session(dataset), settings_file(), db_path=db)
    qtbot.addWidget(again)
    assert again.difference.reference_key() == "saved:Cheap AWS"
    again.scenarios.working.release_autosave_lock()
    working.new()
    working.delete("Cheap AWS")
    assert diff.reference_key() == "baseline"
    ref = diff.reference()
    assert ref is not None and ref.name == "Baseline"
    assert "Reference: Baseline" in legend_labels(window)


def test_a_drag_refreshes_the_read_out_at_most_every_100_ms_and_ends_exact(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    diff = window.difference
    diff.set_on(True)
    calls: list[float] = []
    real = diff.panel.show_deltas
    monkeypatch.setattr(diff.panel, "show_deltas",
                        lambda *a: calls.append(time.monotonic()) or real(*a))
    start = time.monotonic()
    for k in range(30):  # 30 ticks as fast as the event loop goes
        what_if(qtbot, window, "vendor.v1.price_level_pct", -1.0 - k, settle=False)
    elapsed = time.monotonic() - start
    assert len(calls) <= elapsed / 0.1 + 2
    qtbot.waitUntil(lambda: not diff.is_stale())
    row = row_of(window, "Vendor 1")  # the last tick is the one shown
    ref = diff.reference()
    assert ref is not None
    t = ref.projection.year_index(2030)
    now = window.session.projection.vendor_shares("h100e")[t, 1]
    assert row[1] == f"{now * 100:.1f} %"
