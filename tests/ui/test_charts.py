"""The chart area: every chart draws, updates in place, follows the model and the palette."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.formatting import format_share, format_si
from chipscope.model.projection import MEASURES, measure_unit
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.charts.area import CHART_NAMES, CHART_TITLES, ChartArea
from chipscope.ui.charts.items import SIAxisItem
from chipscope.ui.palette import (
    MIN_TEXT_CONTRAST,
    chart_theme,
    contrast_ratio,
    dark_palette,
    light_palette,
    vendor_colours,
)

SHARE_CHARTS = ("vendor_share", "chip_mix", "adopters")


def defaults(dataset):  # type: ignore[no-untyped-def]
    return AssumptionSpecs.for_dataset(dataset).defaults()


def check_drawn(area: ChartArea, measure: str, pixels) -> None:  # type: ignore[no-untyped-def]
    data = area.series_data()
    assert data, "nothing plotted"
    for name, (x, y) in data.items():
        assert len(x) == len(y) > 0, name
        assert np.isfinite(y).all() and (y >= -1e-9).all(), name
    if area.chart_name() in SHARE_CHARTS:
        stacked = sum(y for _, y in data.values())
        assert np.all(np.isclose(stacked, 100.0) | np.isclose(stacked, 0.0))
    table = area.current_table()
    assert any(c.endswith(f"({measure_unit(measure)})") for c in table.columns)
    image = pixels.array(area.plot_widget().grab().toImage())
    assert image.std() > 10, "the chart is blank"


@pytest.mark.parametrize("chart", CHART_NAMES)
@pytest.mark.parametrize("measure", MEASURES)
def test_every_chart_draws_every_measure(chart_area, chart, measure, pixels):
    chart_area.set_chart(chart)
    chart_area.set_measure(measure)
    check_drawn(chart_area, measure, pixels)
    assert chart_area.current_view().title.endswith(
        {"h100e": "Compute (H100e, dense BF16)", "units": "Units (chips)",
         "spend_usd": "Spend (USD)"}[measure])


@pytest.mark.parametrize("chart", CHART_NAMES)
def test_every_chart_draws_the_real_data(make_area, real_dataset, chart, pixels):
    area = make_area(real_dataset, project(real_dataset, defaults(real_dataset)))
    area.set_chart(chart)
    for measure in MEASURES:
        area.set_measure(measure)
        check_drawn(area, measure, pixels)


def test_raising_a_vendors_price_lowers_its_projected_share(chart_area, synthetic,
                                                            synthetic_projection):
    name, key = "Vendor 1", "vendor.v1.price_change_pct"
    history = synthetic_projection.is_history
    before = {c: None for c in ("vendor_share", "vendor_absolute")}
    for chart in before:
        chart_area.set_chart(chart)
        before[chart] = chart_area.series_data()[name][1]
    assert before["vendor_share"][~history].min() > 0, "pick a vendor the default projection buys"
    dearer = defaults(synthetic).replace({key: 30})
    chart_area.set_projection(project(synthetic, dearer))
    for chart, old in before.items():
        chart_area.set_chart(chart)
        new = chart_area.series_data()[name][1]
        np.testing.assert_allclose(new[history], old[history])  # history does not move
        assert (new[~history] <= old[~history] + 1e-9).all(), chart
        assert new[-1] < old[-1] * 0.95, chart


def test_faster_demand_growth_raises_projected_purchases(chart_area, synthetic):
    chart_area.set_chart("vendor_absolute")
    slow = sum(y for _, y in chart_area.series_data().values())
    fast = defaults(synthetic).replace({"demand_growth_pct": 80})
    chart_area.set_projection(project(synthetic, fast))
    quick = sum(y for _, y in chart_area.series_data().values())
    assert quick[-1] > slow[-1] * 1.5


def _drawn_items(view):  # type: ignore[no-untyped-def]
    return list(view.plot.items) + [obj for pair in view.legend.items for obj in pair]


@pytest.mark.parametrize("chart", CHART_NAMES)
def test_items_are_updated_in_place(chart_area, synthetic_projection, rescale, chart):
    chart_area.set_chart(chart)
    view = chart_area.current_view()
    widget, items, before = chart_area.plot_widget(), _drawn_items(view), chart_area.series_data()
    for factors in ([1, 3, 0.5, 2], [2, 1, 1, 0.25], [1, 1, 1, 1]):
        chart_area.set_projection(rescale(synthetic_projection, np.array(factors)))
        after = _drawn_items(view)
        assert len(after) == len(items)
        assert all(a is b for a, b in zip(after, items, strict=True))
        assert chart_area.plot_widget() is widget
    chart_area.set_projection(rescale(synthetic_projection, np.array([5, 1, 1, 1])))
    changed = chart_area.series_data()
    assert any(not np.allclose(changed[k][1], before[k][1]) for k in before)


def test_the_drawn_shapes_are_the_series_data(chart_area):
    view = chart_area.current_view()  # vendor_share: history polygons, bottom series first
    _x, y = view.history_items[0].getData()
    hist = view.frame.is_history
    n = int(hist.sum())
    np.testing.assert_allclose(y[:n], chart_area.series_data()["Vendor 0"][1][hist])
    chart_area.set_chart("vendor_absolute")
    bars = chart_area.current_view().bars[0]
    np.testing.assert_allclose(bars.opts["height"], chart_area.series_data()["Vendor 0"][1])


def test_a_hidden_chart_catches_up_when_shown(chart_area, synthetic_projection, rescale):
    chart_area.set_chart("chip_mix")
    chart_area.set_projection(rescale(synthetic_projection, np.array([4.0, 1, 1, 1])))
    chart_area.set_chart("vendor_share")
    share = chart_area.series_data()["Vendor 0"][1]
    expected = rescale(synthetic_projection, np.array([4.0, 1, 1, 1])).vendor_shares()[:, 0]
    np.testing.assert_allclose(share, expected * 100)


def test_setters_validate_and_signal_changes_once(qtbot, chart_area):
    with qtbot.waitSignal(chart_area.chart_changed) as chart_sig:
        chart_area.set_chart("chip_mix")
    assert chart_sig.args == ["chip_mix"]
    with qtbot.assertNotEmitted(chart_area.chart_changed):
        chart_area.set_chart("chip_mix")
    with qtbot.waitSignal(chart_area.measure_changed) as measure_sig:
        chart_area.set_measure("spend_usd")
    assert measure_sig.args == ["spend_usd"] and chart_area.measure() == "spend_usd"
    with qtbot.waitSignal(chart_area.year_changed) as year_sig:
        chart_area.set_adopter_year(2027)
    assert year_sig.args == [2027] and chart_area.adopter_year() == 2027
    with pytest.raises(ValueError, match="pie"):
        chart_area.set_chart("pie")
    with pytest.raises(ValueError, match="watts"):
        chart_area.set_measure("watts")
    with pytest.raises(ValueError, match="1999"):
        chart_area.set_adopter_year(1999)
    assert set(CHART_TITLES) == set(CHART_NAMES)


def test_the_control_row_works_from_the_keyboard(qtbot, chart_area):
    chart = chart_area.findChild(QComboBox, "chart_selector")
    measure = chart_area.findChild(QComboBox, "measure_selector")
    year = chart_area.findChild(QComboBox, "year_selector")
    for combo in (chart, measure, year):
        assert combo.toolTip() and combo.focusPolicy() & Qt.FocusPolicy.TabFocus
    buddies = {label.buddy() for label in chart_area.findChildren(QLabel)}
    assert {chart, measure, year} <= buddies  # Alt+C / Alt+M / Alt+Y reach them
    assert not year.isVisible()  # the year only matters to the adopters chart
    with qtbot.waitSignal(chart_area.chart_changed):
        QTest.keyClick(chart, Qt.Key.Key_Down)
    assert chart_area.chart_name() == CHART_NAMES[1]
    with qtbot.waitSignal(chart_area.measure_changed):
        QTest.keyClick(measure, Qt.Key.Key_Down)
    assert chart_area.measure() == MEASURES[1]
    chart_area.set_chart("adopters")
    assert year.isVisible()
    before = chart_area.series_data()
    with qtbot.waitSignal(chart_area.year_changed):
        QTest.keyClick(year, Qt.Key.Key_Up)
    assert chart_area.adopter_year() == 2029  # from the horizon, 2030
    assert "2029 (projection)" in chart_area.current_view().title
    assert any(not np.allclose(before[k][1], v[1]) for k, v in chart_area.series_data().items())


def _hover(area: ChartArea, x: float, y: float) -> str:
    QApplication.processEvents()  # let auto-range settle before mapping view to screen
    widget = area.plot_widget()
    scene_pos = widget.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    QTest.mouseMove(widget.viewport(), widget.mapFromScene(scene_pos))
    return area.readout_text()


@pytest.mark.parametrize("chart", CHART_NAMES)
def test_the_hover_readout_gives_exact_values(chart_area, chart):
    chart_area.set_chart(chart)
    view = chart_area.current_view()
    frame = view.frame
    stack = view.plotted(frame)
    i, j = np.unravel_index(np.argmax(stack), stack.shape)
    along = frame.positions[i]
    across = stack[i, :j].sum() + stack[i, j] / 2
    text = _hover(chart_area, *((along, across) if view.vertical else (across, along)))
    assert frame.labels[i] in text and frame.series[j] in text
    assert format_si(frame.values[i, j], frame.unit) in text
    assert format_share(frame.shares[i, j]) in text
    assert "history" in text or "projection" in text
    widget = chart_area.plot_widget()
    QTest.mouseMove(widget.viewport(), widget.viewport().rect().topLeft() + QPoint(5, 5))
    assert chart_area.readout_text() == ""  # over the title: no read-out


@pytest.mark.parametrize("palette_fn", [light_palette, dark_palette])
def test_charts_follow_light_and_dark_palettes(chart_area, palette_fn, pixels):
    palette = palette_fn()
    chart_area.setPalette(palette)
    theme = chart_theme(palette)
    assert contrast_ratio(theme.foreground, theme.background) >= MIN_TEXT_CONTRAST
    assert contrast_ratio(theme.muted, theme.background) >= MIN_TEXT_CONTRAST
    for chart in CHART_NAMES:
        chart_area.set_chart(chart)
        view = chart_area.current_view()
        assert view.widget.backgroundBrush().color() == theme.background
        for side in ("left", "bottom"):
            assert view.plot.getAxis(side).textPen().color() == theme.foreground
        fg = theme.foreground.name()
        assert fg in view.title_label.item.toHtml()
        assert all(fg in label.item.toHtml() for _, label in view.legend.items)
        image = pixels.array(chart_area.plot_widget().grab().toImage())
        assert pixels.count_near(image[:4, :4], theme.background.name(), 2) == 16
        assert pixels.count_near(image, fg, 40) > 200, "no readable text"


def test_one_colour_per_vendor_in_every_chart_and_legend(chart_area, synthetic):
    colours = vendor_colours(synthetic)
    assert list(colours) == synthetic.vendor_ids
    assert [c.name() for c in colours.values()] == [c.lower() for c in synthetic.vendors["colour"]]
    names = dict(zip(synthetic.vendors["vendor_id"], synthetic.vendors["name"], strict=True))
    for chart in ("vendor_share", "vendor_absolute", "adopters"):
        chart_area.set_chart(chart)
        view = chart_area.current_view()
        swatches = {label.text: sample.entry[1] for sample, label in view.legend.items}
        for vid, colour in colours.items():
            assert swatches[names[vid]] == colour, (chart, vid)
        assert view.colours_for(view.frame) == list(colours.values())
    chart_area.set_chart("chip_mix")
    view = chart_area.current_view()
    first = {}
    score = view.frame.shares.sum(axis=0)
    ranked = sorted(range(len(score)), key=lambda j: -score[j])
    drawn = view.colours_for(view.frame)
    for j in ranked:
        first.setdefault(view.frame.vendor_keys[j], drawn[j])
    assert all(first[v] == colours[v] for v in first if v)  # a vendor's main chip: its colour


def test_legend_styles_follow_a_palette_switch(chart_area):
    view = chart_area.current_view()
    for palette_fn in (dark_palette, light_palette):
        chart_area.setPalette(palette_fn())
        theme = chart_theme(palette_fn())
        samples = {label.text: sample.entry for sample, label in view.legend.items}
        assert samples["Projection"][1] == theme.projection_fill(QColor("#9a9a9a"))
        assert samples["5–95 % range of history estimates"][2] == theme.foreground


def test_series_colours_match_what_is_drawn(chart_area, synthetic):
    colours = vendor_colours(synthetic)
    chart_area.set_chart("adopters")
    chart_area.set_adopter_year(2030)  # projected: full vendor colours, dashed edges
    assert list(chart_area.series_colours().values()) == list(colours.values())
    view = chart_area.current_view()
    for bar, colour in zip(view.bars, colours.values(), strict=True):
        assert all(b.color() == colour for b in bar.opts["brushes"])
    chart_area.set_chart("vendor_absolute")
    bars = chart_area.current_view().bars[0]
    assert bars.opts["brushes"][0].color() == colours["v0"]  # history: the vendor colour
    assert bars.opts["brushes"][-1].color() != colours["v0"]  # projection: lighter
    (_, _), (y0, _) = chart_area.plot_widget().getPlotItem().getViewBox().viewRange()
    assert y0 == 0


def test_whiskers_show_the_history_band_only(chart_area, synthetic_projection):
    view = chart_area.current_view()
    x = view.whiskers.opts["x"]
    assert len(x) > 0
    assert x.max() < synthetic_projection.base_year + 0.5
    opts = view.whiskers.opts
    top, bottom, y = opts["top"], opts["bottom"], opts["y"]
    assert (y + top <= 100 + 1e-9).all() and (y - bottom >= -1e-9).all()
    table = chart_area.current_table()
    assert "Vendor 0 share range low (%)" in table
    assert table["Vendor 0 share range high (%)"].notna().any()


def test_the_table_holds_the_numbers_behind_the_chart(chart_area):
    for chart in CHART_NAMES:
        chart_area.set_chart(chart)
        table = chart_area.current_table()
        for name, (_, y) in chart_area.series_data().items():
            column = (f"{name} share (%)" if chart in SHARE_CHARTS
                      else f"{name} (H100e, dense BF16)")
            np.testing.assert_allclose(table[column].to_numpy(), y)
        assert "period" in table and "Total (H100e, dense BF16)" in table


def test_axes_read_k_m_b_never_scientific():
    assert format_si(1_234_567, "H100e") == "1.23M H100e"
    assert format_si(4.5e9, "USD") == "4.5B USD"
    assert format_si(999_700) == "1M"
    assert format_si(250) == "250"
    assert format_share(0.7234) == "72.3 %"
    ticks = SIAxisItem("left").tickStrings([0, 5e5, 1e6, 2.5e9, 3e12], 1.0, 5e5)
    assert ticks == ["0", "500k", "1M", "2.5B", "3T"]


def test_a_new_dataset_rebuilds_and_a_mismatched_projection_is_refused(chart_area):
    other = synthetic_dataset(n_vendors=3, n_chips=7, seed=3)
    with pytest.raises(ValueError, match="vendors"):
        chart_area.set_projection(project(other, defaults(other)))
    chart_area.set_dataset(other)
    assert chart_area.series_data() == {}
    chart_area.set_projection(project(other, defaults(other)))
    assert len(chart_area.series_data()) == 3
    chart_area.set_chart("chip_mix")
    assert len(chart_area.series_data()) == 8  # top chips (7 here) + "Other chips"


def test_the_adopters_year_follows_the_horizon_until_chosen(make_area, synthetic, qtbot):
    def horizon(year: int):  # type: ignore[no-untyped-def]
        return project(synthetic, defaults(synthetic).replace({"horizon_year": year}))

    area = make_area(synthetic, project(synthetic, defaults(synthetic)))
    combo = area.findChild(QComboBox, "year_selector")
    area.set_chart("adopters")
    assert area.adopter_year() == 2030 == int(area.projection().years[-1])  # as export-chart
    assert combo.currentData() == 2030 and "2030 (projection)" in area.current_view().title
    with qtbot.waitSignal(area.year_changed) as sig:
        area.set_projection(horizon(2034))  # not chosen yet: follows the horizon
    assert sig.args == [2034] and area.adopter_year() == 2034 == combo.currentData()
    combo.activated.emit(combo.findData(2033))  # the user picks a year
    assert area.adopter_year() == 2033
    area.set_projection(horizon(2035))
    assert area.adopter_year() == 2033  # kept
    area.set_projection(horizon(2031))
    assert area.adopter_year() == 2031 == combo.currentData()  # clamped
    assert "2031 (projection)" in area.current_view().title
    area.set_projection(horizon(2035))
    assert area.adopter_year() == 2033  # the choice comes back when the years do


def test_the_chart_area_is_usable_before_any_projection(make_area, synthetic):
    area = make_area(synthetic)
    for chart in CHART_NAMES:
        area.set_chart(chart)
        assert area.series_data() == {} and area.current_table().empty
    area.set_adopter_year(2030)  # remembered until a projection arrives
    area.set_projection(project(synthetic, defaults(synthetic)))
    assert area.adopter_year() == 2030


def test_the_credit_line_is_in_the_chart(chart_area, synthetic):
    view = chart_area.current_view()
    assert "Epoch AI (CC BY 4.0)" in view.credit.text and synthetic.name in view.credit.text
    assert view.credit.isVisible() and view.credit.scene() is view.widget.scene()


def test_python_m_opens_the_chart_area_on_its_own(tmp_path, pixels):
    shot = tmp_path / "charts.png"
    subprocess.run([sys.executable, "-m", "chipscope.ui.previews", "charts", "--chart", "adopters",
                    "--screenshot", str(shot)], check=True, timeout=120)
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1200, 720)
    assert pixels.array(image).std() > 10


def test_default_theme_is_readable(qapp):
    theme = chart_theme(qapp.palette())
    assert contrast_ratio(theme.foreground, theme.background) >= MIN_TEXT_CONTRAST
    assert theme.grid.alpha() < 255 and isinstance(theme.edge, QColor)
