"""Fit the engine's free parameters to the history: the defaults, fitted by code.

Pure (numpy, pandas, scipy; no Qt, no files). Written against the engine's public API only
(``project(dataset, assumptions) -> Projection`` and ``AssumptionSpecs``), so it keeps working
when the engine changes: the parameters fitted are the keys of :data:`FITTED_KEYS` that the
dataset's specs have, each within its spec's bounds.

Objective (docs/model.md, "Calibration"): a rolling-origin back-test. From every base year ``b``
from the second history year to the second-last, project to the last history year and add,
for every later history year, the squared error of the vendors' compute shares (H100e),
summed over vendors. From the last history year, project the target's year and add the squared
error of the shares among the target's vendors (the Q1 2026 run rate: the engine's year,
renormalised over the vendors the target counts). The objective is the mean of these terms,
each (base year, scored year) pair weighing the same: plain rather than demand-weighted,
because the market roughly tripled each year and weighting by demand would leave 2025 alone.

The search is global, then local, and deterministic: differential evolution over the unit
cube of the bounds (Sobol initial population, fixed seed), then a Nelder-Mead polish. It never
starts from the current defaults, so refitting after the defaults change gives the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.backtest import base_year_range, history_projection
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.projection import F64

FITTED_KEYS: tuple[str, ...] = (
    "price_sensitivity",
    "lock_in",
    "switching_speed",
    "bass_p",
    "bass_q",
    "sales_life_years",
    "own_silicon",
)
"""Assumption keys fitted to the history; a key the specs do not have is skipped. Adding a
parameter is one line here; its bounds come from its ParamSpec."""

TARGET_COLUMNS = ("year", "vendor_id", "h100e", "h100e_p5", "h100e_p95")
Z95 = 1.6448536269514722
"""Standard-normal 95th percentile: a 5-95 % range spans +-Z95 standard deviations."""


@dataclass(frozen=True)
class Target:
    """Purchases per vendor in a year after the history (e.g. one quarter of it); only their
    split among ``vendor_ids`` is scored."""

    year: int
    vendor_ids: tuple[str, ...]
    h100e: F64
    h100e_p5: F64
    h100e_p95: F64

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Target | None:
        """From the storage layer's calibration-targets table; None when it has no rows."""
        missing = [c for c in TARGET_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(f"calibration targets: missing column(s) {', '.join(missing)}")
        if frame.empty:
            return None
        years = sorted({int(y) for y in frame["year"]})
        if len(years) != 1:
            raise ValueError(f"calibration targets: one year expected, found {years}")
        g = frame.groupby("vendor_id", sort=False)[list(TARGET_COLUMNS[2:])].sum(min_count=1)
        h = g["h100e"].to_numpy(np.float64)
        return cls(years[0], tuple(str(v) for v in g.index), h,
                   g["h100e_p5"].fillna(g["h100e"]).to_numpy(np.float64),
                   g["h100e_p95"].fillna(g["h100e"]).to_numpy(np.float64))

    def shares(self) -> F64:
        out: F64 = self.h100e / self.h100e.sum()
        return out


def fitted_keys(specs: Mapping[str, object], keys: Iterable[str] = FITTED_KEYS) -> tuple[str, ...]:
    """The keys of ``keys`` that ``specs`` has, in order."""
    return tuple(k for k in keys if k in specs)


class Objective:
    """The calibration objective as a function of a point ``u`` in the unit cube of the
    fitted parameters' bounds (``value = lo + u (hi - lo)``)."""

    def __init__(self, dataset: Dataset, target: Target | None = None,
                 assumptions: Assumptions | None = None, keys: Iterable[str] = FITTED_KEYS,
                 base_years: Iterable[int] | None = None):
        first_base, last_base = base_year_range(dataset)  # raises if too short to fit
        self.dataset = dataset
        self.assumptions = assumptions or AssumptionSpecs.for_dataset(dataset).defaults()
        specs = self.assumptions.specs
        self.keys = fitted_keys(specs, keys)
        if not self.keys:
            raise ValueError("calibration: none of the fitted keys is an assumption of this "
                             "dataset")
        self.lo = np.array([specs[k].lo for k in self.keys])
        self.hi = np.array([specs[k].hi for k in self.keys])
        self.last = int(dataset.history_years[-1])
        # The back-test's base years: all of them unless the caller picks some.
        self.origins = tuple(range(first_base, last_base + 1)) if base_years is None else \
            tuple(int(b) for b in base_years)
        bad = [b for b in self.origins if not first_base <= b <= last_base]
        if bad or not self.origins:
            raise ValueError(f"base_years: {bad or 'none'} (allowed {first_base} to {last_base})")
        hist = history_projection(dataset, self.assumptions)
        self.vendor_bought = hist.by_vendor("h100e")[hist.is_history] > 0  # (years, V)
        self.history = {int(y): s for y, s, h in zip(hist.years, hist.vendor_shares("h100e"),
                                                     hist.is_history, strict=True) if h}
        self.target = target
        self._target_index: list[int] = []
        if target is not None:
            unknown = [v for v in target.vendor_ids if v not in dataset.vendor_ids]
            if unknown:
                raise ValueError(f"calibration targets: unknown vendor(s) {', '.join(unknown)}")
            if target.year <= self.last:
                raise ValueError(f"calibration targets: year {target.year} is not after the "
                                 f"history (last year {self.last})")
            self._target_index = [dataset.vendor_ids.index(v) for v in target.vendor_ids]
        self.evaluations = 0

    def values(self, u: Sequence[float] | F64) -> dict[str, float]:
        x = self.lo + np.clip(np.asarray(u, dtype=np.float64), 0.0, 1.0) * (self.hi - self.lo)
        return {k: float(v) for k, v in zip(self.keys, x, strict=True)}

    def unit(self, values: Mapping[str, float]) -> F64:
        x = np.array([values[k] for k in self.keys], dtype=np.float64)
        out: F64 = np.clip((x - self.lo) / (self.hi - self.lo), 0.0, 1.0)
        return out

    def terms(self, values: Mapping[str, float]) -> list[tuple[int, int, float]]:
        """(base year, scored year, squared share error summed over vendors) for each term."""
        a = self.assumptions.replace(dict(values))
        first = int(self.dataset.history_years[0])
        out = []
        for base in self.origins:
            shares = self._shares(a, base, self.last + 1)
            # A vendor nobody had bought from by the base year cannot be foreseen (Huawei
            # in a back-test from 2023, AMD from 2023): the split among the vendors that were
            # on the market is scored.
            known = self.vendor_bought[: base - first + 1].any(axis=0)
            for year in range(base + 1, self.last + 1):
                err = _renorm(shares[year - first][known]) - _renorm(self.history[year][known])
                out.append((base, year, float(err @ err)))
        if self.target is not None:
            s = self._shares(a, self.last, self.target.year)[self.target.year - first]
            s = s[self._target_index]
            total = s.sum()
            err = (s / total if total > 0 else s) - self.target.shares()
            out.append((self.last, self.target.year, float(err @ err)))
        return out

    def _shares(self, a: Assumptions, base: int, horizon: int) -> F64:
        changes = {"base_year": base, "horizon_year": horizon}
        return project(self.dataset, a.replace(changes)).vendor_shares("h100e")

    def __call__(self, u: Sequence[float] | F64) -> float:
        self.evaluations += 1
        terms = self.terms(self.values(u))
        return float(np.mean([t[2] for t in terms]))

    def error(self, values: Mapping[str, float]) -> float:
        """The objective at parameter values (not a unit-cube point)."""
        return float(np.mean([t[2] for t in self.terms(values)]))


def _renorm(x: F64) -> F64:
    total = x.sum()
    out: F64 = x / total if total > 0 else x
    return out


# --- the fit ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FitOptions:
    """How hard the search looks: differential evolution (``popsize`` x the number of
    parameters members, at most ``generations`` generations, a fixed ``seed``), then a
    Nelder-Mead polish of at most ``polish_evaluations`` evaluations. The defaults are the
    shipped fit's; the bootstrap uses a smaller search seeded with the point fit."""

    popsize: int = 8
    generations: int = 80
    polish_evaluations: int = 2000
    seed: int = 0


FIT_OPTIONS = FitOptions()
"""The shipped fit's search (tests may make it smaller)."""


@dataclass(frozen=True)
class Fit:
    """A fitted parameter set."""

    values: dict[str, float]  # unrounded
    rounded: dict[str, float]  # to each assumption's displayed precision: the defaults
    error: float  # objective at ``rounded``
    error_unrounded: float
    evaluations: int


def fit(dataset: Dataset, target: Target | None = None, *,
        assumptions: Assumptions | None = None, keys: Iterable[str] = FITTED_KEYS,
        options: FitOptions | None = None, start: Mapping[str, float] | None = None,
        base_years: Iterable[int] | None = None) -> Fit:
    """Fit the parameters to the history and the target (module docstring: the objective).

    Parameters
    ----------
    dataset, target : what to fit; ``target`` None scores the history only.
    assumptions : the other assumptions (default: the dataset's defaults). The fitted keys'
        own values there do not matter: the search does not start from them.
    keys : candidate keys (default :data:`FITTED_KEYS`); keys the specs lack are skipped.
    options : search effort and seed (default :data:`FIT_OPTIONS`).
    start : parameter values put into the first generation (the bootstrap's point fit).
    base_years : the back-test's base years (default: every one the history allows).

    Raises
    ------
    ValueError : the history is too short to fit, or the target names an unknown vendor.
    """
    options = options or FIT_OPTIONS
    obj = Objective(dataset, target, assumptions, keys, base_years)
    n = len(obj.keys)
    # The objective is rugged (local optimisers from good Sobol points stop in local minima
    # 50 % worse), so a global search first; a fixed seed makes it deterministic.
    found = optimize.differential_evolution(
        obj, [(0.0, 1.0)] * n, seed=options.seed, popsize=options.popsize,
        maxiter=options.generations, tol=1e-7, init="sobol", polish=False,
        x0=None if start is None else obj.unit(start))
    u0 = np.clip(found.x, 0.0, 1.0)
    res = optimize.minimize(obj, u0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * n,
                            options={"initial_simplex": _simplex(u0),
                                     "maxfev": options.polish_evaluations,
                                     "xatol": 1e-5, "fatol": 1e-12})
    best = (float(res.fun), np.clip(res.x, 0.0, 1.0))
    if float(found.fun) < best[0]:
        best = (float(found.fun), u0)
    values = obj.values(best[1])
    specs = obj.assumptions.specs
    rounded = {k: _round(v, specs[k].decimals, specs[k].lo, specs[k].hi)
               for k, v in values.items()}
    return Fit(values, rounded, obj.error(rounded), best[0], obj.evaluations)


def _simplex(u0: F64, step: float = 0.02) -> F64:
    """Nelder-Mead's first simplex: ``u0`` and one step along each axis, inward at a bound
    (scipy's default step is 0.00025 for a coordinate at 0, which stalls on a bound)."""
    n = len(u0)
    out = np.repeat(np.asarray(u0, dtype=np.float64)[None, :], n + 1, axis=0)
    for i in range(n):
        out[i + 1, i] += step if u0[i] + step <= 1.0 else -step
    return out


def _round(value: float, decimals: int, lo: float, hi: float) -> float:
    return float(min(max(round(value, decimals), lo), hi))


# --- identification: bootstrap over the history's 5-95 % ranges -------------------------------
def resample(dataset: Dataset, target: Target | None, rng: np.random.Generator
             ) -> tuple[Dataset, Target | None]:
    """One draw of the history (and target) within their 5-95 % ranges.

    Each row is multiplied by ``exp(z s)``, ``z`` standard normal (independent per row), ``s``
    the log-distance from the median to the 95th percentile over Z95 when ``z > 0`` and to the
    5th when ``z < 0``: a two-piece lognormal through the row's 5th, 50th and 95th percentiles.
    Units, H100e and their percentiles scale together (the row stays valid). Rows without
    percentiles keep their median.
    """
    h = dataset.history.copy()
    factor = _draw(rng, h["h100e"].to_numpy(np.float64), h["h100e_p5"].to_numpy(np.float64),
                   h["h100e_p95"].to_numpy(np.float64))
    for c in ("units", "units_p5", "units_p95", "h100e", "h100e_p5", "h100e_p95"):
        h[c] = h[c] * factor
    drawn = Dataset.from_frames({**dataset.frames, "history": h})
    if target is None:
        return drawn, None
    f = _draw(rng, target.h100e, target.h100e_p5, target.h100e_p95)
    return drawn, Target(target.year, target.vendor_ids, target.h100e * f, target.h100e_p5 * f,
                         target.h100e_p95 * f)


def _draw(rng: np.random.Generator, p50: F64, p5: F64, p95: F64) -> F64:
    z = rng.standard_normal(len(p50))
    with np.errstate(divide="ignore", invalid="ignore"):
        up = np.log(p95 / p50) / Z95
        down = np.log(p50 / p5) / Z95
    sigma = np.where(z > 0, up, down)
    sigma = np.where(np.isfinite(sigma) & (sigma > 0), sigma, 0.0)
    out: F64 = np.exp(z * sigma)
    return out


@dataclass(frozen=True)
class BootstrapJob:
    """One bootstrap draw, as a picklable value (the CLI may run draws in processes)."""

    dataset: Dataset
    target: Target | None
    assumptions: Assumptions | None
    keys: tuple[str, ...]
    seed: int
    draw: int
    start: dict[str, float]
    options: FitOptions


def run_bootstrap_job(job: BootstrapJob) -> dict[str, float]:
    """Resample with the seed ``(seed, draw)`` and refit, the point fit in the first
    generation; returns the refitted (unrounded) values."""
    rng = np.random.default_rng([job.seed, job.draw])
    dataset, target = resample(job.dataset, job.target, rng)
    assumptions = None
    if job.assumptions is not None:  # the same values on the resampled dataset's specs
        specs = AssumptionSpecs.for_dataset(dataset)
        assumptions = specs.defaults().replace(
            {k: v for k, v in job.assumptions.changed().items() if k in specs})
    result = fit(dataset, target, assumptions=assumptions, keys=job.keys, options=job.options,
                 start=job.start)
    return result.values


Mapper = Callable[[Callable[[BootstrapJob], dict[str, float]], Iterable[BootstrapJob]],
                  Iterable[dict[str, float]]]
"""Runs the bootstrap's jobs: ``map``, or an executor's ``map``."""

BOOTSTRAP_OPTIONS = FitOptions(popsize=6, generations=40, polish_evaluations=1000)
"""Each bootstrap refit's search: smaller, and seeded with the point fit."""


def bootstrap_jobs(dataset: Dataset, target: Target | None, point: Fit, *, draws: int = 30,
                   seed: int = 0, assumptions: Assumptions | None = None,
                   options: FitOptions | None = None) -> list[BootstrapJob]:
    """The jobs of a bootstrap of ``draws`` draws (run them with :func:`run_bootstrap_job`)."""
    if draws < 1:
        raise ValueError(f"draws: {draws} must be at least 1")
    keys = tuple(point.values)
    return [BootstrapJob(dataset, target, assumptions, keys, seed, i, dict(point.values),
                         options or BOOTSTRAP_OPTIONS) for i in range(draws)]


def bootstrap(dataset: Dataset, target: Target | None, point: Fit, *, draws: int = 30,
              seed: int = 0, assumptions: Assumptions | None = None,
              options: FitOptions | None = None, mapper: Mapper = map) -> pd.DataFrame:
    """Refit on ``draws`` resampled histories (:func:`resample`, seeded) and return each
    parameter's spread (:func:`ranges`). ``mapper`` runs the jobs (``map``, or an executor's
    ``map`` to use several processes); the result does not depend on it."""
    jobs = bootstrap_jobs(dataset, target, point, draws=draws, seed=seed,
                          assumptions=assumptions, options=options)
    return ranges(point, pd.DataFrame(list(mapper(run_bootstrap_job, jobs))))


def ranges(point: Fit, draws: pd.DataFrame) -> pd.DataFrame:
    """parameter, fitted (rounded point fit), p5, p50, p95 over the draws (one row each)."""
    rows = []
    for key, fitted in point.rounded.items():
        p5, p50, p95 = np.percentile(draws[key].to_numpy(np.float64), [5, 50, 95])
        rows.append((key, fitted, float(p5), float(p50), float(p95)))
    return pd.DataFrame(rows, columns=["parameter", "fitted", "p5", "p50", "p95"])
