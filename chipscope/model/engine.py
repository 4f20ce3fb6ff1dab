"""The market engine: ``project(dataset, assumptions) -> Projection``.

The chip level (availability, who may buy a chip, the lower nest, deals that name a chip) is
in :mod:`chipscope.model.chip_supply`; the inputs compiled once per call in
:mod:`chipscope.model.engine_inputs`; one projected year in :mod:`chipscope.model.engine_step`.
Both run along a leading draws axis (:func:`chipscope.model.ensemble.project_many` runs
thousands of draws at once); :func:`project` is the one-draw case, with chips.

Implements the nested-logit model of ``shared/MODEL.md`` (documented as built in
docs/model.md). Vectorised over adopters, vendors and chips; the only Python loop is over the
projected years (inertia makes each year depend on the one before) and, inside a year, over
supply-cap passes (at most one per vendor).

Array shapes: T projected years, A adopters, V vendors, C chips, D deals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from chipscope.model import chip_supply
from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.draw_values import DrawValues
from chipscope.model.engine_inputs import compile_inputs
from chipscope.model.engine_step import LOCK_IN_EPS, step
from chipscope.model.projection import Projection

__all__ = ["LOCK_IN_EPS", "History", "history_part", "project"]


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
    inputs = compile_inputs(dataset, DrawValues(dataset, assumptions))  # one draw
    hist = history_part(dataset, int(assumptions["base_year"]))
    n_hist = hist.h100e.shape[0]
    t_n, a_n = inputs.budget.shape[1:]
    shape = (n_hist + t_n, a_n, len(dataset.chip_ids))
    h100e, units, spend = np.empty(shape), np.empty(shape), np.empty(shape)
    h100e[:n_hist], units[:n_hist], spend[:n_hist] = hist.h100e, hist.units, hist.spend
    unmet = np.zeros((n_hist + t_n, a_n))
    demand = np.zeros((t_n, a_n))
    vidx = dataset.chip_vendor_index
    mix = inputs.mix0[None]
    chip_vendor = chip_supply.dataset_parts(dataset).chip_vendor
    within = inputs.within()[0]
    named = chip_supply.named_chips(dataset, inputs.sizes[0], within)
    for t in range(t_n):
        vendor_h100e, unmet_t, mix, demand_t = step(inputs, t, mix)
        unmet[n_hist + t], demand[t] = unmet_t[0], demand_t[0]
        h100e[n_hist + t] = chip_supply.split_by_chip(vendor_h100e[0], within[t], named[t],
                                                      vidx, chip_vendor)
    np.divide(h100e[n_hist:], dataset.h100e_per_unit[None, None, :], out=units[n_hist:])
    np.multiply(units[n_hist:], inputs.price[0][:, None, :], out=spend[n_hist:])
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
                                        inputs.committed[0].sum(axis=2)]),
        minimum_share=np.concatenate([np.zeros_like(hist.demand), inputs.reserved[0]]),
        budget_usd=np.concatenate([hist.spend.sum(axis=2), inputs.budget[0]]),
    )


def _bands(hist: History, t_n: int) -> tuple[dict[str, F64], dict[str, F64]]:
    """The history bands padded with NaN for ``t_n`` projected years (cached: fixed data)."""
    cache: dict[int, tuple[dict[str, F64], dict[str, F64]]] = hist.padded
    if t_n not in cache:
        pad = np.full((t_n, next(iter(hist.band_p5.values())).shape[1]), np.nan)
        cache[t_n] = ({m: np.concatenate([b, pad]) for m, b in hist.band_p5.items()},
                      {m: np.concatenate([b, pad]) for m, b in hist.band_p95.items()})
    return cache[t_n]


@dataclass(frozen=True)
class History:
    """The history years up to a base year: fixed data, computed once per base year."""

    years: npt.NDArray[np.int64]
    h100e: F64
    units: F64
    spend: F64
    demand: F64
    band_p5: dict[str, F64]
    band_p95: dict[str, F64]
    padded: dict[int, tuple[dict[str, F64], dict[str, F64]]] = field(default_factory=dict)


def history_part(dataset: Dataset, base: int) -> History:
    """The history part of every projection from ``base`` (cached on the dataset: fixed data)."""
    cache: dict[int, History] = dataset.__dict__.setdefault("_history_parts", {})
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
    part = History(
        years=np.arange(first, base + 1, dtype=np.int64), h100e=hist_h, units=hist_u,
        # History spend at the reference price: it must not move with the price sliders.
        spend=hist_u * ref_price, demand=hist_h.sum(axis=2),
        band_p5=bands["p5"], band_p95=bands["p95"],
    )
    cache[base] = part
    return part
