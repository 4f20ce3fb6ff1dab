"""Notes on a projection: deals larger than demand, and unmet demand, said in words."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.notes import compact_h100e, projection_notes, year_ranges
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset(n_adopters=5, n_chips=10, n_vendors=4, seed=7)
SPECS = AssumptionSpecs.for_dataset(DATASET)
NAMES = dict(zip(DATASET.adopters["adopter_id"], DATASET.adopters["name"], strict=True))


def _no_deals() -> dict[str, float]:
    return {f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]}


def test_year_ranges_and_sizes_read_naturally() -> None:
    assert year_ranges([2026, 2027, 2028, 2030]) == "2026\u20132028, 2030"
    assert year_ranges([2027, 2026]) == "2026, 2027"
    assert year_ranges([2031]) == "2031"
    assert year_ranges([]) == ""
    assert compact_h100e(1_234_567) == "1.23M H100e"
    assert compact_h100e(45_600) == "45.6k H100e"
    assert compact_h100e(12) == "12 H100e"


def test_no_deals_and_no_caps_means_no_notes() -> None:
    p = project(DATASET, SPECS.defaults().replace(_no_deals()))
    assert p.committed_h100e is not None and (p.committed_h100e == 0).all()
    assert projection_notes(p, NAMES) == []


def test_deals_add_to_demand_and_raise_no_note() -> None:
    deal = DATASET.deals.iloc[0]
    adopter = str(deal.adopter_id)
    values = _no_deals() | {f"deal.{deal.deal_id}.enabled": 1.0,
                            f"vendor.{deal.vendor_id}.supply_cap_h100e": math.nan}
    a = SPECS.defaults().replace(values)
    i = DATASET.adopter_ids.index(adopter)
    demand = project(DATASET, a).demand_h100e[:, i]
    # Three times the adopter's largest projected demand: the deal adds to its demand.
    key = f"deal.{deal.deal_id}.size_h100e_per_year"
    size = min(3.0 * float(demand.max()), SPECS[key].hi)
    p = project(DATASET, a.replace({key: size}))
    assert projection_notes(p, NAMES) == []
    projected = ~p.is_history
    assert p.committed_h100e is not None
    assert (p.demand_h100e[projected, i] >= p.committed_h100e[projected, i] * (1 - 1e-12)).all()
    assert p.demand_h100e[projected, i].max() > min(2 * demand.max(), 0.5 * size)


def test_minimum_shares_that_squeeze_deals_are_named_with_their_years() -> None:
    deal = DATASET.deals.iloc[0]
    adopter = str(deal.adopter_id)
    others = [v for v in DATASET.vendor_ids if v != deal.vendor_id]
    i = DATASET.adopter_ids.index(adopter)
    reach = DATASET.vendor_reach_matrix[i]
    other = next(v for v in others if reach[DATASET.vendor_ids.index(v)])
    values = _no_deals() | {f"deal.{deal.deal_id}.enabled": 1.0,
                            f"vendor.{deal.vendor_id}.supply_cap_h100e": math.nan,
                            f"adopter.{adopter}.min_share.{other}": 100.0}
    p = project(DATASET, SPECS.defaults().replace(values))
    notes = projection_notes(p, NAMES)
    assert [n.kind for n in notes] == ["deals"]
    note = notes[0]
    assert note.adopters == (adopter,)
    assert note.summary == f"Minimum shares cut deals: {NAMES[adopter]}"
    projected = [int(y) for y in p.years if deal.first_year <= y <= deal.last_year
                 and y > p.base_year]
    assert projected and year_ranges(projected) in note.detail
    assert "its minimum shares take all of it" in note.detail


def test_unmet_demand_is_reported_with_its_worst_year() -> None:
    caps = {f"vendor.{v}.supply_cap_h100e": 1.0 for v in DATASET.vendor_ids}
    caps |= {f"vendor.{v}.cap_growth_pct": 0.0 for v in DATASET.vendor_ids}
    p = project(DATASET, SPECS.defaults().replace(_no_deals() | caps))
    notes = projection_notes(p, NAMES)
    assert [n.kind for n in notes] == ["unmet"]
    projected = ~p.is_history
    pct = 100 * p.unmet_h100e[projected].sum(axis=1) / p.demand_h100e[projected].sum(axis=1)
    worst = int(np.argmax(pct))
    assert notes[0].summary == (
        f"Unmet demand: up to {pct[worst]:.1f} % ({int(p.years[projected][worst])})")
    assert set(notes[0].adopters) == {
        a for a, col in zip(p.adopter_ids, p.unmet_h100e[projected].T, strict=True)
        if (col > 0).any()}


def test_a_projection_without_committed_data_only_reports_unmet() -> None:
    import dataclasses

    p = project(DATASET, SPECS.defaults())
    bare = dataclasses.replace(p, committed_h100e=None)
    assert all(n.kind != "deals" for n in projection_notes(bare, NAMES))


def test_minimum_shares_leave_less_room_for_deals() -> None:
    """A deal that fits the demand but not what the minimum shares leave is reported, as a
    multiple of that room."""
    deal = DATASET.deals.iloc[0]
    adopter = str(deal.adopter_id)
    i = DATASET.adopter_ids.index(adopter)
    other = next(v for v in DATASET.vendor_ids if v != deal.vendor_id
                 and DATASET.access_matrix[i, DATASET.vendor_ids.index(v)] > 0)
    a = SPECS.defaults().replace(_no_deals() | {f"deal.{deal.deal_id}.enabled": 1.0})
    p0 = project(DATASET, a)
    demand = p0.demand_h100e[~p0.is_history, i]
    a = a.replace({f"deal.{deal.deal_id}.size_h100e_per_year": 0.8 * float(demand.min())})
    assert projection_notes(project(DATASET, a), NAMES) == []
    # Deals add to demand, so the minimum share must leave little room: 90 %.
    p = project(DATASET, a.replace({f"adopter.{adopter}.min_share.{other}": 90.0}))
    notes = projection_notes(p, NAMES)
    assert [n.kind for n in notes] == ["deals"] and notes[0].adopters == (adopter,)
    assert "what its minimum shares leave" in notes[0].detail
    assert p.minimum_share is not None
    assert (p.minimum_share[~p.is_history, i] == pytest.approx(0.9))
