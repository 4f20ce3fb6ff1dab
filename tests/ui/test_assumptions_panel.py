"""The assumption forms: every editor bound both ways, live drags, errors beside the field."""

from __future__ import annotations

import dataclasses
import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSlider, QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from chipscope.model import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import BoolEditor, ParamEditor, SliderScale
from chipscope.ui.session import Session


@pytest.fixture
def panel(qtbot: QtBot) -> AssumptionsPanel:
    widget = AssumptionsPanel(Session(synthetic_dataset()))
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    widget.show()
    return widget


def number(panel: AssumptionsPanel, key: str) -> ParamEditor:
    editor = panel.editor(key)
    assert isinstance(editor, ParamEditor)
    return editor


def handle_centre(slider: QSlider) -> QPoint:
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    rect = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                         QStyle.SubControl.SC_SliderHandle, slider)
    return rect.center()


def mouse(slider: QSlider, kind: QMouseEvent.Type, pos: QPoint,
          buttons: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    local = QPointF(pos)
    event = QMouseEvent(kind, local, slider.mapToGlobal(local), Qt.MouseButton.LeftButton,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(slider, event)


# --- every assumption has an editor --------------------------------------------------------------
def test_every_assumption_has_an_editor_with_unit_tooltip_and_range(
        panel: AssumptionsPanel) -> None:
    specs = panel.session.specs
    for key, spec in specs.items():
        editor = panel.editor(key)
        assert spec.help in editor.toolTip()
        if isinstance(editor, ParamEditor):
            assert spec.range_text() in editor.toolTip()
            assert editor.spin.minimum() == pytest.approx(spec.lo)
            assert editor.spin.maximum() == pytest.approx(spec.hi)
            if spec.unit and spec.unit != "year":
                assert editor.spin.suffix() == f" {spec.unit}"
            assert editor.slider.hasTracking()
            assert (editor.none_box is not None) == spec.optional
        else:
            assert spec.kind == "bool" and isinstance(editor, BoolEditor)
    assert set(panel.sections) == {"global", "vendor", "adopter", "deal"}


def test_groups_collapse(panel: AssumptionsPanel) -> None:
    section = panel.sections["vendor"]
    section.toggle.click()
    assert not section.content.isVisible()
    section.toggle.click()
    assert section.content.isVisible()


# --- UI -> model ------------------------------------------------------------------------------
def test_slider_moves_spin_and_model(panel: AssumptionsPanel) -> None:
    editor = number(panel, "price_sensitivity")
    editor.slider.setValue(editor.scale.to_position(3.5))
    assert editor.spin.value() == pytest.approx(3.5)
    assert panel.session.assumptions["price_sensitivity"] == pytest.approx(3.5)


def test_spin_moves_slider_and_model(panel: AssumptionsPanel) -> None:
    editor = number(panel, "vendor.v2.price_change_pct")
    editor.spin.setValue(-25)
    assert editor.slider.value() == editor.scale.to_position(-25)
    assert panel.session.assumptions["vendor.v2.price_change_pct"] == -25


def test_optional_none_box_and_deal_checkbox(panel: AssumptionsPanel) -> None:
    cap = number(panel, "vendor.v1.supply_cap_h100e")
    assert cap.none_box is not None and cap.none_box.isChecked()
    assert not cap.slider.isEnabled()
    cap.none_box.setChecked(False)
    value = panel.session.assumptions["vendor.v1.supply_cap_h100e"]
    assert value > 0 and cap.slider.isEnabled() and cap.spin.value() == pytest.approx(value)
    cap.none_box.setChecked(True)
    assert math.isnan(panel.session.assumptions["vendor.v1.supply_cap_h100e"])
    deal = panel.editor("deal.d0.enabled")
    assert isinstance(deal, BoolEditor)
    deal.check.setChecked(False)
    assert panel.session.assumptions["deal.d0.enabled"] == 0.0


def test_adopter_override_unticks_to_the_global_growth(panel: AssumptionsPanel) -> None:
    editor = number(panel, "adopter.a3.demand_growth_pct")
    assert editor.none_box is not None
    panel.session.set_value("demand_growth_pct", 60)  # after the page was built
    assert editor.spin.value() == 60 and not editor.spin.isEnabled()
    editor.none_box.setChecked(False)
    assert panel.session.assumptions["adopter.a3.demand_growth_pct"] == 60
    assert editor.spin.isEnabled()


def test_reset_button_restores_default_and_finishes_an_edit(panel: AssumptionsPanel) -> None:
    finished: list[tuple[str, float, float]] = []
    panel.session.edit_finished.connect(lambda *a: finished.append(a))
    editor = number(panel, "lock_in")
    default = editor.spec.default
    editor.spin.setValue(2.25)
    editor.spin.editingFinished.emit()
    editor.reset_button.click()
    assert panel.session.assumptions["lock_in"] == default
    assert editor.slider.value() == editor.scale.to_position(default)
    assert finished == [("lock_in", default, 2.25), ("lock_in", 2.25, default)]
    assert not editor.reset_button.isEnabled()


# --- model -> UI ------------------------------------------------------------------------------
def test_assumptions_replaced_from_outside_show_everywhere_without_echo(
        panel: AssumptionsPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    session = panel.session
    calls: list[tuple[str, float]] = []
    original = session.set_value
    monkeypatch.setattr(session, "set_value", lambda k, v: (calls.append((k, v)), original(k, v)))
    changes: list[object] = []
    session.assumptions_changed.connect(changes.append)
    new = session.assumptions.replace({
        "price_sensitivity": 4.2, "horizon_year": 2035, "vendor.v0.supply_cap_h100e": 250_000,
        "adopter.a1.affinity.v2": -1.5, "deal.d1.enabled": 0.0, "bass_p": 0.25,
    })
    session.set_assumptions(new)
    assert calls == [] and len(changes) == 1
    beta = number(panel, "price_sensitivity")
    assert beta.spin.value() == pytest.approx(4.2)
    assert beta.slider.value() == beta.scale.to_position(4.2)
    horizon = number(panel, "horizon_year")
    assert horizon.spin.value() == 2035 and horizon.slider.value() == 2035 - horizon.spec.lo
    cap = number(panel, "vendor.v0.supply_cap_h100e")
    assert cap.none_box is not None and not cap.none_box.isChecked()
    assert cap.spin.value() == 250_000
    assert number(panel, "adopter.a1.affinity.v2").spin.value() == pytest.approx(-1.5)
    deal = panel.editor("deal.d1.enabled")
    assert isinstance(deal, BoolEditor) and not deal.check.isChecked()
    session.reset_all()
    assert calls == [] and beta.spin.value() == pytest.approx(beta.spec.default)
    assert cap.none_box.isChecked() and deal.check.isChecked()


# --- live drags and coalescing ----------------------------------------------------------------
def test_mouse_drag_recomputes_while_moving_and_finishes_one_edit(
        qtbot: QtBot, panel: AssumptionsPanel) -> None:
    session = panel.session
    finished: list[tuple[str, float, float]] = []
    session.edit_finished.connect(lambda *a: finished.append(a))
    editor = number(panel, "price_sensitivity")
    slider = editor.slider
    panel.scroll_area.ensureWidgetVisible(slider)
    default = editor.spec.default
    start = handle_centre(slider)
    mouse(slider, QMouseEvent.Type.MouseButtonPress, start)
    assert slider.isSliderDown()
    seen = []
    for dx in (20, 40, 60):
        count = session.recompute_count
        mouse(slider, QMouseEvent.Type.MouseMove, start + QPoint(dx, 0))
        qtbot.waitUntil(lambda c=count: session.recompute_count > c)  # before the release
        seen.append(session.assumptions["price_sensitivity"])
    assert seen == sorted(seen) and seen[0] > default and len(set(seen)) == 3
    assert finished == []
    mouse(slider, QMouseEvent.Type.MouseButtonRelease, start + QPoint(60, 0),
          Qt.MouseButton.NoButton)
    assert finished == [("price_sensitivity", default, seen[-1])]


def test_keyboard_steps_are_one_edit_each(qtbot: QtBot, panel: AssumptionsPanel) -> None:
    finished: list[tuple[str, float, float]] = []
    panel.session.edit_finished.connect(lambda *a: finished.append(a))
    editor = number(panel, "switching_speed")
    start = editor.spec.default
    editor.slider.setFocus()
    qtbot.keyClick(editor.slider, Qt.Key.Key_Right)
    qtbot.keyClick(editor.slider, Qt.Key.Key_Right)
    step = editor.spec.step
    assert finished == [("switching_speed", start, pytest.approx(start + step)),
                        ("switching_speed", pytest.approx(start + step),
                         pytest.approx(start + 2 * step))]
    assert panel.session.assumptions["switching_speed"] == pytest.approx(start + 2 * step)


def test_hundred_rapid_changes_cost_few_recomputes(qtbot: QtBot, panel: AssumptionsPanel) -> None:
    session = panel.session
    slider = number(panel, "vendor.v0.price_change_pct").slider  # 1 %/yr a position
    for position in range(100):
        slider.setValue(position)
    qtbot.waitUntil(lambda: not session.is_stale())
    assert session.recompute_count <= 2
    assert session.assumptions["vendor.v0.price_change_pct"] == -50 + 99
    assert session.projection.demand_h100e[-1].sum() > 0


# --- errors -----------------------------------------------------------------------------------
def test_inconsistent_value_is_shown_beside_the_field_and_not_applied(qtbot: QtBot) -> None:
    dataset = synthetic_dataset()
    specs = AssumptionSpecs.for_dataset(dataset)
    # Widen the base year's range so a base year after the horizon can be typed.
    loose = AssumptionSpecs(dataclasses.replace(s, hi=2040) if s.key == "base_year" else s
                            for s in specs.values())
    panel = AssumptionsPanel(Session(dataset, loose.defaults()))
    qtbot.addWidget(panel)
    editor = number(panel, "base_year")
    editor.spin.setValue(2032)
    assert "horizon_year" in editor.error() and editor.error_label.isVisibleTo(panel)
    base = editor.spec.default
    assert panel.session.assumptions["base_year"] == base
    assert not panel.session.is_stale()
    panel.session.reset_all()  # replaced from outside: the field shows the model again
    assert editor.error() == "" and editor.spin.value() == base


def test_scale_round_trips_and_spans_large_ranges() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    for spec in specs.values():
        if spec.kind == "bool":
            continue
        scale = SliderScale(spec)
        assert scale.to_value(0) == spec.lo and scale.to_value(scale.positions) == spec.hi
        assert scale.positions <= 1000
        for pos in (0, scale.positions // 3, scale.positions):
            # Geometric scales round to three significant digits: within one position.
            assert abs(scale.to_position(scale.to_value(pos)) - pos) <= int(scale.geometric)
    cap = SliderScale(specs["vendor.v0.supply_cap_h100e"])
    assert cap.geometric
    # A million H100e sits mid-travel, not in the first 0.1 % of it.
    assert 0.3 < cap.to_position(1e6) / cap.positions < 0.8


# --- 25 adopters x 12 vendors ---------------------------------------------------------------------
def test_large_dataset_stays_usable(qtbot: QtBot) -> None:
    session = Session(synthetic_dataset(n_adopters=25, n_vendors=12))
    panel = AssumptionsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.show()
    assert panel.adopter_combo.count() == 25
    built = len(panel.editors)
    assert built < len(session.specs)  # adopter pages are built when first shown
    panel.adopter_combo.setCurrentIndex(24)
    affinity = number(panel, "adopter.a24.affinity.v11")
    assert affinity.isVisible()
    affinity.slider.setValue(affinity.scale.to_position(2.0))
    assert session.assumptions["adopter.a24.affinity.v11"] == 2.0
    assert panel.scroll_area.widgetResizable()
    assert panel.sizeHint().width() < 600  # no row forces the dock wider


def test_fields_for_vendors_barred_by_export_rules_are_greyed(qtbot) -> None:  # type: ignore[no-untyped-def]
    from chipscope.ui.panels.assumptions import AssumptionsPanel
    from chipscope.ui.previews import preview_dataset
    from chipscope.ui.session import Session

    panel = AssumptionsPanel(Session(preview_dataset()))
    qtbot.addWidget(panel)
    panel.show_adopter("china")
    intel = panel.editor("adopter.china.min_share.intel")
    assert not intel.isEnabled() and "export rules" in intel.toolTip()
    assert panel.editor("adopter.china.min_share.nvidia").isEnabled()
