"""The market engine: ``project(dataset, assumptions) -> Projection``.

Implements the nested-logit model of ``shared/MODEL.md`` (documented as built in
docs/model.md). Vectorised over adopters, vendors and chips; the only Python loop is over the
projected years (inertia makes each year depend on the one before) and, inside a year, over
supply-cap passes (at most one per vendor).

Array shapes: T projected years, A adopters, V vendors, C chips, D deals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.projection import Projection

F64 = npt.NDArray[np.float64]

LOCK_IN_EPS = 0.05
"""Share floor inside ln(M + eps) of the lock-in term: a vendor an adopter has never bought
from starts at ln(0.05) = -3.0 utils, times lambda (docs/model.md says why 0.05)."""


def bass_cdf(x: npt.ArrayLike, p: float, q: float) -> F64:
    """Bass cumulative adoption ``F(x) = (1 - e^{-(p+q)x}) / (1 + (q/p) e^{-(p+q)x})``.

    ``x`` is the number of years since launch counting the launch year as 1; F is 0 for
    x <= 0.
    """
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-(p + q) * np.clip(x, 0.0, None))
    out: F64 = np.where(x > 0, (1.0 - e) / (1.0 + (q / p) * e), 0.0)
    return out


@dataclass(frozen=True)
class _Inputs:
    """Everything the yearly loop needs, as arrays (compiled once per call)."""

    years: npt.NDArray[np.int64]  # (T,) projected years
    demand: F64  # (T, A) H100e
    mix0: F64  # (A, V) base-year vendor mix
    static_utility: F64  # (T, A, V): IV + theta + ln access; -inf where excluded
    available: npt.NDArray[np.bool_]  # (T, A, V) vendor has a chip on sale to the adopter
    within: F64  # (T, A, C) w_c|v for each adopter
    price: F64  # (T, C) USD per chip
    floors: F64  # (T, A, V) deal floors as shares of demand
    committed: F64  # (T, A) H100e/yr of the active deals the adopter can reach
    reserved: F64  # (T, A) share of demand the adopter's minimum shares reserve (0..1)
    named: F64  # (T, A, C) H100e/yr of deals that name a chip on sale to the adopter
    caps: F64  # (T, V) H100e, inf = none
    lock_in: float
    kappa: float


def project(dataset: Dataset, assumptions: Assumptions) -> Projection:
    """Project purchases from the base year to the horizon, joined to the history before it.

    Parameters
    ----------
    dataset : the validated dataset (history, chips, access, deals).
    assumptions : one full set of values (``AssumptionSpecs.for_dataset(dataset).defaults()``
        and its ``replace``).

    Returns
    -------
    Projection with purchases in H100e, units and USD for every (year, adopter, chip).
    """
    inputs = _compile(dataset, assumptions)
    hist = _history_part(dataset, int(assumptions["base_year"]))
    n_hist = hist.h100e.shape[0]
    t_n, a_n = inputs.demand.shape
    shape = (n_hist + t_n, a_n, len(dataset.chip_ids))
    h100e, units, spend = np.empty(shape), np.empty(shape), np.empty(shape)
    h100e[:n_hist], units[:n_hist], spend[:n_hist] = hist.h100e, hist.units, hist.spend
    unmet = np.zeros((n_hist + t_n, a_n))
    vidx = dataset.chip_vendor_index
    mix = inputs.mix0
    onehot = _onehot(vidx, len(dataset.vendor_ids))
    for t in range(t_n):
        vendor_h100e, unmet[n_hist + t], mix = _step(inputs, t, mix)
        h100e[n_hist + t] = _split_by_chip(vendor_h100e, inputs.within[t], inputs.named[t],
                                           vidx, onehot)
    np.divide(h100e[n_hist:], dataset.h100e_per_unit[None, None, :], out=units[n_hist:])
    np.multiply(units[n_hist:], inputs.price[:, None, :], out=spend[n_hist:])
    years = np.arange(int(hist.years[0]), int(assumptions["horizon_year"]) + 1, dtype=np.int64)
    pad = np.full((t_n, len(dataset.vendor_ids)), np.nan)
    return Projection(
        years=years, base_year=int(assumptions["base_year"]),
        is_history=years <= int(assumptions["base_year"]),
        adopter_ids=tuple(dataset.adopter_ids), vendor_ids=tuple(dataset.vendor_ids),
        chip_ids=tuple(dataset.chip_ids), chip_vendor_index=vidx,
        h100e=h100e, units=units, spend_usd=spend,
        demand_h100e=np.concatenate([hist.demand, inputs.demand]), unmet_h100e=unmet,
        band_p5={m: np.concatenate([b, pad]) for m, b in hist.band_p5.items()},
        band_p95={m: np.concatenate([b, pad]) for m, b in hist.band_p95.items()},
        committed_h100e=np.concatenate([np.zeros_like(hist.demand), inputs.committed]),
        minimum_share=np.concatenate([np.zeros_like(hist.demand), inputs.reserved]),
    )


def _compile(dataset: Dataset, a: Assumptions) -> _Inputs:
    first = int(dataset.history_years[0])
    base = int(a["base_year"])
    years = np.arange(base + 1, int(a["horizon_year"]) + 1, dtype=np.int64)
    vidx = dataset.chip_vendor_index
    v_n = len(dataset.vendor_ids)
    onehot = _onehot(vidx, v_n)

    hist = dataset.history_cube("h100e")[base - first]  # (A, C)
    mix0 = _safe_div(hist @ onehot, hist.sum(axis=1)[:, None])
    override = np.array([a[f"adopter.{x}.base_demand_h100e"] for x in dataset.adopter_ids])
    d_base = np.where(np.isnan(override), hist.sum(axis=1), override)

    glob = a["demand_growth_pct"]
    growth = np.array([_or(a[f"adopter.{x}.demand_growth_pct"], glob)
                       for x in dataset.adopter_ids]) / 100.0
    steps = (years - base).astype(np.float64)
    demand = d_base[None, :] * (1.0 + growth[None, :]) ** steps[:, None]

    chips = dataset.chips
    launch = chips["launch_year"].to_numpy(np.float64)
    avail = _availability(dataset, years, a["bass_p"], a["bass_q"], a["sales_life_years"])
    avail = np.minimum(avail, _past_peak_cap(dataset.history_cube("units")[: base - first + 1],
                                             (years - base).astype(np.float64)))
    pi = np.array(a.vendor_values(dataset, "price_change_pct"))[vidx] / 100.0
    level = 1.0 + np.array(a.vendor_values(dataset, "price_level_pct"))[vidx] / 100.0
    price = (chips["price_usd"].to_numpy(np.float64) * level)[None, :] * (1.0 + pi[None, :]) ** (
        years[:, None] - chips["price_year"].to_numpy(np.float64)[None, :])
    # The lower nest once per distinct set of chips an adopter may buy (export variants and
    # controls give China its own set; usually there are one or two sets).
    fixed = _fixed(dataset)
    group_of = fixed.group_of
    cost = price / dataset.h100e_per_unit[None, :]
    nests = [_lower_nest(cost, avail * g[None, :], a["price_sensitivity"], vidx, onehot)
             for g in fixed.groups]
    within = np.stack([w for w, _ in nests])[group_of].transpose(1, 0, 2)  # (T, A, C)
    inclusive = np.stack([iv for _, iv in nests])[group_of].transpose(1, 0, 2)  # (T, A, V)

    theta = np.array([[a[f"adopter.{x}.affinity.{v}"] for v in dataset.vendor_ids]
                      for x in dataset.adopter_ids]).reshape(len(dataset.adopter_ids), v_n)
    with np.errstate(divide="ignore"):
        log_access = np.log(dataset.access_matrix)
    static = inclusive + theta[None] + log_access[None]
    available = np.isfinite(inclusive)

    cap0 = np.array([_or(x, math.inf) for x in a.vendor_values(dataset, "supply_cap_h100e")])
    cap_g = np.array(a.vendor_values(dataset, "cap_growth_pct")) / 100.0
    caps = cap0[None, :] * (1.0 + cap_g[None, :]) ** steps[:, None]

    reachable = available & (dataset.access_matrix > 0)[None, :, :]
    committed = _committed(dataset, a, years, reachable)
    minimum = np.array([[a[f"adopter.{x}.min_share.{v}"] for v in dataset.vendor_ids]
                        for x in dataset.adopter_ids]).reshape(len(dataset.adopter_ids), v_n)
    minimum = np.where(reachable, minimum[None] / 100.0, 0.0)
    floors = _combine_floors(minimum, _deal_floors(committed, demand))
    return _Inputs(years, demand, mix0, static, available, within, price, floors,
                   committed.sum(axis=2), np.minimum(minimum.sum(axis=2), 1.0),
                   _named_chips(dataset, a, years, within), caps,
                   float(a["lock_in"]), float(a["switching_speed"]))


def _availability(dataset: Dataset, years: npt.NDArray[np.int64], p: float, q: float,
                  life: float) -> F64:
    """(T, C) availability: the Bass ramp from launch, less the same ramp ``life`` years later
    (the chip leaves as it came), except for the newest chips of each vendor and market, which
    stay on sale."""
    fixed = _fixed(dataset)
    age = years[:, None] - fixed.launch[None, :] + 1.0
    ramp = bass_cdf(age, p, q)
    out: F64 = np.where(fixed.newest[None, :], ramp, ramp - bass_cdf(age - life, p, q))
    return out


@dataclass(frozen=True)
class _Fixed:
    """What the engine derives from the dataset alone, once per dataset (not per call)."""

    launch: F64  # (C,) launch years
    newest: npt.NDArray[np.bool_]  # (C,) the newest chip of its vendor in its market
    groups: npt.NDArray[np.bool_]  # (G, C) the distinct sets of chips an adopter may buy
    group_of: npt.NDArray[np.int64]  # (A,) each adopter's set
    deal_ids: tuple[str, ...]  # (D,)
    deal_adopter: npt.NDArray[np.int64]  # (D,) adopter index
    deal_vendor: npt.NDArray[np.int64]  # (D,) vendor index
    deal_chip: npt.NDArray[np.int64]  # (D,) chip index, -1 where the deal names none
    deal_first: npt.NDArray[np.int64]  # (D,) first and last year
    deal_last: npt.NDArray[np.int64]


def _fixed(dataset: Dataset) -> _Fixed:
    cached: _Fixed | None = dataset.__dict__.get("_engine_fixed")
    if cached is not None:
        return cached
    chips = dataset.chips
    launch = chips["launch_year"].to_numpy(np.float64)
    # A market is the set of adopters a chip is sold to: export variants form their own.
    market = chips["vendor_id"] + "\x00" + chips["only_for"]
    newest = launch == chips.groupby(market)["launch_year"].transform("max").to_numpy()
    groups, group_of = np.unique(dataset.chip_access_matrix, axis=0, return_inverse=True)
    deals = dataset.deals
    a_pos = {x: i for i, x in enumerate(dataset.adopter_ids)}
    v_pos = {x: i for i, x in enumerate(dataset.vendor_ids)}
    c_pos = {x: i for i, x in enumerate(dataset.chip_ids)}

    def index(column: str, pos: dict[str, int]) -> npt.NDArray[np.int64]:
        return np.array([pos.get(x, -1) for x in deals[column]], dtype=np.int64)

    fixed = _Fixed(launch, newest, groups, np.asarray(group_of, dtype=np.int64).reshape(-1),
                   tuple(deals["deal_id"]), index("adopter_id", a_pos),
                   index("vendor_id", v_pos), index("chip_id", c_pos),
                   deals["first_year"].to_numpy(np.int64), deals["last_year"].to_numpy(np.int64))
    dataset.__dict__["_engine_fixed"] = fixed
    return fixed


def _past_peak_cap(units_by_year: F64, steps: F64) -> F64:
    """(T, C) most availability each chip can have in the projection, from its history.

    A chip whose sales peaked before the base year keeps declining at the yearly rate its
    history shows: with ``r`` its base-year sales as a fraction of its peak and ``n`` the
    years since the peak, the cap is ``r^(1 + s/n)`` ``s`` years after the base year (0 for
    a chip nobody bought in the base year: off the market). Other chips: 1.
    ``steps`` is (T,) years after the base year.
    """
    units = units_by_year.sum(axis=1)  # (history years to base, C)
    peak = units.max(axis=0)
    years_since = (units.shape[0] - 1 - units.argmax(axis=0)).astype(np.float64)
    past_peak = (years_since > 0) & (peak > 0)
    ratio = _safe_div(units[-1], peak)
    with np.errstate(divide="ignore"):
        exponent = 1.0 + steps[:, None] / np.where(past_peak, years_since, 1.0)[None, :]
        cap: F64 = np.where(past_peak[None, :], ratio[None, :] ** exponent, 1.0)
    return cap


def _lower_nest(cost: F64, avail: F64, beta: float, vidx: npt.NDArray[np.int64],
                onehot: F64) -> tuple[F64, F64]:
    """Chip choice within each vendor, and each vendor's inclusive value (logsum).

    ``IV_v = ln sum_c r_c k_c^-beta - ln sum_c r_c + ln max_c r_c``: the log of the vendor's
    availability-weighted mean of cost^-beta, plus the log of its best availability.
    Returns (w (T, C), IV (T, V)); IV is -inf for a vendor with no chip on sale.
    """
    with np.errstate(divide="ignore"):
        z = -beta * np.log(cost) + np.log(avail)  # -inf where not yet launched
    masked = np.where(onehot.T[None, :, :] > 0, z[:, None, :], -np.inf)  # (T, V, C)
    zmax = masked.max(axis=2)  # (T, V)
    safe_max = np.where(np.isfinite(zmax), zmax, 0.0)
    e = np.exp(z - safe_max[:, vidx])  # 0 where not launched
    total = e @ onehot  # (T, V)
    with np.errstate(divide="ignore"):
        inclusive = np.where(total > 0, safe_max + np.log(np.where(total > 0, total, 1.0)),
                             -np.inf)
    within = _safe_div(e, total[:, vidx])
    # Departure from MODEL.md's plain logsum (docs/model.md says why): normalise by the
    # vendor's total availability so that a long catalogue of old chips does not by itself
    # make a vendor attractive, and keep its best availability so a ramping vendor is held back.
    avail_sum = avail @ onehot
    avail_max = np.where(onehot.T[None, :, :] > 0, avail[:, None, :], 0.0).max(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        inclusive = np.where(total > 0, inclusive - np.log(np.where(total > 0, avail_sum, 1.0))
                             + np.log(np.where(total > 0, avail_max, 1.0)), -np.inf)
    return within, inclusive


def _deal_sizes(dataset: Dataset, a: Assumptions, years: npt.NDArray[np.int64]) -> F64:
    """(T, D) H100e per year of each deal: its size while it runs and is on, else 0."""
    fixed = _fixed(dataset)
    size = np.array([a[f"deal.{d}.size_h100e_per_year"] * a[f"deal.{d}.enabled"]
                     for d in fixed.deal_ids])
    active = (years[:, None] >= fixed.deal_first[None, :]) & (
        years[:, None] <= fixed.deal_last[None, :])
    out: F64 = active * size[None, :]
    return out


def _committed(dataset: Dataset, a: Assumptions, years: npt.NDArray[np.int64],
               reachable: npt.NDArray[np.bool_]) -> F64:
    """(T, A, V) H100e per year of the enabled, active deals.

    Only where the adopter can reach the vendor and the vendor has a chip on sale.
    """
    t_n, a_n, v_n = len(years), len(dataset.adopter_ids), reachable.shape[2]
    fixed = _fixed(dataset)
    if not fixed.deal_ids:
        return np.zeros((t_n, a_n, v_n))
    committed = np.einsum("td,da,dv->tav", _deal_sizes(dataset, a, years),
                          _onehot(fixed.deal_adopter, a_n), _onehot(fixed.deal_vendor, v_n))
    out: F64 = np.where(reachable, committed, 0.0)
    return out


def _named_chips(dataset: Dataset, a: Assumptions, years: npt.NDArray[np.int64],
                 within: F64) -> F64:
    """(T, A, C) H100e per year of the enabled, active deals that name a chip, where that chip
    is on sale to the adopter (``within > 0``); elsewhere the deal buys the vendor's mix."""
    t_n, a_n, c_n = within.shape
    fixed = _fixed(dataset)
    named = fixed.deal_chip >= 0
    if not named.any():
        return np.zeros((t_n, a_n, c_n))
    sizes = _deal_sizes(dataset, a, years)[:, named]
    out: F64 = np.einsum("td,da,dc->tac", sizes, _onehot(fixed.deal_adopter[named], a_n),
                         _onehot(fixed.deal_chip[named], c_n))
    return np.where(within > 0, out, 0.0)


def _split_by_chip(vendor_h100e: F64, within: F64, named: F64, vidx: npt.NDArray[np.int64],
                   onehot: F64) -> F64:
    """(A, C) purchases: each vendor's purchases go first to the chips its deals name (scaled
    down in proportion when they add up to more than the vendor's purchases), and the rest by
    the lower nest ``w_c|v``."""
    if not named.any():
        out: F64 = vendor_h100e[:, vidx] * within
        return out
    named_v = named @ onehot  # (A, V)
    scale = np.where(named_v > vendor_h100e, _safe_div(vendor_h100e, named_v), 1.0)
    kept = named * scale[:, vidx]
    rest = np.clip(vendor_h100e - kept @ onehot, 0.0, None)
    out = kept + rest[:, vidx] * within
    return out


def _deal_floors(committed: F64, demand: F64) -> F64:
    """(T, A, V) minimum vendor shares implied by the deals (sum over vendors <= 1).

    Where an adopter's deals add up to more than its demand, every floor is scaled down in
    proportion to its deal's size, so each stays at most 1 as MODEL.md asks (capping each at 1
    first would give a 10 GW and a 6 GW deal equal shares). The projection's notes report it.
    """
    need = demand[:, :, None]
    # Dividing by the larger of demand and the deals' total keeps every ratio <= 1 (no
    # overflow for a vanishing demand); an adopter with no demand has no floors.
    floors: F64 = np.where(need > 0, _safe_div(committed, np.maximum(
        committed.sum(axis=2, keepdims=True), need)), 0.0)
    return floors


def _combine_floors(minimum: F64, deals: F64) -> F64:
    """(T, A, V) floors from the user's minimum shares and the deals' floors.

    Minimum shares come first (scaled to sum to 1 if they add up to more); the deals' floors
    above them share what is left, scaled down in proportion if they do not fit. Identity on
    the deals' floors when every minimum share is 0.
    """
    total = minimum.sum(axis=2, keepdims=True)
    minimum = np.where(total > 1.0, minimum / np.where(total > 1.0, total, 1.0), minimum)
    extra = np.clip(deals - minimum, 0.0, None)
    room = 1.0 - minimum.sum(axis=2, keepdims=True)
    need = extra.sum(axis=2, keepdims=True)
    scale = np.where(need > room, _safe_div(np.clip(room, 0.0, None), need), 1.0)
    out: F64 = minimum + extra * scale
    return out


def _step(inp: _Inputs, t: int, mix_prev: F64) -> tuple[F64, F64, F64]:
    """One projected year: target mix, inertia, deal floors, supply caps.

    Returns (purchases per adopter and vendor (A, V) in H100e, unmet demand (A,), the mix
    carried to next year (A, V)).
    """
    with np.errstate(divide="ignore"):
        utility = inp.static_utility[t] + inp.lock_in * np.log(mix_prev + LOCK_IN_EPS)
    target = _softmax_rows(utility)
    # An adopter with no reachable vendor this year keeps its mix.
    target = np.where(target.sum(axis=1, keepdims=True) > 0, target, mix_prev)
    mix = (1.0 - inp.kappa) * mix_prev + inp.kappa * target
    mix = _normalise_rows(np.where(inp.available[t], mix, 0.0))
    # Every vendor it bought from is gone (their chips retired): it goes where it would choose.
    mix = np.where(mix.sum(axis=1, keepdims=True) > 0, mix, target)
    mix = _apply_floors(mix, inp.floors[t])
    purchases, unmet = _apply_caps(inp.demand[t][:, None] * mix, target, inp.caps[t],
                                   inp.available[t] & np.isfinite(inp.static_utility[t]))
    # No vendor it can reach has a chip on sale: its demand is unmet.
    unmet = unmet + np.where(mix.sum(axis=1) > 0, 0.0, inp.demand[t])
    # MODEL.md's state M is the mix after inertia and deals; caps act on purchases only.
    return purchases, unmet, mix


def _apply_floors(mix: F64, floors: F64) -> F64:
    """Raise each vendor to its floor and scale the others' excess over their floors.

    Identity when no floor binds: F + (1 - sum F) (M - F) / sum (M - F) = M.
    """
    excess = np.clip(mix - floors, 0.0, None)
    room = np.clip(1.0 - floors.sum(axis=1, keepdims=True), 0.0, None)  # >= 0 despite rounding
    out: F64 = floors + room * _safe_div(excess, excess.sum(axis=1, keepdims=True))
    has_mix = mix.sum(axis=1, keepdims=True) > 0
    return np.where(has_mix, out, mix)


def _apply_caps(purchases: F64, target: F64, caps: F64,
                reachable: npt.NDArray[np.bool_]) -> tuple[F64, F64]:
    """Scale vendors over their cap down to it and move the excess to each adopter's other
    reachable vendors that still have room, in proportion to the adopter's target shares.
    What no vendor can take is unmet. At most one pass per vendor."""
    unmet = np.zeros(purchases.shape[0])
    if not np.isfinite(caps).any():
        return purchases, unmet
    capped = np.zeros(caps.shape, dtype=bool)
    for _ in range(caps.size + 1):
        totals = purchases.sum(axis=0)
        over = (totals > caps * (1 + 1e-12)) & ~capped
        if not over.any():
            break
        scale = np.where(over, _safe_div(caps, totals), 1.0)
        moved = (purchases * (1.0 - scale[None, :])).sum(axis=1)
        purchases = purchases * scale[None, :]
        capped |= over
        open_ = reachable & ~capped[None, :]
        weight = np.where(open_, target + 1e-12, 0.0)
        wsum = weight.sum(axis=1)
        purchases = purchases + moved[:, None] * _safe_div(weight, wsum[:, None])
        unmet += np.where(wsum > 0, 0.0, moved)
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


def _history_part(dataset: Dataset, base: int) -> _History:
    cache: dict[int, _History] = dataset.__dict__.setdefault("_history_parts", {})
    if base in cache:
        return cache[base]
    first = int(dataset.history_years[0])
    n_hist = base - first + 1
    ref_price = dataset.chips["price_usd"].to_numpy(np.float64)
    hist_h = dataset.history_cube("h100e")[:n_hist]
    hist_u = dataset.history_cube("units")[:n_hist]
    onehot = _onehot(dataset.chip_vendor_index, len(dataset.vendor_ids))
    bands: dict[str, dict[str, F64]] = {"p5": {}, "p95": {}}
    for lo_hi, store in bands.items():
        h = dataset.history_cube(f"h100e_{lo_hi}", fill_from="h100e")[:n_hist]
        u = dataset.history_cube(f"units_{lo_hi}", fill_from="units")[:n_hist]
        for m, cube in (("h100e", h), ("units", u), ("spend_usd", u * ref_price)):
            store[m] = cube.sum(axis=1) @ onehot
    part = _History(
        years=np.arange(first, base + 1, dtype=np.int64), h100e=hist_h, units=hist_u,
        # History spend at the reference price: it must not move with the price sliders.
        spend=hist_u * ref_price, demand=hist_h.sum(axis=2),
        band_p5=bands["p5"], band_p95=bands["p95"],
    )
    cache[base] = part
    return part


# --- small helpers ----------------------------------------------------------------------------
def _onehot(index: npt.NDArray[np.int64], n: int) -> F64:
    out = np.zeros((len(index), n))
    out[np.arange(len(index)), index] = 1.0
    return out


def _safe_div(num: F64, den: F64) -> F64:
    """num / den, 0 where den is 0."""
    ok = den != 0
    with np.errstate(over="ignore"):  # a subnormal denominator: callers clip (floors <= 1)
        out: F64 = np.where(ok, num / np.where(ok, den, 1.0), 0.0)
    return out


def _softmax_rows(u: F64) -> F64:
    """Softmax along the last axis; rows that are all -inf give all zeros."""
    top = u.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(u - top)
    return _safe_div(e, e.sum(axis=-1, keepdims=True))


def _normalise_rows(x: F64) -> F64:
    return _safe_div(x, x.sum(axis=-1, keepdims=True))


def _or(value: float, fallback: float) -> float:
    return fallback if math.isnan(value) else value
