"""The vectorised ensemble (issue #12): project_many against a loop of project(), sampling,
percentiles, reproducibility and bad input. Needs no Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions, AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.ensemble import (
    MEASURES,
    QUANTILES,
    draws_for,
    project_many,
    run_ensemble,
    sample_unit,
)
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.tasks import TaskCancelled, TaskContext
from chipscope.storage import load_dataset

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "chipscope.db"
SYNTHETIC = synthetic_dataset(n_adopters=6, n_chips=14, n_vendors=4, seed=3)


@dataclass(frozen=True)
class StandIn:
    """A uniform range with the interface of chipscope.model.uncertainty.Range."""

    key: str
    low: float
    high: float
    source: str = "user"

    def ppf(self, u: F64, lo: float, hi: float, current: float = math.nan) -> F64:
        out: F64 = np.clip(self.low + u * (self.high - self.low), lo, hi)
        return out


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    if not BUNDLED.exists():
        pytest.skip("data/chipscope.db not built")
    return load_dataset(BUNDLED)


def varying(specs: AssumptionSpecs) -> list[str]:
    return [k for k, s in specs.items()
            if k not in ("base_year", "horizon_year") and s.kind != "bool"]


def random_draws(dataset: Dataset, n: int, seed: int) -> dict[str, F64]:
    """Every key that may vary, drawn so that caps, minimum shares and "none" all occur."""
    specs = AssumptionSpecs.for_dataset(dataset)
    rng = np.random.default_rng(seed)
    market = float(dataset.history_cube("h100e").sum(axis=(1, 2))[-1])
    out = {}
    for k in varying(specs):
        s = specs[k]
        if k.endswith("supply_cap_h100e"):
            v = market * 10 ** rng.uniform(-2.5, 0.5, n)
        elif k.endswith("base_demand_h100e"):
            v = market * 10 ** rng.uniform(-3, -0.5, n)
        elif k.endswith("size_h100e_per_year"):
            v = rng.uniform(0, 4 * s.default + 1, n)
        elif ".min_share." in k:
            v = np.where(rng.uniform(size=n) < 0.8, 0.0, rng.uniform(0, 60, n))
        elif k.endswith("_pct") and s.hi > 100:
            v = rng.uniform(max(s.lo, -40), 100, n)
        else:
            v = rng.uniform(s.lo, s.hi, n)
        v = np.clip(v, s.lo, s.hi)
        if s.optional:
            v = np.where(rng.uniform(size=n) < 0.3, math.nan, v)
        out[k] = v
    return out


def loop(dataset: Dataset, base: Assumptions, draws: dict[str, F64]) -> dict[str, F64]:
    """(N, Y, V) per measure from a Python loop of single project() runs."""
    n = len(next(iter(draws.values())))
    runs = [project(dataset, base.replace({k: float(v[i]) for k, v in draws.items()}))
            for i in range(n)]
    out = {m: np.stack([p.by_vendor(m) for p in runs]) for m in ("h100e", "units", "spend_usd")}
    out["share"] = np.stack([p.vendor_shares("h100e") for p in runs])
    return out


@pytest.mark.parametrize("which", ["synthetic", "bundled"])
def test_project_many_equals_a_loop_of_project(which: str, request: pytest.FixtureRequest
                                               ) -> None:
    ds = SYNTHETIC if which == "synthetic" else request.getfixturevalue("bundled")
    base = AssumptionSpecs.for_dataset(ds).defaults()
    draws = random_draws(ds, 20, seed=1)
    assert set(draws) == set(varying(base.specs))  # every key that may vary does
    many = project_many(ds, base, draws, chunk=7)  # chunks of 7, 7 and 6 draws
    ref = loop(ds, base, draws)
    for m in MEASURES:
        got = getattr(many, m)
        assert got.shape == ref[m].shape
        scale = np.abs(ref[m]).max(axis=2, keepdims=True) + 1e-300
        assert np.max(np.abs(got - ref[m]) / scale) <= 1e-9, m
    # The draws really differ: caps bind somewhere, shares spread.
    assert np.ptp(many.share[:, -1], axis=0).max() > 0.05


@pytest.mark.parametrize("changes", [{"base_year": 2023, "horizon_year": 2027},
                                     {"horizon_year": 2040}])
def test_project_many_from_other_years(bundled: Dataset, changes: dict[str, float]) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults().replace(changes)
    draws = random_draws(bundled, 8, seed=9)
    many = project_many(bundled, base, draws, chunk=3)
    ref = loop(bundled, base, draws)
    assert many.years[-1] == changes["horizon_year"]
    for m in MEASURES:
        scale = np.abs(ref[m]).max(axis=2, keepdims=True) + 1e-300
        assert np.max(np.abs(getattr(many, m) - ref[m]) / scale) <= 1e-9, m


@pytest.mark.parametrize("shape", [(3, 5, 3, 0), (8, 20, 6, 1), (2, 12, 5, 2), (5, 9, 2, 4)])
def test_project_many_on_other_datasets(shape: tuple[int, int, int, int]) -> None:
    adopters, chips, vendors, seed = shape
    ds = synthetic_dataset(n_adopters=adopters, n_chips=chips, n_vendors=vendors, seed=seed)
    base = AssumptionSpecs.for_dataset(ds).defaults()
    draws = random_draws(ds, 6, seed=seed)
    many = project_many(ds, base, draws, chunk=4)
    ref = loop(ds, base, draws)
    for m in MEASURES:
        scale = np.abs(ref[m]).max(axis=2, keepdims=True) + 1e-300
        assert np.max(np.abs(getattr(many, m) - ref[m]) / scale) <= 1e-9, m


def test_chunking_does_not_change_results(bundled: Dataset) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults()
    draws = random_draws(bundled, 12, seed=5)
    one = project_many(bundled, base, draws, chunk=1)
    all_ = project_many(bundled, base, draws, chunk=100)
    for m in MEASURES:
        np.testing.assert_allclose(getattr(one, m), getattr(all_, m), rtol=1e-12, atol=0)


def test_shares_sum_to_one_per_draw(bundled: Dataset) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults()
    many = project_many(bundled, base, random_draws(bundled, 30, seed=2))
    np.testing.assert_allclose(many.share.sum(axis=2), 1.0, rtol=1e-12)
    # History years are the history's, the same in every draw.
    assert (many.h100e[:, many.is_history] == many.h100e[0, many.is_history]).all()


def test_no_draws_is_one_run_of_project() -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    many = project_many(SYNTHETIC, base, {})
    assert many.n == 1
    np.testing.assert_allclose(many.spend_usd[0], project(SYNTHETIC, base).by_vendor(
        "spend_usd"), rtol=1e-12)


@pytest.mark.parametrize("key", ["base_year", "horizon_year"])
def test_keys_that_cannot_vary_are_named(key: str) -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    with pytest.raises(ValueError, match=f"{key}: cannot vary per draw"):
        project_many(SYNTHETIC, base, {key: np.array([2030.0, 2031.0]),
                                       "lock_in": np.array([1.0, 2.0])})


def test_switches_cannot_vary() -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    switch = next(k for k, s in base.specs.items() if s.kind == "bool")
    with pytest.raises(ValueError, match=f"{switch}: cannot vary per draw"):
        project_many(SYNTHETIC, base, {switch: np.array([0.0, 1.0])})


@pytest.mark.parametrize(("draws", "message"), [
    ({"lock_in": np.array([1.0, 99.0])}, "lock_in: draw value 99 is out of range"),
    ({"lock_in": np.array([1.0, math.nan])}, "lock_in: draw value none is out of range"),
    ({"lock_in": np.array([1.0, 2.0]), "bass_q": np.array([1.0])}, "same N"),
    ({"lock_in": np.array([])}, "non-empty"),
    ({"lock_inn": np.array([1.0])}, "unknown assumption lock_inn"),
])
def test_bad_draws_are_named(draws: dict[str, F64], message: str) -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    with pytest.raises(ValueError, match=message):
        project_many(SYNTHETIC, base, draws)


# --- sampling -----------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_sample_unit_is_seeded_and_inside_the_cube(method: str) -> None:
    u = sample_unit(5, 100, seed=7, method=method)  # type: ignore[arg-type]
    assert u.shape == (100, 5)
    assert (u > 0).all() and (u < 1).all()
    np.testing.assert_array_equal(u, sample_unit(5, 100, 7, method))  # type: ignore[arg-type]
    assert not np.array_equal(u, sample_unit(5, 100, 8, method))  # type: ignore[arg-type]


def test_latin_hypercube_fills_every_stratum() -> None:
    n = 50
    u = sample_unit(3, n, seed=1, method="lhs")
    for j in range(3):
        assert sorted(np.floor(u[:, j] * n).astype(int)) == list(range(n))


def test_sobol_takes_any_draw_count_without_a_warning() -> None:
    # pytest turns warnings into errors: scipy warns on random(n) for n not a power of 2.
    assert sample_unit(2, 10, seed=1, method="sobol").shape == (10, 2)


@pytest.mark.parametrize(("k", "n", "method", "message"), [
    (2, 0, "lhs", "draws: 0 must be at least 1"),
    (2, -5, "lhs", "draws: -5 must be at least 1"),
    (2, 10, "halton", "method: 'halton' is not one of lhs, sobol"),
])
def test_sample_unit_bad_input(k: int, n: int, method: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sample_unit(k, n, 1, method)  # type: ignore[arg-type]


# --- run_ensemble -------------------------------------------------------------------------
def ranges_for(dataset: Dataset) -> dict[str, StandIn]:
    deal = next(k for k in AssumptionSpecs.for_dataset(dataset) if k.endswith("size_h100e_"
                                                                            "per_year"))
    return {"lock_in": StandIn("lock_in", 0.5, 2.5),
            "price_sensitivity": StandIn("price_sensitivity", 0.5, 2.0),
            "switching_speed": StandIn("switching_speed", 0.2, 0.8),
            "bass_q": StandIn("bass_q", 0.5, 1.5),
            deal: StandIn(deal, 0.0, 2e5)}


def test_percentiles_equal_a_loop_of_single_runs(bundled: Dataset) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults()
    ranges = ranges_for(bundled)
    result = run_ensemble(bundled, base, ranges, 24, seed=3, method="lhs", chunk=10)
    ref = loop(bundled, base, draws_for(bundled, base, ranges, 24, 3, "lhs"))
    proj = ~result.is_history
    for m in MEASURES:
        expected = np.percentile(ref[m][:, proj], QUANTILES, axis=0)
        np.testing.assert_allclose(result.measure(m)[:, proj], expected, rtol=1e-9,
                                   atol=1e-9 * np.abs(expected).max())
        # History years: the history's value in every percentile (no spread).
        np.testing.assert_allclose(result.measure(m)[:, ~proj],
                                   np.broadcast_to(ref[m][0, ~proj], (5, int((~proj).sum()),
                                                                      ref[m].shape[2])))
    assert result.quantiles == (5, 25, 50, 75, 95) and result.n == 24


@pytest.mark.parametrize("method", ["lhs", "sobol"])
def test_bands_are_ordered(bundled: Dataset, method: str) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults()
    result = run_ensemble(bundled, base, ranges_for(bundled), 64, seed=1,
                          method=method)  # type: ignore[arg-type]
    for m in MEASURES:
        bands = result.measure(m)
        assert (np.diff(bands, axis=0) >= 0).all(), m
    assert (result.share[0, -1] < result.share[-1, -1]).any()  # a real spread


def test_same_seed_same_result_other_seed_other_result() -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    ranges = ranges_for(SYNTHETIC)
    a = run_ensemble(SYNTHETIC, base, ranges, 40, seed=11)
    b = run_ensemble(SYNTHETIC, base, dict(reversed(list(ranges.items()))), 40, seed=11)
    c = run_ensemble(SYNTHETIC, base, ranges, 40, seed=12)
    for m in MEASURES:
        np.testing.assert_array_equal(a.measure(m), b.measure(m))
    assert not np.array_equal(a.share, c.share)


def test_basis_converts_the_draws_as_project_on_basis_does(bundled: Dataset) -> None:
    from chipscope.model.basis import project_on_basis

    base = AssumptionSpecs.for_dataset(bundled).defaults()
    ranges = ranges_for(bundled)
    result = run_ensemble(bundled, base, ranges, 8, seed=4, basis="8bit", chunk=3)
    draws = draws_for(bundled, base, ranges, 8, 4, "lhs")
    runs = [project_on_basis(bundled, base.replace({k: float(v[i]) for k, v in draws.items()}),
                             "8bit").by_vendor("h100e") for i in range(8)]
    np.testing.assert_allclose(result.h100e, np.percentile(np.stack(runs), QUANTILES, axis=0),
                               rtol=1e-9, atol=1e-3)


def test_history_spread_uses_epochs_ranges(bundled: Dataset) -> None:
    base = AssumptionSpecs.for_dataset(bundled).defaults()
    ranges = {"lock_in": StandIn("lock_in", 1.0, 2.0, source="Epoch 5-95 %: stand-in")}
    result = run_ensemble(bundled, base, ranges, 16, seed=1)
    assert result.history_spread
    hist = result.is_history
    p5, p50, p95 = result.h100e[0, hist], result.h100e[2, hist], result.h100e[4, hist]
    assert (p5 <= p50).all() and (p50 <= p95).all() and (p5 < p95).any()
    plain = run_ensemble(bundled, base, ranges, 16, seed=1, history_spread=False)
    assert (plain.h100e[0, hist] == plain.h100e[4, hist]).all()


def test_without_ranges_every_percentile_is_the_projection() -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    result = run_ensemble(SYNTHETIC, base, {}, 50, seed=1)
    assert result.n == 50 and result.keys == ()
    expected = project(SYNTHETIC, base).by_vendor("units")
    for q in range(5):
        np.testing.assert_allclose(result.units[q], expected, rtol=1e-12)


@pytest.mark.parametrize(("n", "message"), [
    (0, "draws: 0 must be a whole number of at least 1"),
    (-3, "draws: -3 must be"),
    (True, "draws: True must be"),
    (10**9, r"draws: 1,000,000,000 draws would need about [0-9.]+ GB of memory"),
])
def test_bad_draw_counts(n: int, message: str) -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    with pytest.raises(ValueError, match=message):
        run_ensemble(SYNTHETIC, base, ranges_for(SYNTHETIC), n, seed=1)


def test_progress_and_cancel_between_chunks() -> None:
    base = AssumptionSpecs.for_dataset(SYNTHETIC).defaults()
    seen: list[float] = []
    run_ensemble(SYNTHETIC, base, ranges_for(SYNTHETIC), 40, 1, ctx=TaskContext(seen.append),
                 chunk=10)
    assert seen == [0.25, 0.5, 0.75, 1.0]
    ctx = TaskContext()
    ctx.cancel()
    with pytest.raises(TaskCancelled):
        run_ensemble(SYNTHETIC, base, ranges_for(SYNTHETIC), 40, 1, ctx=ctx, chunk=10)
