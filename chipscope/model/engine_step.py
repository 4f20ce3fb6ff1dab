"""One projected year of the engine, for every draw at once (docs/model.md, steps 3 to 8).

Arrays are (N, A, V): draws, adopters, vendors (N = 1 for
:func:`chipscope.model.engine.project`). A draw whose caps or minimum shares do not bind goes
through exactly the arithmetic of an identity, so running draws together gives each the
result it gets alone.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from chipscope.model.arrays import F64, safe_div
from chipscope.model.engine_inputs import Inputs

LOCK_IN_EPS = 0.05
"""Share floor inside ln(M + eps) of the lock-in term: a vendor an adopter has never bought
from starts at ln(0.05) = -3.0 utils, times lambda (docs/model.md says why 0.05)."""


def step(inp: Inputs, t: int, mix_prev: F64) -> tuple[F64, F64, F64, F64]:
    """One projected year: target mix, inertia, budget to demand, deals, minimum shares, caps.

    Returns (purchases per adopter and vendor (N, A, V) in H100e, unmet demand (N, A), the mix
    carried to next year (N, A, V), demand (N, A) in H100e).
    """
    utility = inp.static_utility[:, t] + inp.lock_in * np.log(mix_prev + LOCK_IN_EPS)
    target = softmax_rows(utility)
    # An adopter with no reachable vendor this year keeps its mix.
    target = np.where(row_sum(target, keepdims=True) > 0, target, mix_prev)
    mix = (1.0 - inp.kappa) * mix_prev + inp.kappa * target
    mix = normalise_rows(mix * inp.available[:, t])  # shares are finite: x 0 or 1
    # Every vendor it bought from is gone (their chips retired): it goes where it would choose.
    mix = np.where(row_sum(mix, keepdims=True) > 0, mix, target)
    # Demand is money: the budget buys H100e at the cost of the adopter's mix (the trend).
    # A deal adds to it where it is larger than what the trend buys from the deal's vendor.
    minimum = inp.minimum[:, t]
    mix = apply_floors(mix, minimum)  # the user's minimum shares: identity when 0
    cost = inp.vendor_cost[:, t]
    committed = inp.committed[:, t]
    trend = safe_div(inp.budget[:, t], row_sum(mix * cost))
    wanted = np.maximum(trend[..., None] * mix, committed)
    demand = row_sum(wanted)
    # Minimum shares are shares of everything the adopter buys: they take from the others.
    final = apply_floors(normalise_rows(wanted), minimum)
    final = np.where(demand[..., None] > 0, final, mix)
    purchases = demand[..., None] * final
    # A new vendor sells its deals and, beyond them, only the capacity its deals built.
    fixed = np.minimum(purchases, committed)
    free, unmet_free = apply_caps(purchases - fixed, target, inp.free_caps[:, t],
                                  inp.reach[:, t], cost)
    purchases = free + fixed
    unmet = np.zeros_like(demand)
    if inp.any_caps[t]:
        # A supply cap's excess does not go to a new vendor beyond the capacity it has.
        purchases, unmet = apply_caps(purchases, target, inp.caps[:, t],
                                      inp.capped_reach[:, t], cost)
    # No vendor it can reach has a chip on sale: its demand is unmet.
    chosen = row_sum(final) > 0
    unmet = unmet + unmet_free + demand * ~chosen
    # Caps move money, so the H100e an adopter gets can differ from what it wanted at the
    # vendors it chose: demand is what it buys plus what stays unmet.
    demand = np.where(chosen, row_sum(purchases) + unmet, demand)
    # MODEL.md's state M is the mix after inertia and deals; caps act on purchases only.
    return purchases, unmet, final, demand


def apply_floors(mix: F64, floors: F64) -> F64:
    """Raise each vendor to its floor and scale the others' excess over their floors.

    Identity when no floor binds: F + (1 - sum F) (M - F) / sum (M - F) = M; a draw with no
    floor at all keeps ``mix`` exactly.
    """
    if not floors.any():
        return mix
    excess = np.maximum(mix - floors, 0.0)
    room = np.maximum(1.0 - row_sum(floors, keepdims=True), 0.0)  # >= 0 despite rounding
    out: F64 = floors + room * safe_div(excess, row_sum(excess, keepdims=True))
    has_mix = row_sum(mix, keepdims=True) > 0
    has_floor = floors.any(axis=(-2, -1), keepdims=True)
    return np.where(has_mix & has_floor, out, mix)


def apply_caps(purchases: F64, target: F64, caps: F64,
               reachable: npt.NDArray[np.bool_], cost: F64) -> tuple[F64, F64]:
    """Scale vendors over their cap down to it and move the excess to each adopter's other
    reachable vendors that still have room, in proportion to the adopter's target shares.
    The excess moves as money: what the adopter would have spent on it (``cost``: (N, A, V)
    USD per H100e) buys H100e at the receiving vendors' costs, so caps never change spend.
    What no vendor can take is unmet (in the H100e it would have bought). At most one pass
    per vendor: a loop over passes, not draws (a draw with nothing over in a pass goes
    through it unchanged, and once few draws are over, the passes go on with those alone)."""
    return _cap_passes(purchases, target, caps, reachable, cost,
                       np.zeros(purchases.shape[:-1]), np.zeros(caps.shape, dtype=bool))


SUBSET = 0.75
"""A cap pass goes on with the draws over a cap alone when they are at most this fraction."""


def _cap_passes(purchases: F64, target: F64, caps: F64, reachable: npt.NDArray[np.bool_],
                cost: F64, unmet: F64, capped: npt.NDArray[np.bool_]) -> tuple[F64, F64]:
    for _ in range(caps.shape[-1] + 1):
        totals = column_sum(purchases)
        over = (totals > caps * (1 + 1e-12)) & ~capped
        rows_over = over.any(axis=-1)
        count = int(np.count_nonzero(rows_over))
        if not count:
            break
        if count <= SUBSET * purchases.shape[0]:
            rows = np.flatnonzero(rows_over)
            sub, sub_unmet = _cap_passes(purchases[rows], target[rows], caps[rows],
                                         reachable[rows], cost[rows], unmet[rows],
                                         capped[rows])
            purchases, unmet = purchases.copy(), unmet.copy()
            purchases[rows], unmet[rows] = sub, sub_unmet
            break
        scale = np.where(over, safe_div(caps, totals), 1.0)[..., None, :]
        cut = purchases * (1.0 - scale)
        moved_usd = row_sum(cut * cost)
        purchases = purchases * scale
        capped = capped | over
        open_ = reachable & ~capped[..., None, :]
        weight = (target + 1e-12) * open_
        wsum = row_sum(weight)
        purchases = purchases + safe_div(moved_usd[..., None] * safe_div(weight, wsum[..., None]),
                                         cost)
        unmet = unmet + row_sum(cut) * (wsum <= 0)
    return purchases, unmet


def softmax_rows(u: F64) -> F64:
    """Softmax along the last axis; rows that are all -inf give all zeros."""
    top = row_max(u)[..., None]
    top = np.where(np.isfinite(top), top, 0.0)
    e = np.exp(u - top)
    return safe_div(e, row_sum(e, keepdims=True))


def normalise_rows(x: F64) -> F64:
    return safe_div(x, row_sum(x, keepdims=True))


# numpy's reductions over a short last axis (11 vendors) cost several times an elementwise
# operation; einsum's loop and a loop of np.maximum over the columns do not. Small arrays
# (one draw: project()) keep numpy's reductions, whose rounding the engine always had.
SMALL = 1000
"""Arrays with fewer elements than this are reduced by numpy's own sum and max."""


def row_sum(x: F64, keepdims: bool = False) -> F64:
    """Sum over the last axis."""
    if x.size < SMALL:
        small: F64 = x.sum(axis=-1, keepdims=keepdims)
        return small
    out: F64 = np.einsum("...j->...", x)
    return out[..., None] if keepdims else out


def column_sum(x: F64) -> F64:
    """Sum over the second-to-last axis (adopters): (..., A, V) -> (..., V)."""
    if x.size < SMALL:
        small: F64 = x.sum(axis=-2)
        return small
    out: F64 = np.einsum("...ij->...j", x)
    return out


def row_max(x: F64) -> F64:
    """Largest value along the last axis (NaN if any is NaN, as ``max``)."""
    if x.shape[-1] == 0 or x.size < SMALL:
        out: F64 = x.max(axis=-1)
        return out
    top = x[..., 0].copy()
    for j in range(1, x.shape[-1]):
        np.maximum(top, x[..., j], out=top)
    return top
