"""The market engine: ``project(dataset, assumptions) -> Projection``.

The chip level (availability, who may buy a chip, the lower nest, deals that name a chip) is
in :mod:`chipscope.model.chip_supply`.

Implements the nested-logit model of ``shared/MODEL.md`` (documented as built in
docs/model.md). Vectorised over adopters, vendors and chips; the only Python loop is over the
projected years (inertia makes each year depend on the one before) and, inside a year, over
supply-cap passes (at most one per vendor).

Array shapes: T projected years, A adopters, V vendors, C chips, D deals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from chipscope.model import budgets, chip_supply
from chipscope.model.arrays import F64, safe_div
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection

LOCK_IN_EPS = 0.05
"""Share floor inside ln(M + eps) of the lock-in term: a vendor an adopter has never bought
from starts at ln(0.05) = -3.0 utils, times lambda (docs/model.md says why 0.05)."""


@dataclass(frozen=True)
class _Inputs:
    """Everything the yearly loop needs, as arrays (compiled once per call)."""

    years: npt.NDArray[np.int64]  # (T,) projected years
    budget: F64  # (T, A) USD the adopter spends on accelerators outside hosted deals
    mix0: F64  # (A, V) base-year vendor mix
    static_utility: F64  # (T, A, V): IV + theta + ln access; -inf where excluded
    available: npt.NDArray[np.bool_]  # (T, A, V) vendor has a chip on sale to the adopter
    within: F64  # (T, A, C) w_c|v for each adopter
    vendor_cost: F64  # (T, A, V) USD per H100e of the vendor's chip mix for the adopter
    price: F64  # (T, C) USD per chip
    minimum: F64  # (T, A, V) the user's minimum shares (0..1)
    committed: F64  # (T, A, V) H100e/yr of the active deals the adopter can reach
    reserved: F64  # (T, A) share of demand the adopter's minimum shares reserve (0..1)
    named: F64  # (T, A, C) H100e/yr of deals that name a chip on sale to the adopter
    caps: F64  # (T, V) H100e, inf = none: the user's supply caps, on all purchases
    free_caps: F64  # (T, V) H100e, inf = none: a new vendor's capacity beyond its deals
    reach: npt.NDArray[np.bool_]  # (T, A, V) available and reachable
    capped_reach: npt.NDArray[np.bool_]  # (T, A, V) reach, new vendors left out
    any_caps: npt.NDArray[np.bool_]  # (T,) whether a user cap is set
    lock_in: float
    kappa: float


def project(dataset: Dataset, assumptions: Assumptions) -> Projection:
    """Project purchases from the base year to the horizon, joined to the history before it.

    Parameters
    ----------
    dataset : the validated dataset (history, chips, access, deals, budgets).
    assumptions : one full set of values (``AssumptionSpecs.for_dataset(dataset).defaults()``
        and its ``replace``).

    Returns
    -------
    Projection with purchases in H100e, units and USD for every (year, adopter, chip).
    """
    inputs = _compile(dataset, assumptions)
    hist = _history_part(dataset, int(assumptions["base_year"]))
    n_hist = hist.h100e.shape[0]
    t_n, a_n = inputs.budget.shape
    shape = (n_hist + t_n, a_n, len(dataset.chip_ids))
    h100e, units, spend = np.empty(shape), np.empty(shape), np.empty(shape)
    h100e[:n_hist], units[:n_hist], spend[:n_hist] = hist.h100e, hist.units, hist.spend
    unmet = np.zeros((n_hist + t_n, a_n))
    demand = np.zeros((t_n, a_n))
    vidx = dataset.chip_vendor_index
    mix = inputs.mix0
    chip_vendor = chip_supply.dataset_parts(dataset).chip_vendor
    for t in range(t_n):
        vendor_h100e, unmet[n_hist + t], mix, demand[t] = _step(inputs, t, mix)
        h100e[n_hist + t] = chip_supply.split_by_chip(vendor_h100e, inputs.within[t],
                                                      inputs.named[t], vidx, chip_vendor)
    np.divide(h100e[n_hist:], dataset.h100e_per_unit[None, None, :], out=units[n_hist:])
    np.multiply(units[n_hist:], inputs.price[:, None, :], out=spend[n_hist:])
    years = np.arange(int(hist.years[0]), int(assumptions["horizon_year"]) + 1, dtype=np.int64)
    bands = _bands(hist, t_n)
    return Projection(
        years=years, base_year=int(assumptions["base_year"]),
        is_history=years <= int(assumptions["base_year"]),
        adopter_ids=tuple(dataset.adopter_ids), vendor_ids=tuple(dataset.vendor_ids),
        chip_ids=tuple(dataset.chip_ids), chip_vendor_index=vidx,
        h100e=h100e, units=units, spend_usd=spend,
        demand_h100e=np.concatenate([hist.demand, demand]), unmet_h100e=unmet,
        band_p5=dict(bands[0]), band_p95=dict(bands[1]),
        committed_h100e=np.concatenate([np.zeros_like(hist.demand),
                                        inputs.committed.sum(axis=2)]),
        minimum_share=np.concatenate([np.zeros_like(hist.demand), inputs.reserved]),
        budget_usd=np.concatenate([hist.spend.sum(axis=2), inputs.budget]),
    )


def _bands(hist: _History, t_n: int) -> tuple[dict[str, F64], dict[str, F64]]:
    """The history bands padded with NaN for ``t_n`` projected years (cached: fixed data)."""
    cache: dict[int, tuple[dict[str, F64], dict[str, F64]]] = hist.padded
    if t_n not in cache:
        pad = np.full((t_n, next(iter(hist.band_p5.values())).shape[1]), np.nan)
        cache[t_n] = ({m: np.concatenate([b, pad]) for m, b in hist.band_p5.items()},
                      {m: np.concatenate([b, pad]) for m, b in hist.band_p95.items()})
    return cache[t_n]


def price_path(dataset: Dataset, a: Assumptions, years: npt.NDArray[np.int64]) -> F64:
    """(T, C) USD per chip: the reference price times the vendor's price level, changing by
    the vendor's yearly price change from the reference year on (flat before it, so that a
    back-test from an earlier base year never turns a price rise into a fall)."""
    parts = chip_supply.dataset_parts(dataset)
    vidx = dataset.chip_vendor_index
    pi = a.per_vendor(dataset, "price_change_pct")[vidx] / 100.0
    level = 1.0 + a.per_vendor(dataset, "price_level_pct")[vidx] / 100.0
    steps = np.clip(years[:, None] - parts.price_year[None, :], 0.0, None)
    out: F64 = (parts.price_usd * level)[None, :] * (1.0 + pi[None, :]) ** steps
    return out


def _compile(dataset: Dataset, a: Assumptions) -> _Inputs:
    first = int(dataset.history_years[0])
    base = int(a["base_year"])
    years = np.arange(base + 1, int(a["horizon_year"]) + 1, dtype=np.int64)
    vidx = dataset.chip_vendor_index
    parts = chip_supply.dataset_parts(dataset)
    chip_vendor = parts.chip_vendor

    hist = dataset.history_cube("h100e")[base - first]  # (A, C)
    mix0 = safe_div(hist @ chip_vendor, hist.sum(axis=1)[:, None])
    steps = (years - base).astype(np.float64)

    # Chips on sale: the Bass ramp and retirement, the decline the history shows, and the
    # entry rule (docs/model.md): a chip with no purchases in the history that launched
    # before the base year is one the source does not count, so it stays out of the market
    # unless its vendor is new (whose sales the entry cap below limits to its deals).
    avail = chip_supply.availability(dataset, years, a["bass_p"], a["bass_q"],
                                     a["sales_life_years"])
    fixed = _base_fixed(dataset, base, steps)
    avail = np.where(fixed.uncounted[None, :], 0.0, np.minimum(avail, fixed.past_peak))
    entrant = fixed.entrant

    price = price_path(dataset, a, years)
    cost = price / dataset.h100e_per_unit[None, :]
    # The lower nest once per distinct set of chips an adopter may buy in a year (export
    # variants, controls and rules by year give China its own sets; usually two or three).
    groups, group_of = chip_supply.access_groups(dataset, years)  # (G, C), (T, A)
    # All sets at once: the (set, year) pairs are the rows of one lower nest.
    g_n, t_n = len(groups), len(years)
    w_flat, iv_flat = chip_supply.lower_nest(
        np.tile(cost, (g_n, 1)), (avail[None, :, :] * groups[:, None, :]).reshape(g_n * t_n, -1),
        a["price_sensitivity"], vidx, chip_vendor)
    w_all = w_flat.reshape(g_n, t_n, -1)  # (G, T, C)
    iv_all = iv_flat.reshape(g_n, t_n, -1)  # (G, T, V)
    t_idx = np.arange(t_n)[:, None]
    within = w_all[group_of, t_idx]  # (T, A, C)
    inclusive = iv_all[group_of, t_idx]  # (T, A, V)
    vendor_cost = (within * cost[:, None, :]) @ chip_vendor

    theta = a.per_adopter_vendor(dataset, "affinity")
    own = parts.owner >= 0
    theta[parts.owner[own], np.flatnonzero(own)] += a["own_silicon"]
    with np.errstate(divide="ignore"):
        log_access = np.log(dataset.access_matrix)
    static = inclusive + theta[None] + log_access[None]
    available = np.isfinite(inclusive)

    reachable = available & (dataset.access_matrix > 0)[None, :, :]
    sizes = chip_supply.deal_sizes(dataset, a, years)  # (T, D), used three times below
    committed = _committed(dataset, sizes, reachable)

    cap0 = np.nan_to_num(a.per_vendor(dataset, "supply_cap_h100e"), nan=math.inf)
    cap_g = a.per_vendor(dataset, "cap_growth_pct") / 100.0
    caps = cap0[None, :] * (1.0 + cap_g[None, :]) ** steps[:, None]
    # Entry rule: a vendor new to the market sells what its deals commit, no more, unless
    # the user gives it a supply cap.
    deal_total = committed.sum(axis=1)
    free_caps = np.where(entrant[None, :] & ~np.isfinite(cap0)[None, :],
                         budgets.entrant_capacity(deal_total, cap_g) - deal_total, math.inf)
    # A new vendor with no capacity beyond its deals is not a free choice that year (its
    # deals still buy from it): leaving it out of the mix is what the cap would do, cheaper.
    closed = (free_caps <= 0)[:, None, :]
    static = np.where(closed, -np.inf, static)
    available = available & ~closed

    budget = budgets.budgets(dataset, a, years) - budgets.hosted_spend(
        dataset, sizes, vendor_cost, cost)
    minimum = np.where(reachable, a.per_adopter_vendor(dataset, "min_share")[None] / 100.0, 0.0)
    # Above 100 % in total, minimum shares are scaled to 100 %.
    minimum = minimum / np.maximum(minimum.sum(axis=2, keepdims=True), 1.0)
    return _Inputs(years, np.clip(budget, 0.0, None), mix0, static, available, within,
                   vendor_cost, price, minimum, committed,
                   np.minimum(minimum.sum(axis=2), 1.0),
                   chip_supply.named_chips(dataset, sizes, within), caps, free_caps,
                   available & np.isfinite(static),
                   available & np.isfinite(static) & ~np.isfinite(free_caps)[:, None, :],
                   np.asarray(np.isfinite(caps).any(axis=1), dtype=np.bool_),
                   float(a["lock_in"]), float(a["switching_speed"]))


@dataclass(frozen=True)
class _BaseFixed:
    """What depends only on the dataset, the base year and the number of projected years."""

    past_peak: F64  # (T, C) chip_supply.past_peak_cap
    entrant: npt.NDArray[np.bool_]  # (V,) no purchases of the vendor up to the base year
    uncounted: npt.NDArray[np.bool_]  # (C,) no history, launched before the base year, of a
    # vendor the source counts: off the market


def _base_fixed(dataset: Dataset, base: int, steps: F64) -> _BaseFixed:
    cache: dict[tuple[int, int], _BaseFixed] = dataset.__dict__.setdefault("_base_fixed", {})
    key = (base, len(steps))
    if key not in cache:
        parts = chip_supply.dataset_parts(dataset)
        first = int(dataset.history_years[0])
        history_units = dataset.history_cube("units")[: base - first + 1]
        chip_units = history_units.sum(axis=(0, 1))
        entrant = (chip_units @ parts.chip_vendor) <= 0
        cache[key] = _BaseFixed(
            chip_supply.past_peak_cap(history_units, steps), entrant,
            (chip_units <= 0) & (parts.launch < base) & ~entrant[dataset.chip_vendor_index])
    return cache[key]


def _committed(dataset: Dataset, sizes: F64, reachable: npt.NDArray[np.bool_]) -> F64:
    """(T, A, V) H100e per year of the enabled, active deals (``sizes``: (T, D), from
    :func:`chip_supply.deal_sizes`).

    Only where the adopter can reach the vendor and the vendor has a chip on sale.
    """
    t_n, a_n, v_n = reachable.shape
    parts = chip_supply.dataset_parts(dataset)
    if not parts.deal_ids:
        return np.zeros((t_n, a_n, v_n))
    by_adopter = sizes[:, None, :] * parts.deal_adopter_onehot.T[None]  # (T, A, D)
    committed = by_adopter @ parts.deal_vendor_onehot
    out: F64 = np.where(reachable, committed, 0.0)
    return out


def _step(inp: _Inputs, t: int, mix_prev: F64) -> tuple[F64, F64, F64, F64]:
    """One projected year: target mix, inertia, budget to demand, deals, minimum shares, caps.

    Returns (purchases per adopter and vendor (A, V) in H100e, unmet demand (A,), the mix
    carried to next year (A, V), demand (A,) in H100e).
    """
    utility = inp.static_utility[t] + inp.lock_in * np.log(mix_prev + LOCK_IN_EPS)
    target = _softmax_rows(utility)
    # An adopter with no reachable vendor this year keeps its mix.
    target = np.where(target.sum(axis=1, keepdims=True) > 0, target, mix_prev)
    mix = (1.0 - inp.kappa) * mix_prev + inp.kappa * target
    mix = _normalise_rows(np.where(inp.available[t], mix, 0.0))
    # Every vendor it bought from is gone (their chips retired): it goes where it would choose.
    mix = np.where(mix.sum(axis=1, keepdims=True) > 0, mix, target)
    # Demand is money: the budget buys H100e at the cost of the adopter's mix (the trend).
    # A deal adds to it where it is larger than what the trend buys from the deal's vendor.
    mix = _apply_floors(mix, inp.minimum[t])  # the user's minimum shares: identity when 0
    trend = safe_div(inp.budget[t], (mix * inp.vendor_cost[t]).sum(axis=1))
    wanted = np.maximum(trend[:, None] * mix, inp.committed[t])
    demand = wanted.sum(axis=1)
    # Minimum shares are shares of everything the adopter buys: they take from the others.
    final = _apply_floors(_normalise_rows(wanted), inp.minimum[t])
    final = np.where(demand[:, None] > 0, final, mix)
    purchases = demand[:, None] * final
    # A new vendor sells its deals and, beyond them, only the capacity its deals built.
    fixed = np.minimum(purchases, inp.committed[t])
    cost = inp.vendor_cost[t]
    free, unmet_free = _apply_caps(purchases - fixed, target, inp.free_caps[t], inp.reach[t],
                                   cost)
    purchases = free + fixed
    unmet = np.zeros_like(demand)
    if inp.any_caps[t]:
        # A supply cap's excess does not go to a new vendor beyond the capacity it has.
        purchases, unmet = _apply_caps(purchases, target, inp.caps[t], inp.capped_reach[t],
                                       cost)
    # No vendor it can reach has a chip on sale: its demand is unmet.
    unmet = unmet + unmet_free + np.where(final.sum(axis=1) > 0, 0.0, demand)
    # Caps move money, so the H100e an adopter gets can differ from what it wanted at the
    # vendors it chose: demand is what it buys plus what stays unmet.
    demand = np.where(final.sum(axis=1) > 0, purchases.sum(axis=1) + unmet, demand)
    # MODEL.md's state M is the mix after inertia and deals; caps act on purchases only.
    return purchases, unmet, final, demand


def _apply_floors(mix: F64, floors: F64) -> F64:
    """Raise each vendor to its floor and scale the others' excess over their floors.

    Identity when no floor binds: F + (1 - sum F) (M - F) / sum (M - F) = M.
    """
    if not floors.any():
        return mix
    excess = np.maximum(mix - floors, 0.0)
    room = np.maximum(1.0 - floors.sum(axis=1, keepdims=True), 0.0)  # >= 0 despite rounding
    out: F64 = floors + room * safe_div(excess, excess.sum(axis=1, keepdims=True))
    has_mix = mix.sum(axis=1, keepdims=True) > 0
    return np.where(has_mix, out, mix)


def _apply_caps(purchases: F64, target: F64, caps: F64,
                reachable: npt.NDArray[np.bool_], cost: F64) -> tuple[F64, F64]:
    """Scale vendors over their cap down to it and move the excess to each adopter's other
    reachable vendors that still have room, in proportion to the adopter's target shares.
    The excess moves as money: what the adopter would have spent on it (``cost``: (A, V) USD
    per H100e) buys H100e at the receiving vendors' costs, so caps never change spend.
    What no vendor can take is unmet (in the H100e it would have bought). At most one pass
    per vendor."""
    unmet = np.zeros(purchases.shape[0])
    if not (purchases.sum(axis=0) > caps * (1 + 1e-12)).any():
        return purchases, unmet
    capped = np.zeros(caps.shape, dtype=bool)
    for _ in range(caps.size + 1):
        totals = purchases.sum(axis=0)
        over = (totals > caps * (1 + 1e-12)) & ~capped
        if not over.any():
            break
        scale = np.where(over, safe_div(caps, totals), 1.0)
        cut = purchases * (1.0 - scale[None, :])
        moved_usd = (cut * cost).sum(axis=1)
        purchases = purchases * scale[None, :]
        capped |= over
        open_ = reachable & ~capped[None, :]
        weight = np.where(open_, target + 1e-12, 0.0)
        wsum = weight.sum(axis=1)
        purchases = purchases + safe_div(moved_usd[:, None] * safe_div(weight, wsum[:, None]),
                                         cost)
        unmet += np.where(wsum > 0, 0.0, cut.sum(axis=1))
    return purchases, unmet


@dataclass(frozen=True)
class _History:
    """The history years up to a base year: fixed data, computed once per base year."""

    years: npt.NDArray[np.int64]
    h100e: F64
    units: F64
    spend: F64
    demand: F64
    band_p5: dict[str, F64]
    band_p95: dict[str, F64]
    padded: dict[int, tuple[dict[str, F64], dict[str, F64]]] = field(default_factory=dict)


def _history_part(dataset: Dataset, base: int) -> _History:
    cache: dict[int, _History] = dataset.__dict__.setdefault("_history_parts", {})
    if base in cache:
        return cache[base]
    first = int(dataset.history_years[0])
    n_hist = base - first + 1
    ref_price = dataset.chips["price_usd"].to_numpy(np.float64)
    hist_h = dataset.history_cube("h100e")[:n_hist]
    hist_u = dataset.history_cube("units")[:n_hist]
    chip_vendor = chip_supply.dataset_parts(dataset).chip_vendor
    bands: dict[str, dict[str, F64]] = {"p5": {}, "p95": {}}
    for lo_hi, store in bands.items():
        h = dataset.history_cube(f"h100e_{lo_hi}", fill_from="h100e")[:n_hist]
        u = dataset.history_cube(f"units_{lo_hi}", fill_from="units")[:n_hist]
        for m, cube in (("h100e", h), ("units", u), ("spend_usd", u * ref_price)):
            store[m] = cube.sum(axis=1) @ chip_vendor
    part = _History(
        years=np.arange(first, base + 1, dtype=np.int64), h100e=hist_h, units=hist_u,
        # History spend at the reference price: it must not move with the price sliders.
        spend=hist_u * ref_price, demand=hist_h.sum(axis=2),
        band_p5=bands["p5"], band_p95=bands["p95"],
    )
    cache[base] = part
    return part


# --- small helpers ----------------------------------------------------------------------------
def _softmax_rows(u: F64) -> F64:
    """Softmax along the last axis; rows that are all -inf give all zeros."""
    top = u.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(u - top)
    return safe_div(e, e.sum(axis=-1, keepdims=True))


def _normalise_rows(x: F64) -> F64:
    return safe_div(x, x.sum(axis=-1, keepdims=True))
