"""Demand as money: each adopter's yearly accelerator budget, the deals its data centres host
for others, and the capacity a new vendor's deals build (docs/model.md, steps 1, 2 and 8).

Pure numpy; :mod:`chipscope.model.engine` turns budgets into compute at the cost of each
adopter's mix.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from chipscope.model import chip_supply
from chipscope.model.arrays import F64, onehot
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.draw_values import DrawValues


def entrant_capacity(deals: F64, growth: F64) -> F64:
    """(..., T, V) what a new vendor can sell: the capacity its deals built, kept and grown at
    the vendor's cap growth ((..., V)) once they end (its best year so far, grown)."""
    out = np.empty_like(deals)
    prev = np.zeros((*deals.shape[:-2], deals.shape[-1]))
    for t in range(deals.shape[-2]):
        prev = np.maximum(deals[..., t, :], prev * (1.0 + growth))
        out[..., t, :] = prev
    return out


def budgets(dataset: Dataset, a: Assumptions | DrawValues,
            years: npt.NDArray[np.int64]) -> F64:
    """(T, A) accelerator budget in USD: the base year's history spend (or the user's base-year
    purchases in H100e at the market's base-year cost per H100e), then the budgets table where
    it has a row, else last year's budget grown by the adopter's budget growth. (N, T, A) for
    :class:`DrawValues`."""
    values = a if isinstance(a, DrawValues) else DrawValues(dataset, a)
    base = values.base_year
    first = int(dataset.history_years[0])
    spend = dataset.history_cube("units")[base - first] @ chip_supply.dataset_parts(
        dataset).price_usd
    override = values.per_adopter("base_demand_h100e")  # (N, A)
    market_cost = spend.sum() / max(float(dataset.history_cube("h100e")[base - first].sum()),
                                    1e-12)
    b0 = np.where(np.isnan(override), spend, override * market_cost)
    own_growth = values.per_adopter("demand_growth_pct")
    growth = 1.0 + np.where(np.isnan(own_growth), values.scalar("demand_growth_pct")[:, None],
                            own_growth) / 100.0
    table = budget_table(dataset)
    out = np.empty((values.n, len(years), len(dataset.adopter_ids)))
    prev = b0
    for t, year in enumerate(years):
        row = table.get(int(year))
        grown = prev * growth
        prev = grown if row is None else np.where(np.isnan(row), grown, row)
        out[:, t] = prev
    return out if isinstance(a, DrawValues) else out[0]


def budget_table(dataset: Dataset) -> dict[int, F64]:
    """Year -> (A,) budgets from the dataset's table (NaN where it has no row)."""
    cached: dict[int, F64] | None = dataset.__dict__.get("_budget_table")
    if cached is not None:
        return cached
    b = dataset.budgets
    a_pos = {x: i for i, x in enumerate(dataset.adopter_ids)}
    out: dict[int, F64] = {}
    for aid, year, usd in zip(b["adopter_id"], b["year"], b["budget_usd"], strict=True):
        row = out.setdefault(int(year), np.full(len(a_pos), np.nan))
        row[a_pos[aid]] = float(usd)
    dataset.__dict__["_budget_table"] = out
    return out


def hosted_spend(dataset: Dataset, sizes: F64, vendor_cost: F64, cost: F64) -> F64:
    """(..., T, A) USD of the deals each adopter hosts for another (a cloud deal): the host's
    budget already pays for that capacity, so it comes out of the host's own purchases.
    ``sizes`` (..., T, D), ``vendor_cost`` (..., T, A, V), ``cost`` (..., T, C)."""
    parts = chip_supply.dataset_parts(dataset)
    a_n = vendor_cost.shape[-2]
    hosted = np.flatnonzero(parts.deal_host >= 0)
    if not len(hosted):
        return np.zeros(vendor_cost.shape[:-1])
    chip = parts.deal_chip[hosted]
    unit_cost = np.where(chip >= 0, cost[..., np.maximum(chip, 0)],
                         vendor_cost[..., parts.deal_adopter[hosted], parts.deal_vendor[hosted]])
    spend = sizes[..., hosted] * np.where(np.isfinite(unit_cost), unit_cost, 0.0)
    return chip_supply.matmul_last(spend, onehot(parts.deal_host[hosted], a_n))
