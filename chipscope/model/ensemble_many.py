"""Many projections at once: :func:`project_many` runs the engine along a leading draws axis.

No Python loop over draws: the loops are over chunks of draws (to bound memory), over the
projected years (inertia) and, inside a year, over supply-cap passes. Per-draw results are
kept at vendor level, (N, Y, V), never per adopter and chip: for 10,000 draws a (N, Y, A, C)
array would take gigabytes. Re-exported by :mod:`chipscope.model.ensemble`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chipscope.model import chip_supply
from chipscope.model.arrays import F64, safe_div
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.draw_values import DrawValues
from chipscope.model.engine import history_part
from chipscope.model.engine_inputs import Inputs, compile_inputs
from chipscope.model.engine_step import step
from chipscope.model.tasks import NO_CONTEXT, TaskContext

CHUNK_DRAWS = 250
"""Draws computed together: enough that numpy's per-call overhead is shared by many draws,
few enough that a chunk's arrays (about 60 kB per draw on the bundled dataset) stay near the
CPU's caches: 250 was the fastest of 100 to 2,000 (benchmarks/bench_ensemble.py)."""

BYTES_PER_DRAW_KEPT = 8 * 4
"""Bytes per draw, year and vendor of the per-draw results (h100e, units, spend, share)."""


@dataclass(frozen=True)
class ManyResult:
    """Per-draw results of :func:`project_many`, at vendor level.

    Attributes
    ----------
    years : (Y,) calendar years, history then projection.
    base_year : the last history year.
    is_history : (Y,) True up to and including ``base_year``.
    vendor_ids : (V,) the dataset's vendors.
    h100e, units, spend_usd : (N, Y, V) purchases per draw, year and vendor (H100e on the
        dataset's basis, chips, USD). History years are the history's, the same in every draw.
    share : (N, Y, V) each vendor's share of the year's H100e (0..1; sums to 1 per draw and
        year where anything is bought).
    """

    years: npt.NDArray[np.int64]
    base_year: int
    is_history: npt.NDArray[np.bool_]
    vendor_ids: tuple[str, ...]
    h100e: F64
    units: F64
    spend_usd: F64
    share: F64

    @property
    def n(self) -> int:
        """The number of draws."""
        return int(self.h100e.shape[0])

    def year_index(self, year: int) -> int:
        """Position of ``year`` in :attr:`years`; ValueError naming the span if absent."""
        hits = np.flatnonzero(self.years == year)
        if not len(hits):
            raise ValueError(f"year {year} is outside {int(self.years[0])}-"
                             f"{int(self.years[-1])}")
        return int(hits[0])

    def vendor_index(self, vendor_id: str) -> int:
        """Position of ``vendor_id``; ValueError naming the known vendors if absent."""
        if vendor_id not in self.vendor_ids:
            raise ValueError(f"unknown vendor {vendor_id!r} (known: "
                             f"{', '.join(self.vendor_ids)})")
        return self.vendor_ids.index(vendor_id)


def project_many(dataset: Dataset, assumptions: Assumptions, draws: Mapping[str, F64], *,
                 chunk: int = CHUNK_DRAWS, context: TaskContext = NO_CONTEXT) -> ManyResult:
    """Project the market once per draw, all draws at once.

    Parameters
    ----------
    dataset : the validated dataset.
    assumptions : the values of every key ``draws`` does not vary.
    draws : key -> (N,) values, the same N for every key (empty: one draw, ``assumptions``).
        base_year, horizon_year and on/off switches cannot vary (ValueError naming them).
    chunk : draws computed together (memory grows with it; results do not depend on it).
    context : progress (fraction of draws done) and cancellation, checked between chunks.

    Returns
    -------
    ManyResult with (N, Y, V) arrays; draw ``i`` equals
    ``project(dataset, assumptions.replace({k: v[i] for k, v in draws.items()}))`` summed to
    vendors, to rounding.
    """
    if chunk < 1:
        raise ValueError(f"chunk: {chunk} must be at least 1")
    values = DrawValues(dataset, assumptions, draws)
    base = values.base_year
    hist = history_part(dataset, base)
    chip_vendor = chip_supply.dataset_parts(dataset).chip_vendor
    n_hist = len(hist.years)
    years = np.arange(int(hist.years[0]), values.horizon_year + 1, dtype=np.int64)
    shape = (values.n, len(years), len(dataset.vendor_ids))
    out = {m: np.empty(shape) for m in ("h100e", "units", "spend_usd")}
    for m, cube in (("h100e", hist.h100e), ("units", hist.units), ("spend_usd", hist.spend)):
        out[m][:, :n_hist] = cube.sum(axis=1) @ chip_vendor
    for start in range(0, values.n, chunk):
        context.check()
        rows = slice(start, min(start + chunk, values.n))
        _project_chunk(dataset, values.take(rows), {m: a[rows, n_hist:] for m, a in out.items()})
        context.progress(rows.stop / values.n)
    share = safe_div(out["h100e"], out["h100e"].sum(axis=2, keepdims=True))
    return ManyResult(years, base, years <= base, tuple(dataset.vendor_ids), out["h100e"],
                      out["units"], out["spend_usd"], share)


def _project_chunk(dataset: Dataset, values: DrawValues, out: dict[str, F64]) -> None:
    """Fill ``out`` (measure -> (n, T, V) views of the projected years) for one chunk."""
    inputs = compile_inputs(dataset, values)
    split = _VendorSplit.build(dataset, inputs)
    mix = np.broadcast_to(inputs.mix0, (values.n, *inputs.mix0.shape))
    for t in range(len(inputs.years)):
        vendor_h100e, _, mix, _ = step(inputs, t, mix)
        h100e, units, spend = split.measures(vendor_h100e, inputs, t)
        out["h100e"][:, t] = h100e.sum(axis=1)
        out["units"][:, t] = units.sum(axis=1)
        out["spend_usd"][:, t] = spend.sum(axis=1)


@dataclass(frozen=True)
class _VendorSplit:
    """What :func:`chip_supply.split_by_chip` does, summed to vendors without the chip axis.

    Each vendor's purchases go first to the chips its deals name, the rest by the lower nest;
    summed over the vendor's chips that is, per adopter and vendor (each (n, T, A, V)):
    H100e = kept + rest x sum(w), units = kept units + rest x sum(w / H100e per unit),
    spend = kept spend + rest x vendor cost.
    """

    within_sum: F64  # sum of w_c|v over the vendor's chips: 1, or 0 with none on sale
    units_per_h100e: F64  # sum of w_c|v / (H100e per unit)
    named: F64  # H100e/yr of deals naming a chip on sale to the adopter
    named_units: F64  # the same in chips
    named_spend: F64  # the same in USD

    @classmethod
    def build(cls, dataset: Dataset, inp: Inputs) -> _VendorSplit:
        parts = chip_supply.dataset_parts(dataset)
        chip_vendor = parts.chip_vendor
        per_unit = dataset.h100e_per_unit
        # w_c|v sums to 1 over a vendor's chips where it has one on sale (IV finite), else 0
        within_sum = np.isfinite(inp.inclusive).astype(np.float64)
        units_per = inp.by_adopter(chip_supply.matmul_last(inp.within_groups / per_unit,
                                                           chip_vendor))
        named_deals = np.flatnonzero(parts.deal_chip >= 0)
        if not len(named_deals):
            zero = np.zeros_like(within_sum)
            return cls(within_sum, units_per, zero, zero, zero)
        a_d, c_d = parts.deal_adopter[named_deals], parts.deal_chip[named_deals]
        t_idx = np.arange(len(inp.years))[:, None]
        # (n, T, Dn): the deal's chip is on sale to its adopter that year
        on_sale = inp.within_groups[:, inp.group_of[:, a_d], t_idx, c_d] > 0
        amount = np.where(on_sale, inp.sizes[..., named_deals], 0.0)
        v_n = len(dataset.vendor_ids)
        pair = a_d * v_n + dataset.chip_vendor_index[c_d]
        shape = within_sum.shape

        def to_pairs(x: F64) -> F64:
            return chip_supply.sum_into(x, pair, len(dataset.adopter_ids) * v_n).reshape(shape)

        return cls(within_sum, units_per, to_pairs(amount), to_pairs(amount / per_unit[c_d]),
                   to_pairs(amount * inp.cost[..., c_d]))

    def measures(self, vendor_h100e: F64, inp: Inputs, t: int) -> tuple[F64, F64, F64]:
        """(H100e, units, USD), each (n, A, V), of one year's purchases per vendor."""
        named = self.named[:, t]
        scale = np.where(named > vendor_h100e, safe_div(vendor_h100e, named), 1.0)
        rest = np.maximum(vendor_h100e - named * scale, 0.0)
        h100e = named * scale + rest * self.within_sum[:, t]
        units = self.named_units[:, t] * scale + rest * self.units_per_h100e[:, t]
        spend = self.named_spend[:, t] * scale + rest * inp.vendor_cost[:, t]
        return h100e, units, spend
