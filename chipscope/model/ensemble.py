"""Uncertainty ensembles: many draws of the uncertain assumptions, percentiles of the results.

:func:`sample_unit` draws a seeded Latin hypercube or Sobol sample of the unit cube; each
range's ``ppf`` maps its column to values; :func:`project_many` (from
:mod:`chipscope.model.ensemble_many`) runs every draw at once along a draws axis; and
:func:`run_ensemble` keeps the percentiles 5, 25, 50, 75 and 95 of each vendor's share,
H100e, units and spend per year, then drops the per-draw arrays.

Pure (numpy, scipy.stats.qmc); no Python loop over draws. Docs: docs/ensemble.md (how it
runs) and docs/uncertainty.md (what the bands mean).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np
import numpy.typing as npt

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.ensemble_many import (
    BYTES_PER_DRAW_KEPT,
    CHUNK_DRAWS,
    ManyResult,
    project_many,
)
from chipscope.model.tasks import NO_CONTEXT, TaskContext

if TYPE_CHECKING:
    import pandas as pd

    from chipscope.model.engine import History

__all__ = ["MEASURES", "QUANTILES", "EnsembleResult", "ManyResult", "Method", "RangeLike",
           "bands_frame", "draws_for", "estimate_bytes", "project_many", "run_ensemble",
           "sample_unit"]

Method = Literal["lhs", "sobol"]
METHODS: tuple[Method, ...] = ("lhs", "sobol")
QUANTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
MEASURES: tuple[str, ...] = ("share", "h100e", "units", "spend_usd")
"""What :class:`EnsembleResult` gives percentiles of: share of H100e (0..1), H100e, chips, USD."""

MAX_BYTES = 1 << 30
"""An ensemble estimated to need more memory than this (1 GiB) is refused."""


class RangeLike(Protocol):
    """What :func:`run_ensemble` needs of a range (:class:`chipscope.model.uncertainty.Range`)."""

    @property
    def key(self) -> str: ...
    @property
    def source(self) -> str: ...

    def ppf(self, u: F64, lo: float, hi: float, current: float = math.nan) -> F64: ...


def sample_unit(k: int, n: int, seed: int, method: Method = "lhs") -> F64:
    """(n, k) points in the open unit cube: a Latin hypercube or a scrambled Sobol sample.

    Seeded: the same (k, n, seed, method) gives the same points. A Sobol sample is the first
    n points of the 2^m sequence with 2^m >= n (its balance is best when n is a power of 2).
    """
    from scipy.stats import qmc

    if n < 1:
        raise ValueError(f"draws: {n} must be at least 1")
    if method not in METHODS:
        raise ValueError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if k == 0:
        return np.zeros((n, 0))
    if method == "lhs":
        points = qmc.LatinHypercube(d=k, rng=np.random.default_rng(seed)).random(n)
    else:
        m = max(0, math.ceil(math.log2(n)))
        points = qmc.Sobol(d=k, scramble=True, rng=np.random.default_rng(seed)).random_base2(m)
        points = points[:n]
    # ppf(0) or ppf(1) of a normal range is infinite: keep strictly inside the cube.
    out: F64 = np.clip(points, 1e-12, 1.0 - 1e-12)
    return out


def estimate_bytes(dataset: Dataset, assumptions: Assumptions, n: int, k: int,
                   chunk: int = CHUNK_DRAWS) -> int:
    """Peak memory (bytes) an ensemble of ``n`` draws of ``k`` keys is expected to need: the
    per-draw results kept (twice, for the percentiles' sort), the draws, and one chunk's
    compiled inputs. Measured in benchmarks/bench_ensemble.py."""
    y_n = int(assumptions["horizon_year"]) - int(dataset.history_years[0]) + 1
    t_n = int(assumptions["horizon_year"]) - int(assumptions["base_year"])
    v_n, a_n = len(dataset.vendor_ids), len(dataset.adopter_ids)
    c_n, d_n = len(dataset.chip_ids), len(dataset.deals)
    kept = 2 * n * y_n * v_n * BYTES_PER_DRAW_KEPT + 2 * n * k * 8
    per_draw = 8 * t_n * (30 * a_n * v_n + 12 * c_n + 4 * d_n + 4 * a_n)
    return kept + min(n, chunk) * per_draw


@dataclass(frozen=True)
class EnsembleResult:
    """Percentiles of an ensemble's results per year and vendor (per-draw arrays dropped).

    Attributes
    ----------
    years, is_history, base_year, vendor_ids : as in :class:`ManyResult`.
    quantiles : (5, 25, 50, 75, 95), the percentiles along the first axis of each array.
    share, h100e, units, spend_usd : (5, Y, V) percentiles of the vendor's share of H100e
        (0..1), H100e, chips and USD. History years carry the history's value in every
        percentile, or Epoch's 5-95 % range as p5 and p95 when ``history_spread``.
    n, seed, method : how many draws, the sample's seed and method.
    keys : the assumptions that varied, in the sample's column order.
    history_spread : whether history years show Epoch's 5-95 % range.
    """

    years: npt.NDArray[np.int64]
    is_history: npt.NDArray[np.bool_]
    base_year: int
    vendor_ids: tuple[str, ...]
    quantiles: tuple[int, ...]
    share: F64
    h100e: F64
    units: F64
    spend_usd: F64
    n: int
    seed: int
    method: Method
    keys: tuple[str, ...]
    history_spread: bool

    def measure(self, name: str) -> F64:
        """(5, Y, V) percentiles of ``name`` (one of :data:`MEASURES`)."""
        if name not in MEASURES:
            raise ValueError(f"measure: {name!r} is not one of {', '.join(MEASURES)}")
        out: F64 = getattr(self, name)
        return out


def draws_for(dataset: Dataset, assumptions: Assumptions, ranges: Mapping[str, RangeLike],
              n: int, seed: int, method: Method = "lhs") -> dict[str, F64]:
    """key -> (n,) values: the sample's columns (keys in sorted order, so that the same
    ranges give the same draws whatever their order) mapped by each range's ppf."""
    specs = assumptions.specs
    keys = sorted(ranges)
    unknown = [k for k in keys if k not in specs]
    if unknown:
        raise ValueError(f"ranges: unknown assumption {', '.join(unknown[:5])}")
    u = sample_unit(len(keys), n, seed, method)
    return {k: ranges[k].ppf(u[:, j], specs[k].lo, specs[k].hi, float(assumptions[k]))
            for j, k in enumerate(keys)}


def run_ensemble(dataset: Dataset, assumptions: Assumptions, ranges: Mapping[str, RangeLike],
                 n: int, seed: int, method: Method = "lhs", ctx: TaskContext | None = None, *,
                 history_spread: bool | None = None, chunk: int = CHUNK_DRAWS,
                 basis: str | None = None) -> EnsembleResult:
    """Draw ``n`` sets of the ranged assumptions, project them all, keep the percentiles.

    Parameters
    ----------
    dataset, assumptions : the scenario; every key without a range keeps its value.
    ranges : key -> range (:class:`chipscope.model.uncertainty.Range`).
    n : number of draws (at least 1; refused when :func:`estimate_bytes` exceeds 1 GiB).
    seed, method : the sample (:func:`sample_unit`); same inputs, same result.
    ctx : progress and cancellation between chunks of draws (TaskCancelled when cancelled).
    history_spread : whether history years show Epoch's 5-95 % range (None: when a range's
        source is Epoch's 5-95 % ranges, i.e. the base-year data are uncertain too).
    chunk : draws computed together (memory, not results).
    basis : H100e on this basis ("bf16" or "8bit"; None: the dataset's). ``assumptions`` and
        ``ranges`` stay on the dataset's basis; the draws are converted as
        :func:`chipscope.model.basis.project_on_basis` converts values.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"draws: {n!r} must be a whole number of at least 1")
    need = estimate_bytes(dataset, assumptions, int(n), len(ranges), chunk)
    if need > MAX_BYTES:
        raise ValueError(f"draws: {n:,} draws would need about {need / 2**30:.1f} GB of "
                         f"memory (at most {MAX_BYTES / 2**30:.0f} GB); use fewer draws")
    context = ctx if ctx is not None else NO_CONTEXT
    draws = draws_for(dataset, assumptions, ranges, int(n), seed, method)
    if basis is not None and basis != dataset.basis:
        from chipscope.model.basis import _factors, rebase_assumptions

        factors = _factors(dataset, basis, int(assumptions["base_year"]))
        draws = {k: v * factors.get(k, 1.0) for k, v in draws.items()}
        assumptions = rebase_assumptions(assumptions, dataset, basis)
        dataset = dataset.with_basis(basis)
    many = project_many(dataset, assumptions, draws, chunk=chunk, context=context)
    if history_spread is None:
        history_spread = any(r.source.lower().startswith("epoch") for r in ranges.values())
    return summarise(dataset, many, seed=seed, method=method, keys=tuple(sorted(ranges)),
                     history_spread=history_spread, n=int(n))


def summarise(dataset: Dataset, many: ManyResult, *, seed: int, method: Method,
              keys: tuple[str, ...], history_spread: bool = False, n: int | None = None
              ) -> EnsembleResult:
    """The percentiles of ``many`` (np.percentile, linear interpolation) per year and
    vendor; history years as :class:`EnsembleResult` says. ``n``: the draw count to report
    (None: ``many.n``; without ranges one run stands for all draws, which are the same)."""
    from chipscope.model.engine import history_part

    q = np.array(QUANTILES, dtype=np.float64)
    hist = history_part(dataset, many.base_year)
    n_hist = len(hist.years)
    out: dict[str, F64] = {}
    for m in MEASURES:
        per_draw: F64 = getattr(many, m)
        bands = np.empty((len(q), *per_draw.shape[1:]))
        bands[:, n_hist:] = np.percentile(per_draw[:, n_hist:], q, axis=0)
        bands[:, :n_hist] = per_draw[0, :n_hist]  # the same in every draw
        if history_spread and m != "share":
            _epoch_spread(bands, hist, m)
        out[m] = bands
    return EnsembleResult(many.years, many.is_history, many.base_year, many.vendor_ids,
                          QUANTILES, out["share"], out["h100e"], out["units"],
                          out["spend_usd"], many.n if n is None else n, seed, method, keys,
                          history_spread)


MEASURE_UNITS = {"share": "% of H100e", "h100e": "H100e", "units": "chips", "spend_usd": "USD"}


def bands_frame(result: EnsembleResult, single: dict[str, F64] | None = None) -> pd.DataFrame:
    """Tidy table: year, vendor, is_history, measure, unit, value, p5, p25, p50, p75, p95.

    One row per year, vendor and measure (share in %, the amounts in their units); ``value``
    is ``single[measure]`` ((Y, V), the run without draws) when given, else NaN.
    """
    import pandas as pd

    y_n, v_n = len(result.years), len(result.vendor_ids)
    frames = []
    for m in MEASURES:
        scale = 100.0 if m == "share" else 1.0
        bands = result.measure(m) * scale
        value = single[m] * scale if single is not None else np.full((y_n, v_n), np.nan)
        cols: dict[str, object] = {
            "year": np.repeat(result.years, v_n),
            "vendor": np.tile(np.asarray(result.vendor_ids, dtype=object), y_n),
            "is_history": np.repeat(result.is_history, v_n),
            "measure": m, "unit": MEASURE_UNITS[m], "value": value.ravel()}
        cols.update({f"p{q}": bands[i].ravel() for i, q in enumerate(result.quantiles)})
        frames.append(pd.DataFrame(cols))
    return pd.concat(frames, ignore_index=True)


def _epoch_spread(bands: F64, hist: History, measure: str) -> None:
    """History years' p5 and p95 from Epoch's 5-95 % ranges (summed per vendor), kept in
    order around the history's value (p25 to p75)."""
    n_hist = len(hist.years)
    value = bands[2, :n_hist]
    bands[0, :n_hist] = np.minimum(hist.band_p5[measure], value)
    bands[-1, :n_hist] = np.maximum(hist.band_p95[measure], value)
