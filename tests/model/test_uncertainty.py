"""Ranges on inputs: distributions, checks and the default ranges with their sources."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.fitted import RANGES
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.uncertainty import (
    FIRMNESS_SPREAD,
    Z95,
    Range,
    check_range,
    default_ranges,
    range_from_mapping,
    varying_keys,
)

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
VALUES = SPECS.defaults()
U = np.linspace(0.0005, 0.9995, 2000)


def test_uniform_and_triangular_stay_within_low_and_high() -> None:
    u = Range("lock_in", "uniform", 1.0, 3.0).ppf(U, 0, 5)
    assert u.min() >= 1.0 and u.max() <= 3.0
    assert np.median(u) == pytest.approx(2.0, abs=0.01)
    t = Range("lock_in", "triangular", 1.0, 3.0, 1.5).ppf(U, 0, 5)
    assert t.min() >= 1.0 and t.max() <= 3.0
    # the CDF of a triangular at its mode is (m - a) / (b - a) = 0.25
    assert np.mean(t <= 1.5) == pytest.approx(0.25, abs=0.01)


def test_triangular_mode_none_is_the_current_value() -> None:
    r = Range("lock_in", "triangular", 1.0, 3.0)
    assert np.mean(r.ppf(U, 0, 5, current=2.5) <= 2.5) == pytest.approx(0.75, abs=0.01)
    # a current value outside [low, high] is clipped into it
    assert r.ppf(U, 0, 5, current=4.0).max() <= 3.0


def test_normal_and_lognormal_low_high_are_the_5th_and_95th_percentiles() -> None:
    for dist in ("normal", "lognormal"):
        r = Range("lock_in", dist, 1.0, 3.0)  # type: ignore[arg-type]
        p5, p95 = r.ppf(np.array([0.05, 0.95]), -100, 100)
        assert (p5, p95) == pytest.approx((1.0, 3.0))
    ln = Range("lock_in", "lognormal", 1.0, 4.0).ppf(np.array([0.5]), 0, 100)
    assert ln[0] == pytest.approx(2.0)  # geometric mean


def test_normal_is_truncated_to_the_assumption_bounds_not_piled_on_them() -> None:
    r = Range("switching_speed", "normal", 0.0, 1.0)
    x = r.ppf(U, 0.0, 1.0)
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert np.mean(x == 0.0) < 0.01 and np.mean(x == 1.0) < 0.01
    assert np.all(np.diff(x) >= 0)  # monotone in u


def test_z95_is_the_normal_95th_percentile() -> None:
    from scipy.special import ndtri

    assert pytest.approx(float(ndtri(0.95)), abs=1e-15) == Z95


def test_ppf_is_vectorised_over_any_shape() -> None:
    u = np.random.default_rng(0).random((7, 3))
    out = Range("lock_in", "triangular", 0.5, 2.0, 1.0).ppf(u, 0, 5)
    assert out.shape == (7, 3)


@pytest.mark.parametrize(("r", "cause"), [
    (Range("lock_in", "uniform", 3.0, 1.0), "range low 3 is above its high 1"),
    (Range("lock_in", "uniform", 1.0, 9.0), "range high 9 is outside the assumption's bounds"),
    (Range("lock_in", "beta", 1.0, 2.0), "unknown distribution 'beta'"),  # type: ignore[arg-type]
    (Range("lock_in", "lognormal", 0.0, 2.0), "log-normal range needs a low above 0"),
    (Range("lock_in", "triangular", 1.0, 2.0, 3.0), "range mode 3 is outside"),
    (Range("lock_in", "uniform", math.nan, 2.0), "range low nan is not a finite number"),
    (Range("base_year", "uniform", 2023.0, 2024.0), "cannot carry a range"),
])
def test_check_range_names_the_key_and_the_cause(r: Range, cause: str) -> None:
    with pytest.raises(ValueError) as info:
        check_range(SPECS[r.key], r)
    assert str(info.value).startswith(f"{r.key}: ")
    assert cause in str(info.value)


def test_range_from_mapping_checks_fields() -> None:
    r = range_from_mapping("lock_in", {"dist": "uniform", "low": 1, "high": 2}, SPECS)
    assert r == Range("lock_in", "uniform", 1.0, 2.0, None, "user")
    with pytest.raises(ValueError, match="unknown assumption 'lock_inn'"):
        range_from_mapping("lock_inn", {"dist": "uniform", "low": 1, "high": 2}, SPECS)
    with pytest.raises(ValueError, match="lock_in: unknown range field 'hgh'"):
        range_from_mapping("lock_in", {"dist": "uniform", "low": 1, "hgh": 2}, SPECS)
    with pytest.raises(ValueError, match="lock_in: the range has no 'high'"):
        range_from_mapping("lock_in", {"dist": "uniform", "low": 1}, SPECS)
    with pytest.raises(ValueError, match="lock_in: range low 'x' is text; write a number without "
                       r"quotes$"):
        range_from_mapping("lock_in", {"dist": "uniform", "low": "x", "high": 2}, SPECS)


def test_varying_keys_leave_out_switches_and_the_years() -> None:
    keys = varying_keys(SPECS)
    assert "lock_in" in keys and "vendor.v0.price_change_pct" in keys
    assert "base_year" not in keys and "horizon_year" not in keys
    assert not any(SPECS[k].kind == "bool" for k in keys)


def test_default_ranges_are_valid_and_sourced() -> None:
    ranges = default_ranges(DATASET, SPECS, VALUES)
    assert ranges
    for key, r in ranges.items():
        assert r.key == key and r.source
        assert key in varying_keys(SPECS)
        check_range(SPECS[key], r)


def test_calibration_ranges_span_the_bootstrap_within_the_bounds() -> None:
    ranges = default_ranges(DATASET, SPECS, VALUES)
    for key, (p5, _, p95) in RANGES.items():
        r = ranges[key]
        spec = SPECS[key]
        assert r.dist == "triangular" and "calibration" in r.source
        assert r.low == pytest.approx(max(spec.lo, p5))
        assert r.high == pytest.approx(min(spec.hi, p95))


def test_deal_size_ranges_widen_as_firmness_falls() -> None:
    frames = dict(DATASET.frames)
    deals = frames["deals"] = frames["deals"].copy()
    deals["firmness"] = ["loi", "up_to"]
    dataset = Dataset.from_frames(frames)
    ranges = default_ranges(dataset, SPECS, VALUES)
    seen = set()
    for did, firm in zip(deals["deal_id"], deals["firmness"], strict=True):
        key = f"deal.{did}.size_h100e_per_year"
        if key not in ranges:
            continue
        size = VALUES[key]
        lo_f, hi_f, text = FIRMNESS_SPREAD[firm]
        assert ranges[key].low == pytest.approx(size * lo_f)
        assert ranges[key].high == pytest.approx(size * hi_f)
        assert ranges[key].source == text
        seen.add(firm)
    assert seen == {"loi", "up_to"}
    plain = default_ranges(DATASET, SPECS, VALUES)  # no firmness given: a firm order
    assert plain["deal.d0.size_h100e_per_year"].source == FIRMNESS_SPREAD["firm"][2]
    widths = {f: hi - lo for f, (lo, hi, _) in FIRMNESS_SPREAD.items()}
    assert widths["firm"] < widths["up_to"] < widths["loi"]


def test_a_switched_off_deal_has_no_range() -> None:
    key = next(k for k in default_ranges(DATASET, SPECS, VALUES) if k.startswith("deal."))
    did = key.split(".")[1]
    off = VALUES.replace({f"deal.{did}.enabled": 0.0})
    assert key not in default_ranges(DATASET, SPECS, off)


@st.composite
def _ranges(draw: st.DrawFn) -> tuple[Range, float, float]:
    lo = draw(st.floats(-1e3, 1e3))
    hi = lo + draw(st.floats(1e-3, 1e3))
    a = draw(st.floats(lo, hi))
    b = draw(st.floats(a, hi))
    dist = draw(st.sampled_from(["uniform", "triangular", "normal", "lognormal"]))
    if dist == "lognormal" and a <= 0:
        a, b = max(a, 1e-3), max(b, 1e-3) + 1e-3
        hi = max(hi, b)
    mode = draw(st.one_of(st.none(), st.floats(a, b))) if dist == "triangular" else None
    return Range("k", dist, a, b, mode), lo, hi


@settings(max_examples=200, deadline=None)
@given(_ranges())
def test_ppf_is_monotone_and_within_the_bounds(case: tuple[Range, float, float]) -> None:
    r, lo, hi = case
    x = r.ppf(U, lo, hi)
    assert np.all(np.isfinite(x))
    assert x.min() >= lo and x.max() <= hi
    assert np.all(np.diff(x) >= -1e-9 * max(1.0, abs(hi)))
    if r.dist in ("uniform", "triangular"):
        assert x.min() >= r.low - 1e-9 and x.max() <= r.high + 1e-9


def test_epoch_ranges_scale_the_base_year_budget_by_epochs_percentiles() -> None:
    from chipscope.model.engine import project
    from chipscope.model.uncertainty import epoch_ranges

    ranges = epoch_ranges(DATASET, SPECS, VALUES)
    r = ranges["adopter.a0.base_demand_h100e"]
    assert r.dist == "lognormal" and r.source.startswith("Epoch 5-95 %")
    # the synthetic history's 5th and 95th percentiles are 0.6 and 1.6 times its median
    assert r.high / r.low == pytest.approx(1.6 / 0.6)
    centre = r.low / 0.6  # the history's own budget (percentiles rounded to 3 decimals)
    same = project(DATASET, VALUES.replace({"adopter.a0.base_demand_h100e": centre}))
    np.testing.assert_allclose(same.h100e, project(DATASET, VALUES).h100e, rtol=1e-6)


def test_no_epoch_range_where_the_budgets_table_sets_the_first_projected_year() -> None:
    from chipscope.model.uncertainty import epoch_ranges

    frames = dict(DATASET.frames)
    frames["budgets"] = frames["budgets"].iloc[:0].copy()
    frames["budgets"].loc[0] = ["a0", 2026, 1e9, "test", frames["sources"].iloc[0, 0], "low"]
    ranges = epoch_ranges(Dataset.from_frames(frames), SPECS, VALUES)
    assert "adopter.a0.base_demand_h100e" not in ranges
    assert "adopter.a1.base_demand_h100e" in ranges
