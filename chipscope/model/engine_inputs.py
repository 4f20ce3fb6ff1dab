"""What the engine's yearly loop needs, compiled once per call, along a leading draws axis.

:func:`compile_inputs` turns a dataset and :class:`~chipscope.model.draw_values.DrawValues`
(N sets of assumption values; N = 1 for :func:`chipscope.model.engine.project`) into
:class:`Inputs`: every array has the draws axis first. No Python loop over draws: loops over
the projected years (budgets, entrant capacity) and over vendors (the lower nest's maxima) only.

Array shapes: N draws, T projected years, A adopters, V vendors, C chips, D deals,
G distinct sets of chips an adopter may buy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chipscope.model import budgets, chip_supply
from chipscope.model.arrays import F64, safe_div
from chipscope.model.dataset import Dataset
from chipscope.model.draw_values import DrawValues


@dataclass(frozen=True)
class Inputs:
    """Everything the yearly loop needs, as arrays (compiled once per call)."""

    years: npt.NDArray[np.int64]  # (T,) projected years
    budget: F64  # (N, T, A) USD the adopter spends on accelerators outside hosted deals
    mix0: F64  # (A, V) base-year vendor mix (the same in every draw)
    static_utility: F64  # (N, T, A, V): IV + theta + ln access; -inf where excluded
    available: npt.NDArray[np.bool_]  # (N, T, A, V) vendor has a chip on sale to the adopter
    inclusive: F64  # (N, T, A, V) the vendor's inclusive value; -inf with no chip on sale
    vendor_cost: F64  # (N, T, A, V) USD per H100e of the vendor's chip mix for the adopter
    price: F64  # (N, T, C) USD per chip
    cost: F64  # (N, T, C) USD per H100e
    within_groups: F64  # (N, G, T, C) w_c|v for each set of chips an adopter may buy
    group_of: npt.NDArray[np.int64]  # (T, A) each adopter's set of chips
    minimum: F64  # (N, T, A, V) the user's minimum shares (0..1)
    committed: F64  # (N, T, A, V) H100e/yr of the active deals the adopter can reach
    reserved: F64  # (N, T, A) share of demand the adopter's minimum shares reserve (0..1)
    sizes: F64  # (N, T, D) H100e/yr of each deal (chip_supply.deal_sizes)
    caps: F64  # (N, T, V) H100e, inf = none: the user's supply caps, on all purchases
    free_caps: F64  # (N, T, V) H100e, inf = none: a new vendor's capacity beyond its deals
    reach: npt.NDArray[np.bool_]  # (N, T, A, V) available and reachable
    capped_reach: npt.NDArray[np.bool_]  # (N, T, A, V) reach, new vendors left out
    any_caps: npt.NDArray[np.bool_]  # (T,) whether a user cap is set in any draw
    lock_in: F64  # (N, 1, 1)
    kappa: F64  # (N, 1, 1)

    def within(self) -> F64:
        """(N, T, A, C) w_c|v for each adopter (large: for a few draws only)."""
        t_idx = np.arange(len(self.years))[:, None]
        out: F64 = self.within_groups[:, self.group_of, t_idx]
        return out

    def by_adopter(self, per_group: F64) -> F64:
        """(N, T, A, X) from a per-set array (N, G, T, X): each adopter's set's row."""
        t_idx = np.arange(len(self.years))[:, None]
        out: F64 = per_group[:, self.group_of, t_idx]
        return out


def price_path(dataset: Dataset, values: DrawValues, years: npt.NDArray[np.int64]) -> F64:
    """(N, T, C) USD per chip: the reference price times the vendor's price level, changing by
    the vendor's yearly price change from the reference year on (flat before it, so that a
    back-test from an earlier base year never turns a price rise into a fall)."""
    parts = chip_supply.dataset_parts(dataset)
    vidx = dataset.chip_vendor_index
    pi = values.per_vendor("price_change_pct")[:, vidx] / 100.0
    level = 1.0 + values.per_vendor("price_level_pct")[:, vidx] / 100.0
    steps = np.clip(years[:, None] - parts.price_year[None, :], 0.0, None)
    out: F64 = (parts.price_usd * level)[:, None, :] * (1.0 + pi[:, None, :]) ** steps[None]
    return out


def compile_inputs(dataset: Dataset, a: DrawValues) -> Inputs:
    """The engine's inputs for every draw of ``a`` (see the module docstring)."""
    base = a.base_year
    years = np.arange(base + 1, a.horizon_year + 1, dtype=np.int64)
    vidx = dataset.chip_vendor_index
    parts = chip_supply.dataset_parts(dataset)
    chip_vendor = parts.chip_vendor

    hist = dataset.history_cube("h100e")[base - int(dataset.history_years[0])]  # (A, C)
    mix0 = safe_div(hist @ chip_vendor, hist.sum(axis=1)[:, None])
    steps = (years - base).astype(np.float64)

    # Chips on sale: the Bass ramp and retirement, the decline the history shows, and the
    # entry rule (docs/model.md): a chip with no purchases in the history that launched
    # before the base year is one the source does not count, so it stays out of the market
    # unless its vendor is new (whose sales the entry cap below limits to its deals).
    def per_draw(key: str) -> F64:
        return a.scalar(key)[:, None, None]

    avail = chip_supply.availability(dataset, years, per_draw("bass_p"), per_draw("bass_q"),
                                     per_draw("sales_life_years"))  # (N, T, C)
    fixed = _base_fixed(dataset, base, steps)
    avail = np.where(fixed.uncounted, 0.0, np.minimum(avail, fixed.past_peak))
    entrant = fixed.entrant

    price = price_path(dataset, a, years)
    cost = price / dataset.h100e_per_unit
    # The lower nest once per distinct set of chips an adopter may buy in a year (export
    # variants, controls and rules by year give China its own sets; usually two or three).
    groups, group_of = chip_supply.access_groups(dataset, years)  # (G, C), (T, A)
    w_all, iv_all = chip_supply.lower_nest(
        cost[:, None], avail[:, None] * groups[None, :, None, :],
        a.scalar("price_sensitivity")[:, None, None, None], vidx, chip_vendor)  # (N, G, T, .)
    t_idx = np.arange(len(years))[:, None]
    inclusive = iv_all[:, group_of, t_idx]  # (N, T, A, V)
    vendor_cost = chip_supply.matmul_last(w_all * cost[:, None], chip_vendor)[:, group_of, t_idx]

    theta = np.array(a.per_adopter_vendor("affinity"))  # (N, A, V), a copy
    own = parts.owner >= 0
    theta[:, parts.owner[own], np.flatnonzero(own)] += a.scalar("own_silicon")[:, None]
    with np.errstate(divide="ignore"):
        log_access = np.log(dataset.access_matrix)
    static = inclusive + theta[:, None] + log_access
    available = np.isfinite(inclusive)

    reachable = available & (dataset.access_matrix > 0)
    sizes = chip_supply.deal_sizes(dataset, a, years)  # (N, T, D), used three times below
    committed = _committed(dataset, sizes, reachable)

    cap0 = np.nan_to_num(a.per_vendor("supply_cap_h100e"), nan=math.inf)  # (N, V)
    cap_g = a.per_vendor("cap_growth_pct") / 100.0
    caps = cap0[:, None, :] * (1.0 + cap_g[:, None, :]) ** steps[None, :, None]
    # Entry rule: a vendor new to the market sells what its deals commit, no more, unless
    # the user gives it a supply cap.
    deal_total = committed.sum(axis=2)  # (N, T, V)
    free_caps = np.where(entrant & ~np.isfinite(cap0)[:, None, :],
                         budgets.entrant_capacity(deal_total, cap_g) - deal_total, math.inf)
    # A new vendor with no capacity beyond its deals is not a free choice that year (its
    # deals still buy from it): leaving it out of the mix is what the cap would do, cheaper.
    closed = (free_caps <= 0)[:, :, None, :]
    static = static + np.where(closed, -np.inf, 0.0)  # x + 0 = x: a where on (N, T, 1, V)
    available = available & ~closed

    budget = budgets.budgets(dataset, a, years) - budgets.hosted_spend(
        dataset, sizes, vendor_cost, cost)
    min_share = a.per_adopter_vendor("min_share")
    if min_share.any():
        minimum = min_share[:, None] / 100.0 * reachable  # finite x 0|1
        # Above 100 % in total, minimum shares are scaled to 100 %.
        minimum = minimum / np.maximum(minimum.sum(axis=3, keepdims=True), 1.0)
        reserved = np.minimum(minimum.sum(axis=3), 1.0)
    else:  # none set (the usual case): the same zeros, without (N, T, A, V) arithmetic
        minimum, reserved = np.zeros(reachable.shape), np.zeros(reachable.shape[:-1])
    reach = available & np.isfinite(static)
    return Inputs(years, np.clip(budget, 0.0, None), mix0, static, available, inclusive,
                  vendor_cost,
                  price, cost, w_all, group_of, minimum, committed,
                  reserved, sizes, caps, free_caps, reach,
                  reach & ~np.isfinite(free_caps)[:, :, None, :],
                  np.asarray(np.isfinite(caps).any(axis=(0, 2)), dtype=np.bool_),
                  per_draw("lock_in"), per_draw("switching_speed"))


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
    """(N, T, A, V) H100e per year of the enabled, active deals (``sizes``: (N, T, D), from
    :func:`chip_supply.deal_sizes`).

    Only where the adopter can reach the vendor and the vendor has a chip on sale.
    """
    parts = chip_supply.dataset_parts(dataset)
    if not parts.deal_ids:
        return np.zeros(reachable.shape)
    v_n = reachable.shape[-1]
    pairs = parts.deal_adopter * v_n + parts.deal_vendor
    committed = chip_supply.sum_into(sizes, pairs, reachable.shape[-2] * v_n)
    out: F64 = committed.reshape(reachable.shape) * reachable  # finite x 0|1
    return out
