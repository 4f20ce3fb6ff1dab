"""The assumptions panel touches only the editors a change concerns, and still shows every
value (and clears errors) as a full pass did."""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.synthetic import synthetic_dataset
from chipscope.ui.panels.assumptions import AssumptionsPanel
from chipscope.ui.panels.param_widgets import ParamEditor
from chipscope.ui.panels.shown_values import ShownValues
from chipscope.ui.session import Session


def test_differing_keys() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    a = specs.defaults()
    b = a.replace({"lock_in": float(a["lock_in"]) * 0.5})
    assert b.differing(a) == {"lock_in"} == a.differing(b)
    assert a.differing(a) == set()
    optional = next(k for k, s in specs.items() if s.optional and math.isnan(float(a[k])))
    assert a.differing(a.replace({})) == set()  # "none" (NaN) equals "none"
    c = a.replace({optional: specs[optional].lo})
    assert c.differing(a) == {optional} == a.differing(c)


def test_keys_first_all_then_the_changed_and_the_erroring() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    a = specs.defaults()
    editors = dict.fromkeys(specs, object())
    shown = ShownValues()
    assert set(shown.keys(a, editors)) == set(specs)
    b = a.replace({"lock_in": float(a["lock_in"]) * 0.5})
    shown.errors.add("switching_speed")
    assert set(shown.keys(b, editors)) == {"lock_in", "switching_speed"}
    assert list(shown.keys(b, editors)) == []  # the error was cleared by that pass
    editors["extra"] = object()  # an adopter's page built: all again
    assert set(shown.keys(b, editors)) == set(editors)


@pytest.fixture
def panel(qtbot: QtBot) -> AssumptionsPanel:
    p = AssumptionsPanel(Session(synthetic_dataset()))
    qtbot.addWidget(p)
    return p


def test_every_editor_shows_the_values_after_set_assumptions_and_reset(
        panel: AssumptionsPanel) -> None:
    session = panel.session
    values = session.assumptions
    changes = {}
    for key, spec in list(session.specs.items())[:40]:
        if spec.optional or key in ("base_year", "horizon_year"):
            continue
        if spec.unit in ("", "on/off") and spec.hi - spec.lo <= 1:
            continue  # switches and choices
        changes[key] = spec.lo + 0.37 * (spec.hi - spec.lo)
    session.set_assumptions(values.replace(changes))
    for key in changes:
        editor = panel.editors[key]
        if isinstance(editor, ParamEditor):
            assert editor.value() == pytest.approx(session.assumptions[key], rel=1e-6, abs=1e-9)
    session.reset_all()
    for key in changes:
        editor = panel.editors[key]
        if isinstance(editor, ParamEditor):
            assert editor.value() == pytest.approx(session.specs[key].default, rel=1e-6,
                                                   abs=1e-9)


def test_an_error_is_cleared_by_the_next_values(panel: AssumptionsPanel) -> None:
    editor = panel.editors["horizon_year"]
    assert isinstance(editor, ParamEditor)
    base = float(panel.session.assumptions["base_year"])
    panel._apply("horizon_year", base - 1)  # before the base year: refused
    assert editor.error().startswith("Not applied")
    panel.session.set_value("lock_in", float(panel.session.assumptions["lock_in"]) * 0.9)
    assert editor.error() == ""
