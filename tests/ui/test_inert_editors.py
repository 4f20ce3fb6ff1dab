"""#11: sliders that can have no effect are disabled with the reason in their tooltip, and come
back live as soon as the condition goes away."""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.inert import inert_assumptions
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import BoolEditor, ParamEditor
from chipscope.ui.session import Session


def make_panel(qtbot: QtBot, dataset: Dataset) -> AssumptionsPanel:
    panel = AssumptionsPanel(Session(dataset))
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    return panel


def number(panel: AssumptionsPanel, key: str) -> ParamEditor:
    editor = panel.editor(key)
    assert isinstance(editor, ParamEditor)
    return editor


def test_cap_growth_is_disabled_while_the_cap_is_none(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    for vid in panel.session.dataset.vendor_ids:
        growth = number(panel, f"vendor.{vid}.cap_growth_pct")
        assert not growth.isEnabled() and not growth.slider.isEnabled()
        assert growth.toolTip().startswith("No effect: the supply cap is none")
        assert growth.slider.toolTip().startswith("No effect:")
        assert growth.spec.help in growth.toolTip()  # the help text stays, after the reason
    cap = number(panel, "vendor.v0.supply_cap_h100e")
    growth = number(panel, "vendor.v0.cap_growth_pct")
    help_tip = growth.slider.toolTip().split("\n", 1)[1]
    assert cap.none_box is not None
    cap.none_box.click()  # "no cap" unticked: a cap is set
    assert not math.isnan(panel.session.assumptions["vendor.v0.supply_cap_h100e"])
    assert growth.isEnabled() and growth.slider.isEnabled()
    assert growth.slider.toolTip() == help_tip and "No effect" not in growth.toolTip()
    assert not number(panel, "vendor.v1.cap_growth_pct").isEnabled()  # the others stay off
    cap.none_box.click()  # back to none
    assert not growth.isEnabled()
    panel.session.set_value("vendor.v0.supply_cap_h100e", 300_000.0)  # from outside (undo...)
    assert growth.isEnabled()


def test_deal_size_is_disabled_while_the_deal_is_off(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, synthetic_dataset())
    size = number(panel, "deal.d1.size_h100e_per_year")
    on = panel.editor("deal.d1.enabled")
    assert isinstance(on, BoolEditor)
    assert size.isEnabled()
    on.check.click()
    assert panel.session.assumptions["deal.d1.enabled"] == 0
    assert not size.isEnabled()
    assert size.toolTip().startswith("No effect: the deal is off")
    assert number(panel, "deal.d0.size_h100e_per_year").isEnabled()
    on.check.click()
    assert size.isEnabled() and "No effect" not in size.toolTip()


def test_deal_size_is_disabled_while_its_firmness_weight_is_zero(
        qtbot: QtBot, real_dataset: Dataset) -> None:
    specs = AssumptionSpecs.for_dataset(real_dataset)
    loi = real_dataset.deals.loc[real_dataset.deals["firmness"] == "loi", "deal_id"]
    if loi.empty:
        pytest.skip("no letter-of-intent deal in the dataset")
    key = f"deal.{loi.iloc[0]}.size_h100e_per_year"
    assert key not in inert_assumptions(real_dataset, specs.defaults())
    panel = make_panel(qtbot, real_dataset)
    size = number(panel, key)
    weight = number(panel, "deal_weight_loi")
    assert size.isEnabled()
    weight.slider.setValue(0)  # dragged to the left end
    assert panel.session.assumptions["deal_weight_loi"] == 0
    assert not size.isEnabled()
    assert "Deal weight: letter of intent" in size.toolTip().split("\n")[0]
    weight.spin.setValue(0.5)
    assert size.isEnabled()
    # A deal that ends before the projection starts can never count: always greyed out.
    ended = real_dataset.deals.loc[real_dataset.deals["last_year"]
                                   <= int(specs["base_year"].default), "deal_id"]
    for did in ended:
        past = number(panel, f"deal.{did}.size_h100e_per_year")
        assert not past.isEnabled() and "delivers nothing" in past.toolTip()
