"""#11: a slider drag lands on round values (-30 %, 33 %, 250,000), while the number box keeps
exact entry."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QSlider, QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from chipscope.model import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.panels.slider_scale import SliderScale, snap_step
from chipscope.ui.session import Session

SPECS = AssumptionSpecs.for_dataset(synthetic_dataset())


@pytest.fixture
def panel(qtbot: QtBot) -> AssumptionsPanel:
    widget = AssumptionsPanel(Session(synthetic_dataset()))
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def number(panel: AssumptionsPanel, key: str) -> ParamEditor:
    editor = panel.editor(key)
    assert isinstance(editor, ParamEditor)
    panel.scroll_area.ensureWidgetVisible(editor)
    return editor


@pytest.mark.parametrize(("key", "step"), [
    ("adopter.a0.min_share.v1", 1.0),       # shares: 1 %
    ("vendor.v0.price_change_pct", 1.0),    # -50..50 %/yr: 1 %/yr
    ("vendor.v0.price_level_pct", 5.0),     # -90..300 %: 5 %
    ("demand_growth_pct", 5.0),             # -50..300 %/yr: 5 %/yr
    ("adopter.a0.affinity.v1", 0.1),        # -5..5 utils
    ("switching_speed", 0.01),
    ("bass_p", 0.01),
    ("horizon_year", 1.0),
])
def test_each_assumption_gets_a_round_step(key: str, step: float) -> None:
    spec = SPECS[key]
    assert snap_step(spec) == step
    scale = SliderScale(spec)
    assert scale.positions <= 100
    for value in scale.values[1:-1]:  # the ends are the range's, round or not
        assert abs(value / step - round(value / step)) < 1e-9, (key, value)


def test_geometric_scales_land_on_round_numbers() -> None:
    scale = SliderScale(SPECS["vendor.v0.supply_cap_h100e"])
    assert scale.geometric and scale.values[0] == 0 and scale.values[-1] == 1e9
    for value in scale.values[1:]:
        mantissa = value / 10 ** math.floor(math.log10(value))
        assert round(mantissa, 9) in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)
    assert 250_000 in scale.values and 1_500_000 in scale.values
    assert scale.to_position(21_544) == scale.values.index(20_000)


def slider_x_for(slider: QSlider, position: int) -> int:
    """The x pixel a user drags the handle's centre to for ``position``."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    style = slider.style()
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                  QStyle.SubControl.SC_SliderGroove, slider)
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                  QStyle.SubControl.SC_SliderHandle, slider)
    span = groove.width() - handle.width()
    offset = QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), position, span)
    return groove.x() + offset + handle.width() // 2


def mouse(slider: QSlider, kind: QMouseEvent.Type, x: int,
          buttons: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    local = QPointF(QPoint(x, slider.height() // 2))
    event = QMouseEvent(kind, local, slider.mapToGlobal(local), Qt.MouseButton.LeftButton,
                        buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(slider, event)


@pytest.mark.parametrize(("key", "wanted"), [("vendor.v0.price_change_pct", -30.0),
                                             ("adopter.a0.min_share.v1", 33.0),
                                             ("vendor.v0.price_level_pct", -30.0)])
def test_a_mouse_drag_lands_on_round_values(panel: AssumptionsPanel, key: str,
                                            wanted: float) -> None:
    editor = number(panel, key)
    slider = editor.slider
    if panel.session.specs[key].group == "adopter":
        panel.show_adopter("a0")
        panel.scroll_area.ensureWidgetVisible(editor)
    start = slider_x_for(slider, slider.value())
    mouse(slider, QMouseEvent.Type.MouseButtonPress, start)
    assert slider.isSliderDown()
    seen = []
    target = slider_x_for(slider, editor.scale.to_position(wanted))
    for x in range(start, target + (1 if target >= start else -1), 1 if target >= start else -1):
        mouse(slider, QMouseEvent.Type.MouseMove, x)
        seen.append(panel.session.assumptions[key])
    mouse(slider, QMouseEvent.Type.MouseButtonRelease, target, Qt.MouseButton.NoButton)
    step = snap_step(panel.session.specs[key])
    # Every value the drag went through is a multiple of the step; it ends on the wanted one.
    assert all(abs(v / step - round(v / step)) < 1e-9 for v in seen), seen
    assert panel.session.assumptions[key] == wanted
    assert editor.spin.value() == wanted


def test_the_number_box_keeps_exact_values(panel: AssumptionsPanel) -> None:
    level = number(panel, "vendor.v0.price_level_pct")  # snaps to 5 %
    level.spin.setValue(-33)
    assert panel.session.assumptions["vendor.v0.price_level_pct"] == -33
    assert level.spin.value() == -33
    assert level.scale.to_value(level.slider.value()) == -35  # the handle at the nearest stop
    cap = number(panel, "vendor.v0.supply_cap_h100e")
    assert cap.none_box is not None
    cap.none_box.click()
    cap.spin.setValue(123_457)
    assert panel.session.assumptions["vendor.v0.supply_cap_h100e"] == 123_457
    beta = number(panel, "bass_p")
    beta.spin.setValue(0.137)
    assert panel.session.assumptions["bass_p"] == pytest.approx(0.137)
    assert beta.spin.value() == pytest.approx(0.137)
