"""A projection that reaches past every chip's sales says so (pass 18 window, an observation):
with a horizon of 2040 the charts showed 0 % for every vendor in 2039 and 2040, and neither
the window nor `chipscope run` said why."""

from __future__ import annotations

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.notes import projection_notes
from chipscope.model.synthetic import synthetic_dataset


def test_years_with_no_chip_on_sale_are_named_with_what_to_change() -> None:
    dataset = synthetic_dataset()
    specs = AssumptionSpecs.for_dataset(dataset)
    horizon = int(specs["horizon_year"].hi)
    short = specs.defaults().replace({"horizon_year": horizon, "sales_life_years": 1.0})
    proj = project(dataset, short)
    bought = proj.by_vendor("h100e").sum(axis=1)
    empty = [int(y) for y, b, h in zip(proj.years, bought, proj.is_history, strict=True)
             if not h and b <= 0]
    assert empty and empty[-1] == horizon  # the case: nothing bought at the end
    [note] = [n for n in projection_notes(proj, {}) if n.kind == "no_chips"]
    assert str(empty[0]) in note.summary and str(horizon) in note.detail
    assert "raise the sales life" in note.detail
    usual = project(dataset, specs.defaults())
    assert not [n for n in projection_notes(usual, {}) if n.kind == "no_chips"]
