"""The invariants of MODEL.md, on synthetic datasets, with hypothesis over valid assumptions."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipscope.model import chip_supply
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.chip_supply import bass_cdf
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset(n_adopters=6, n_chips=14, n_vendors=4, seed=3)
SPECS = AssumptionSpecs.for_dataset(DATASET)
DEFAULTS = SPECS.defaults()


def _value(spec_key: str) -> st.SearchStrategy[float]:
    spec = SPECS[spec_key]
    if spec.kind == "bool":
        return st.sampled_from([0.0, 1.0])
    if spec.kind == "int":
        return st.integers(int(spec.lo), int(spec.hi)).map(float)
    base = st.floats(spec.lo, spec.hi, allow_nan=False)
    return st.one_of(base, st.just(math.nan)) if spec.optional else base


# Caps drawn on the scale of the market so that they bind sometimes.
_MARKET = float(DATASET.history_cube().sum(axis=(1, 2))[-1])


@st.composite
def assumptions(draw: st.DrawFn) -> Assumptions:
    changes = {}
    for key in SPECS:
        if key in ("base_year", "horizon_year"):
            continue
        if key.endswith("supply_cap_h100e"):
            changes[key] = draw(st.one_of(st.just(math.nan),
                                          st.floats(0.0, 2 * _MARKET, allow_nan=False)))
        elif key.endswith("size_h100e_per_year"):
            changes[key] = draw(st.floats(0.0, _MARKET, allow_nan=False))
        else:
            changes[key] = draw(_value(key))
    changes["horizon_year"] = float(draw(st.integers(2026, 2034)))
    return DEFAULTS.replace(changes)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _adopter_shares(p: object) -> np.ndarray:
    """(T, A, V) each adopter's vendor shares of its purchases (H100e)."""
    per = _vendor_matrix(p.h100e, DATASET)  # type: ignore[attr-defined]
    tot = per.sum(axis=2, keepdims=True)
    out: np.ndarray = per / np.where(tot > 0, tot, 1.0)
    return out


def _vendor_matrix(p_arr: np.ndarray, ds: Dataset) -> np.ndarray:
    onehot = np.zeros((len(ds.chip_ids), len(ds.vendor_ids)))
    onehot[np.arange(len(ds.chip_ids)), ds.chip_vendor_index] = 1
    return p_arr @ onehot


@FAST
@given(assumptions())
def test_shares_are_valid_and_finite(a: Assumptions) -> None:
    p = project(DATASET, a)
    for m in ("h100e", "units", "spend_usd"):
        arr = p.measure(m)
        assert np.isfinite(arr).all()
        assert (arr >= 0).all()
        shares = p.vendor_shares(m)
        assert ((shares >= 0) & (shares <= 1 + 1e-12)).all()
        totals = shares.sum(axis=1)
        assert np.allclose(totals[p.total(m) > 0], 1.0, atol=1e-9)
    per_adopter = _vendor_matrix(p.h100e, DATASET)  # (T, A, V)
    tot = per_adopter.sum(axis=2)
    shares = per_adopter / np.where(tot > 0, tot, 1)[..., None]
    assert np.allclose(shares.sum(axis=2)[tot > 0], 1.0, atol=1e-9)


@FAST
@given(assumptions())
def test_purchases_plus_unmet_equal_demand(a: Assumptions) -> None:
    p = project(DATASET, a)
    bought = p.h100e.sum(axis=2)
    assert np.allclose(bought + p.unmet_h100e, p.demand_h100e, rtol=1e-9, atol=1e-6)


@FAST
@given(assumptions())
def test_caps_hold_while_another_vendor_has_room(a: Assumptions) -> None:
    p = project(DATASET, a)
    by_vendor = p.by_vendor("h100e")
    base = int(a["base_year"])
    for t, year in enumerate(p.years):
        if year <= base:
            continue
        for v, vid in enumerate(DATASET.vendor_ids):
            cap0 = a[f"vendor.{vid}.supply_cap_h100e"]
            if math.isnan(cap0):
                continue
            cap = cap0 * (1 + a[f"vendor.{vid}.cap_growth_pct"] / 100) ** (year - base)
            assert by_vendor[t, v] <= cap * (1 + 1e-9) + 1e-6
    # Unmet demand only when every vendor the adopter can reach is at its cap.
    assert (p.unmet_h100e >= -1e-9).all()


@FAST
@given(assumptions())
def test_deals_hold_without_caps(a: Assumptions) -> None:
    """A deal is a commitment: the adopter buys at least the deal's deliveries of the year
    from its vendor (more where its budget's trend buys more), unless minimum shares or caps
    take from it."""
    a = a.replace({f"vendor.{v}.supply_cap_h100e": math.nan for v in DATASET.vendor_ids}
                  | {k: 0.0 for k in SPECS if ".min_share." in k})
    p = project(DATASET, a)
    per = _vendor_matrix(p.h100e, DATASET)
    years = p.years[~p.is_history]
    sizes = chip_supply.deal_sizes(DATASET, a, years)  # (T, D)
    parts = chip_supply.dataset_parts(DATASET)
    n_hist = int(p.is_history.sum())
    for t in range(len(years)):
        for d in range(len(parts.deal_ids)):
            ai, vi = parts.deal_adopter[d], parts.deal_vendor[d]
            same = (parts.deal_adopter == ai) & (parts.deal_vendor == vi)
            assert per[n_hist + t, ai, vi] >= sizes[t, same].sum() * (1 - 1e-9) - 1e-6


def test_deal_profile_ramps_in_from_its_start_and_keeps_the_total() -> None:
    years = np.arange(2026, 2032)
    first, last = np.array([2026, 2026, 2027]), np.array([2030, 2026, 2029])
    start = np.array([0.5, 0.0, 0.0])
    prof = chip_supply.deal_profile(first, last, start, years)
    # The shares sum to the delivery years, so the average rate is the deal's size.
    np.testing.assert_allclose(prof.sum(axis=0), [4.5, 1.0, 3.0], rtol=1e-12)
    # From 2H 2026: an eighth of a full year's rate in 2026 (half a year, ramping), then
    # full from 2027 on; nothing before its first or after its last year.
    full = 4.5 / 4.0
    np.testing.assert_allclose(prof[:, 0], [full / 8, full * 7 / 8, full, full, full, 0.0])
    assert prof[0, 2] == 0.0 and prof[-1, 2] == 0.0


def test_kappa_zero_freezes_base_mix() -> None:
    a = DEFAULTS.replace({"switching_speed": 0.0, "price_sensitivity": 5.0, "lock_in": 0.0})
    a = a.replace({f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]})
    p = project(DATASET, a)
    per = _vendor_matrix(p.h100e, DATASET)
    tot = per.sum(axis=2, keepdims=True)
    mix = per / np.where(tot > 0, tot, 1)
    base = p.year_index(int(a["base_year"]))
    for t in range(base + 1, len(p.years)):
        assert np.allclose(mix[t], mix[base], atol=1e-12)


def test_neutral_choice_splits_equally_over_accessible_vendors() -> None:
    ds = synthetic_dataset(n_adopters=5, n_chips=8, n_vendors=4, seed=11, n_deals=0)
    specs = AssumptionSpecs.for_dataset(ds)
    # Equal availability: every chip launched long ago (bass ramp saturates to 1).
    chips = ds.frames["chips"].copy()
    chips["launch_year"] = 1990 + 30  # 2020, long before 2030 with a fast ramp
    access = ds.frames["access"].copy()
    access["access"] = 1.0  # full access where there is any: ln(access) = 0
    ds2 = Dataset({**ds.frames, "chips": chips, "access": access})
    a = specs.defaults().replace({
        "price_sensitivity": 0.0, "lock_in": 0.0, "switching_speed": 1.0,
        "bass_p": 1.0, "bass_q": 3.0, "horizon_year": 2030,
    })
    p = project(ds2, a)
    per = _vendor_matrix(p.h100e, ds2)
    t = p.year_index(2030)
    access = ds2.access_matrix > 0
    for ai in range(len(ds2.adopter_ids)):
        if p.demand_h100e[t, ai] == 0:
            continue
        shares = per[t, ai] / per[t, ai].sum()
        n = access[ai].sum()
        # F(x) ~ 1 - 4e-5 at x = 11 with p=1, q=3: equal to 1e-4.
        assert np.allclose(shares[access[ai]], 1.0 / n, atol=1e-4)
        assert np.allclose(shares[~access[ai]], 0.0)


@pytest.mark.parametrize("vendor", DATASET.vendor_ids)
def test_raising_own_price_change_never_raises_share(vendor: str) -> None:
    key = f"vendor.{vendor}.price_change_pct"
    shares = []
    for pct in (-30.0, -10.0, 0.0, 10.0, 30.0):
        p = project(DATASET, DEFAULTS.replace({key: pct}))
        shares.append(p.vendor_shares("h100e")[:, DATASET.vendor_ids.index(vendor)])
    for lower, higher in itertools.pairwise(shares):
        assert (higher <= lower + 1e-12).all()


@FAST
@given(assumptions(), st.sampled_from(DATASET.vendor_ids), st.floats(0.5, 20),
       st.sampled_from(["price_change_pct", "price_level_pct"]))
def test_monotone_in_own_price_everywhere(a: Assumptions, vendor: str, bump: float,
                                          price: str) -> None:
    """Each adopter's share of a vendor falls with the vendor's own price (its yearly change
    or its level), and the vendor's purchases never rise, when no cap, deal or minimum share
    applies. The vendor's share of the whole market can rise a little: budgets buy less where
    the vendor weighs more, and that changes the adopters' weights in the market
    (docs/model.md, "Demand as money"). Each of the three left out has its own effect:
    - a deal fixes the compute bought from its vendor: when the vendor's price rises, the
      budget buys less of the rest, so the deal's share of the total can rise, and through
      lock-in its share of later years' mix ("Deals as commitments");
    - a minimum share that binds holds its vendor at the floor and rescales the others'
      excess over their floors, so a vendor held at its floor can pass a dearer vendor's loss
      back to it (the floors formula);
    - a cap that binds moves its excess as money: see
      test_a_binding_cap_can_send_buyers_back_to_a_dearer_vendor."""
    key = f"vendor.{vendor}.{price}"
    if a[key] + bump > SPECS[key].hi:
        return
    v = DATASET.vendor_ids.index(vendor)
    plain = {f"vendor.{x}.supply_cap_h100e": math.nan for x in DATASET.vendor_ids}
    plain |= {f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]}
    plain |= {k: 0.0 for k in SPECS if ".min_share." in k}
    p_lo = project(DATASET, a.replace(plain))
    p_hi = project(DATASET, a.replace({**plain, key: a[key] + bump}))
    # To rounding: a search of 2,000 draws aimed at the largest rise (hypothesis's target())
    # found 3e-16 in a share and no rise in purchases.
    assert (_adopter_shares(p_hi)[..., v] <= _adopter_shares(p_lo)[..., v] + 1e-12).all()
    before, after = p_lo.by_vendor("h100e")[:, v], p_hi.by_vendor("h100e")[:, v]
    assert (after <= before * (1 + 1e-12) + 1e-9).all()


# The draw with which CI-12's run of the property above (when it still let caps bind) found a
# rise of 1.005e-6 relative: vendor v1 capped at 2,156,644 H100e, adopter a3 drawn to v1.
CAP_SPILL = {
    "horizon_year": 2027.0, "demand_growth_pct": 0.0, "price_sensitivity": 6.0, "lock_in": 3.5,
    "switching_speed": 0.5, "own_silicon": 0.0, "deal_weight_loi": 0.0, "deal_weight_up_to": 0.0,
    "bass_p": 0.5, "bass_q": 0.0, "sales_life_years": 2.0, "vendor.v0.price_level_pct": 163.0,
    "vendor.v1.supply_cap_h100e": 2156644.0, "vendor.v3.price_level_pct": -84.0,
    "adopter.a0.demand_growth_pct": 0.0, "adopter.a3.demand_growth_pct": 30.0,
    "adopter.a3.affinity.v1": 4.0, "adopter.a4.demand_growth_pct": 0.0,
    "deal.d0.enabled": 0.0, "deal.d0.size_h100e_per_year": 0.0,
    "deal.d1.enabled": 0.0, "deal.d1.size_h100e_per_year": 0.0,
} | {f"vendor.{x}.{k}": 0.0 for x in DATASET.vendor_ids
     for k in ("price_change_pct", "cap_growth_pct")} | {
    k: 0.0 for k in SPECS if ".min_share." in k}


def test_a_binding_cap_can_send_buyers_back_to_a_dearer_vendor() -> None:
    """A documented effect of caps (docs/model.md, step 8): v3 dearer sends adopter a3 towards
    v1, whose cap then cuts every buyer of v1 more. The others' cut moves as money to their
    other vendors, v3 among them, at their own costs per H100e, so v3's purchases can rise."""
    a = DEFAULTS.replace(CAP_SPILL)
    key, v, t = "vendor.v3.price_change_pct", 3, -1
    p_lo, p_hi = project(DATASET, a), project(DATASET, a.replace({key: 1.0}))
    # With the cap, v3 sells more in 2027 at a price 1 % a year higher ...
    assert p_hi.by_vendor("h100e")[t, v] > p_lo.by_vendor("h100e")[t, v]
    # ... because a3 buys more of v1 and the cap moves the other buyers of v1 away from it,
    # while v1 stays at its cap.
    a3 = DATASET.adopter_ids.index("a3")
    lo_m, hi_m = _vendor_matrix(p_lo.h100e, DATASET), _vendor_matrix(p_hi.h100e, DATASET)
    assert hi_m[t, a3, 1] > lo_m[t, a3, 1]
    others = [i for i in range(len(DATASET.adopter_ids)) if i != a3]
    assert hi_m[t, others, 1].sum() < lo_m[t, others, 1].sum()
    assert p_hi.by_vendor("h100e")[t, 1] == pytest.approx(2156644.0, rel=1e-9)
    # Without the cap, the same price rise lowers v3's purchases.
    free = {"vendor.v1.supply_cap_h100e": math.nan}
    q_lo, q_hi = project(DATASET, a.replace(free)), project(DATASET, a.replace({**free, key: 1.0}))
    assert q_hi.by_vendor("h100e")[t, v] < q_lo.by_vendor("h100e")[t, v]


def test_history_is_joined_unchanged_at_base_year() -> None:
    p = project(DATASET, DEFAULTS)
    cube = DATASET.history_cube("h100e")
    n = len(DATASET.history_years)
    assert np.array_equal(p.h100e[:n], cube)
    assert p.is_history[:n].all() and not p.is_history[n:].any()
    assert p.years[0] == DATASET.history_years[0]
    # The first projected year starts from the base-year mix: no jump with kappa small.
    slow = project(DATASET, DEFAULTS.replace(
        {"switching_speed": 0.0} | {f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]}))
    s = slow.vendor_shares("h100e")
    # Each adopter keeps its mix; the market's moves a little as the budgets buy H100e at
    # costs that change differently for each adopter's chips (composition).
    assert np.allclose(s[n], s[n - 1], atol=0.03)


def test_history_does_not_move_with_sliders() -> None:
    a = DEFAULTS.replace({f"vendor.{DATASET.vendor_ids[0]}.price_change_pct": 40.0,
                          "price_sensitivity": 9.0})
    p0, p1 = project(DATASET, DEFAULTS), project(DATASET, a)
    n = len(DATASET.history_years)
    for m in ("h100e", "units", "spend_usd"):
        assert np.array_equal(p0.measure(m)[:n], p1.measure(m)[:n])


def test_earlier_base_year_backtests() -> None:
    first = int(DATASET.history_years[0])
    a = DEFAULTS.replace({"base_year": first + 1})
    p = project(DATASET, a)
    assert p.is_history.sum() == 2
    assert p.years[-1] == a["horizon_year"]


def test_bass_matches_closed_form() -> None:
    x = np.linspace(-2, 20, 221)
    for p, q in ((0.03, 0.38), (0.1, 0.9), (0.5, 0.0), (1.0, 3.0)):
        got = bass_cdf(x, p, q)
        want = np.array([
            (1 - math.exp(-(p + q) * xi)) / (1 + (q / p) * math.exp(-(p + q) * xi))
            if xi > 0 else 0.0 for xi in x
        ])
        assert np.max(np.abs(got - want)) < 1e-12
        assert (np.diff(got) >= -1e-15).all()  # monotone
    assert bass_cdf(50.0, 0.1, 0.9) == pytest.approx(1.0, abs=1e-12)


def test_unmet_demand_when_every_vendor_is_capped() -> None:
    a = DEFAULTS.replace({f"vendor.{v}.supply_cap_h100e": 1000.0 for v in DATASET.vendor_ids})
    a = a.replace({f"vendor.{v}.cap_growth_pct": 0.0 for v in DATASET.vendor_ids})
    p = project(DATASET, a)
    proj = ~p.is_history
    assert np.allclose(p.by_vendor("h100e")[proj].sum(axis=1), 1000.0 * len(DATASET.vendor_ids),
                       rtol=1e-9) or (p.by_vendor("h100e")[proj] <= 1000.0 * (1 + 1e-9)).all()
    assert p.unmet_h100e[proj].sum() > 0


def test_large_synthetic_dataset_runs() -> None:
    ds = synthetic_dataset(n_adopters=100, n_chips=300, n_vendors=20, seed=1)
    a = AssumptionSpecs.for_dataset(ds).defaults().replace({"horizon_year": 2040})
    p = project(ds, a)
    assert p.h100e.shape == (19, 100, 300)
    assert np.isfinite(p.h100e).all()


def test_base_demand_override_gives_an_adopter_without_history_a_market() -> None:
    first = DATASET.adopter_ids[0]
    no_deals = {f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]}
    a = DEFAULTS.replace({f"adopter.{first}.base_demand_h100e": 50_000.0,
                          "demand_growth_pct": 10.0, **no_deals})
    p = project(DATASET, a)
    proj = ~p.is_history
    # The override is H100e at the first projected year's cost of the adopter's mix: its
    # budget, which grows 10 %/yr; spend follows the budget, compute follows the prices.
    spend = p.spend_usd[proj, 0].sum(axis=1)
    assert np.allclose(spend, p.budget_usd[proj, 0])
    assert np.allclose(spend[1:] / spend[:-1], 1.1)
    assert np.allclose(p.h100e[proj, 0].sum(axis=1) + p.unmet_h100e[proj, 0],
                       p.demand_h100e[proj, 0])
    # The override is priced at the market's base-year cost per H100e (history spend / H100e).
    b = p.year_index(int(a["base_year"]))
    market_cost = p.spend_usd[b].sum() / p.h100e[b].sum()
    assert p.budget_usd[proj, 0][0] == pytest.approx(50_000.0 * market_cost * 1.1, rel=1e-12)
    # History is untouched; the override acts from the first projected year.
    assert np.array_equal(p.h100e[~proj], project(DATASET, DEFAULTS).h100e[~proj])
    # An adopter with no history at all gets a vendor mix from its target shares.
    ds = synthetic_dataset(n_adopters=6, n_chips=14, n_vendors=4, seed=3)
    hist = ds.frames["history"]
    ds2 = Dataset({**ds.frames, "history": hist[hist["adopter_id"] != "a1"].reset_index(drop=True)})
    a2 = AssumptionSpecs.for_dataset(ds2).defaults().replace({"adopter.a1.base_demand_h100e": 1e5})
    p2 = project(ds2, a2)
    proj2 = ~p2.is_history
    row = p2.h100e[proj2, 1].sum(axis=1)
    assert row[0] > 0
    np.testing.assert_allclose(row + p2.unmet_h100e[proj2, 1], p2.demand_h100e[proj2, 1])
    budget = p2.budget_usd[proj2, 1]
    np.testing.assert_allclose(budget[1:] / budget[:-1], 1.35)


def test_price_level_shifts_a_vendors_prices_in_projected_years_only() -> None:
    """-30 % price level: every chip of that vendor costs 0.7x per unit (so per H100e) in every
    projected year, history is untouched, and the vendor's share rises."""
    vendor = DATASET.vendor_ids[1]
    a0 = DEFAULTS.replace({f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]})
    p0 = project(DATASET, a0)
    p1 = project(DATASET, a0.replace({f"vendor.{vendor}.price_level_pct": -30.0}))
    proj = ~p0.is_history
    with np.errstate(invalid="ignore", divide="ignore"):
        unit_price0 = p0.spend_usd.sum(axis=1) / p0.units.sum(axis=1)
        unit_price1 = p1.spend_usd.sum(axis=1) / p1.units.sum(axis=1)
    both = proj[:, None] & (p0.units.sum(axis=1) > 0) & (p1.units.sum(axis=1) > 0)
    mine = DATASET.chip_vendor_index == DATASET.vendor_ids.index(vendor)
    ratio = unit_price1[both] / unit_price0[both]
    expected = np.where(np.broadcast_to(mine, both.shape)[both], 0.7, 1.0)
    assert both[:, mine].any()
    np.testing.assert_allclose(ratio, expected, rtol=1e-12)
    for m in ("h100e", "units", "spend_usd"):
        np.testing.assert_array_equal(p1.measure(m)[~proj], p0.measure(m)[~proj])
    v = DATASET.vendor_ids.index(vendor)
    assert (p1.vendor_shares()[proj, v] > p0.vendor_shares()[proj, v]).all()


@FAST
@given(assumptions(), st.sampled_from(DATASET.adopter_ids),
       st.lists(st.floats(0, 100), min_size=len(DATASET.vendor_ids),
                max_size=len(DATASET.vendor_ids)))
def test_minimum_shares_hold_before_deals(a: Assumptions, adopter: str,
                                          minimum: list[float]) -> None:
    """Without caps, an adopter buys at least its minimum share from each vendor it can reach
    that has a chip on sale (scaled to 100 % if they add up to more), whatever the deals say."""
    a = a.replace({f"vendor.{v}.supply_cap_h100e": math.nan for v in DATASET.vendor_ids}
                  | {f"adopter.{adopter}.min_share.{v}": m
                     for v, m in zip(DATASET.vendor_ids, minimum, strict=True)})
    p = project(DATASET, a)
    i = DATASET.adopter_ids.index(adopter)
    per = _vendor_matrix(p.h100e, DATASET)[:, i, :]
    on_sale = _vendor_matrix(p.h100e.sum(axis=1, keepdims=True), DATASET)[:, 0, :] > 0
    reach = DATASET.access_matrix[i] > 0
    for t in np.flatnonzero(~p.is_history):
        if p.demand_h100e[t, i] <= 1e-200:  # subnormal demand: shares underflow to 0
            continue
        # A vendor is "on sale" if anyone bought from it this year: a lower bound that keeps
        # the test independent of the engine's availability arrays.
        wanted = np.where(reach & on_sale[t], np.array(minimum) / 100.0, 0.0)
        wanted = wanted / max(1.0, wanted.sum())
        share = per[t] / per[t].sum()
        assert (share >= wanted * (1 - 1e-9) - 1e-12).all(), (t, share, wanted)


def test_a_third_of_an_adopters_purchases_moved_to_one_vendor() -> None:
    """The README's question, on the synthetic data: one adopter gives a vendor it barely
    uses exactly a third of its purchases, and the rest of the market is unchanged."""
    a0 = DEFAULTS.replace({f"deal.{d}.enabled": 0.0 for d in DATASET.deals["deal_id"]})
    p0 = project(DATASET, a0)
    i = 0
    reach = np.flatnonzero(DATASET.access_matrix[i] > 0)
    base = _vendor_matrix(p0.h100e, DATASET)[-1, i, reach]
    v = int(reach[np.argmin(base)])
    key = f"adopter.{DATASET.adopter_ids[i]}.min_share.{DATASET.vendor_ids[v]}"
    p1 = project(DATASET, a0.replace({key: 100 / 3}))
    proj = ~p1.is_history
    per1 = _vendor_matrix(p1.h100e, DATASET)
    share = per1[proj, i, v] / per1[proj, i].sum(axis=1)
    assert share.min() >= 1 / 3 - 1e-9
    others = [j for j in range(len(DATASET.adopter_ids)) if j != i]
    # Other adopters move only through nothing: no caps bind, so their purchases are unchanged.
    np.testing.assert_allclose(per1[:, others], _vendor_matrix(p0.h100e, DATASET)[:, others],
                               rtol=1e-12, atol=1e-9)
