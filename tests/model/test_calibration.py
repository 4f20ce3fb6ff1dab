"""Calibration: the objective, recovery of known parameters, the seeded bootstrap, the
generated module, and bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chipscope.model import calibration as cal
from chipscope.model import fitted_source
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset, synthetic_frames

TRUE = {"price_sensitivity": 2.0, "lock_in": 0.8, "switching_speed": 0.4}
QUICK = cal.FitOptions(popsize=5, generations=12, polish_evaluations=60)


def _generated(n_generated: int = 2) -> Dataset:
    """A synthetic dataset whose last ``n_generated`` history years are the engine's own
    projection from the year before them at :data:`TRUE`: a fit from that base year must
    find :data:`TRUE` again."""
    frames = synthetic_frames(n_history_years=2, n_deals=0, seed=3)
    ds = Dataset.from_frames(frames)
    a = AssumptionSpecs.for_dataset(ds).defaults().replace(
        {**TRUE, "base_year": 2023, "horizon_year": 2023 + n_generated})
    proj = project(ds, a)
    rows = []
    per_unit = dict(zip(ds.chip_ids, ds.h100e_per_unit, strict=True))
    for t, year in enumerate(proj.years):
        if year <= 2023:
            continue
        for i, adopter in enumerate(proj.adopter_ids):
            for c, chip in enumerate(proj.chip_ids):
                h = float(proj.h100e[t, i, c])
                if h > 1e-6:
                    rows.append({"year": str(year), "adopter_id": adopter, "chip_id": chip,
                                 "units": repr(float(h / per_unit[chip])), "units_p5": "",
                                 "units_p95": "", "h100e": repr(h), "h100e_p5": "",
                                 "h100e_p95": "", "derivation": "engine at TRUE",
                                 "source_id": "synthetic", "confidence": "low"})
    frames["history"] = pd.concat([frames["history"], pd.DataFrame(rows).astype(str)],
                                  ignore_index=True)
    return Dataset.from_frames(frames)


def _target(ds: Dataset, year: int = 2026) -> cal.Target:
    frame = pd.DataFrame({"year": [year, year], "vendor_id": ds.vendor_ids[:2],
                          "h100e": [300.0, 100.0], "h100e_p5": [200.0, 50.0],
                          "h100e_p95": [400.0, 200.0]})
    target = cal.Target.from_frame(frame)
    assert target is not None
    return target


# --- the objective ----------------------------------------------------------------------------
def test_objective_is_zero_at_the_generating_parameters() -> None:
    ds = _generated()
    obj = cal.Objective(ds, keys=TRUE, base_years=[2023])
    assert obj.keys == tuple(TRUE)
    assert obj.error(TRUE) == pytest.approx(0.0, abs=1e-12)
    assert obj.error({**TRUE, "lock_in": 2.0}) > 1e-4
    terms = obj.terms(TRUE)
    assert [(b, y) for b, y, _ in terms] == [(2023, 2024), (2023, 2025)]


def test_fit_recovers_known_parameters() -> None:
    result = cal.fit(_generated(), keys=TRUE, base_years=[2023],
                     options=cal.FitOptions(popsize=6, generations=30, polish_evaluations=400))
    for key, value in TRUE.items():
        assert result.values[key] == pytest.approx(value, rel=0.02, abs=0.01), key
    assert result.error_unrounded < 1e-8
    assert set(result.rounded) == set(TRUE)


def test_fit_is_deterministic_and_ignores_the_current_defaults() -> None:
    ds = _generated()
    a = AssumptionSpecs.for_dataset(ds).defaults()
    one = cal.fit(ds, keys=TRUE, base_years=[2023], options=QUICK)
    two = cal.fit(ds, keys=TRUE, base_years=[2023], options=QUICK,
                  assumptions=a.replace({"price_sensitivity": 7, "lock_in": 0.1}))
    assert one == two


def test_terms_cover_every_base_year_and_the_target() -> None:
    ds = synthetic_dataset()  # history 2022-2025
    obj = cal.Objective(ds, _target(ds))
    defaults = AssumptionSpecs.for_dataset(ds).defaults()
    terms = obj.terms({k: defaults[k] for k in obj.keys})
    assert [(b, y) for b, y, _ in terms] == [(2023, 2024), (2023, 2025), (2024, 2025),
                                             (2025, 2026)]
    assert all(e >= 0 for *_, e in terms)


def test_fitted_keys_skip_what_the_specs_lack() -> None:
    specs = AssumptionSpecs.for_dataset(synthetic_dataset())
    keys = cal.fitted_keys(specs, (*cal.FITTED_KEYS, "no_such_parameter"))
    assert keys == cal.FITTED_KEYS
    obj = cal.Objective(synthetic_dataset(), keys=("no_such_parameter", "lock_in"))
    assert obj.keys == ("lock_in",)
    assert obj.lo[0] == specs["lock_in"].lo and obj.hi[0] == specs["lock_in"].hi


def test_unit_cube_round_trip() -> None:
    obj = cal.Objective(synthetic_dataset())
    values = obj.values(np.full(len(obj.keys), 0.25))
    np.testing.assert_allclose(obj.unit(values), 0.25)
    assert obj.values(np.full(len(obj.keys), 2.0)) == obj.values(np.ones(len(obj.keys)))


# --- bad inputs -------------------------------------------------------------------------------
def test_history_too_short() -> None:
    with pytest.raises(ValueError, match="too short"):
        cal.Objective(synthetic_dataset(n_history_years=2))


@pytest.mark.parametrize(("frame", "words"), [
    (pd.DataFrame({"year": [2026], "vendor_id": ["v0"]}), "missing column"),
    (pd.DataFrame({"year": [2026, 2027], "vendor_id": ["v0", "v1"], "h100e": [1.0, 2.0],
                   "h100e_p5": [1.0, 2.0], "h100e_p95": [1.0, 2.0]}), "one year"),
])
def test_bad_target_frames(frame: pd.DataFrame, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        cal.Target.from_frame(frame)


def test_empty_target_is_none() -> None:
    assert cal.Target.from_frame(pd.DataFrame(columns=list(cal.TARGET_COLUMNS))) is None


def test_target_must_name_known_vendors_after_the_history() -> None:
    ds = synthetic_dataset()
    bad = cal.Target(2026, ("nvidia",), np.ones(1), np.ones(1), np.ones(1))
    with pytest.raises(ValueError, match="unknown vendor"):
        cal.Objective(ds, bad)
    with pytest.raises(ValueError, match="not after the history"):
        cal.Objective(ds, _target(ds, year=2025))
    with pytest.raises(ValueError, match="base_years"):
        cal.Objective(ds, base_years=[2022])


def test_target_shares_and_missing_percentiles() -> None:
    frame = pd.DataFrame({"year": [2026, 2026], "vendor_id": ["v0", "v1"],
                          "h100e": [3.0, 1.0], "h100e_p5": [math.nan, 0.5],
                          "h100e_p95": [math.nan, 2.0]})
    target = cal.Target.from_frame(frame)
    assert target is not None
    np.testing.assert_allclose(target.shares(), [0.75, 0.25])
    assert target.h100e_p5[0] == 3.0  # no percentile: the median stands in


# --- bootstrap --------------------------------------------------------------------------------
def test_resample_is_seeded_and_stays_within_a_row_valid() -> None:
    ds = synthetic_dataset()
    target = _target(ds)
    one, t1 = cal.resample(ds, target, np.random.default_rng(5))
    two, t2 = cal.resample(ds, target, np.random.default_rng(5))
    other, _ = cal.resample(ds, target, np.random.default_rng(6))
    pd.testing.assert_frame_equal(one.history, two.history)
    assert t1 is not None and t2 is not None
    np.testing.assert_array_equal(t1.h100e, t2.h100e)
    assert not np.allclose(one.history["h100e"], other.history["h100e"])
    ratio = one.history["h100e"] / ds.history["h100e"]
    np.testing.assert_allclose(one.history["units"] / ds.history["units"], ratio)
    # Synthetic percentiles are 0.6x and 1.6x the median: draws spread around 1 within a
    # few of those ranges, and about 90 % of them fall inside the 5-95 % range.
    inside = ((ratio >= 0.6) & (ratio <= 1.6)).mean()
    assert 0.75 < inside < 1.0 and ratio.min() > 0.1


def test_rows_without_percentiles_keep_their_median() -> None:
    frames = synthetic_frames()
    frames["history"].loc[0, ["units_p5", "units_p95", "h100e_p5", "h100e_p95"]] = ""
    ds = Dataset.from_frames(frames)
    drawn, _ = cal.resample(ds, None, np.random.default_rng(0))
    assert drawn.history.loc[0, "h100e"] == ds.history.loc[0, "h100e"]


def test_bootstrap_is_seeded_and_reproducible() -> None:
    ds = _generated()
    point = cal.fit(ds, keys=TRUE, base_years=[2023], options=QUICK)
    jobs = cal.bootstrap_jobs(ds, None, point, draws=2, seed=11, options=QUICK)
    assert [j.keys for j in jobs] == [tuple(TRUE)] * 2
    first = [cal.run_bootstrap_job(j) for j in jobs]
    again = [cal.run_bootstrap_job(j) for j in jobs]
    assert first == again
    assert first[0] != first[1]  # two draws, two histories
    spread = cal.ranges(point, pd.DataFrame(first))
    assert list(spread.columns) == ["parameter", "fitted", "p5", "p50", "p95"]
    assert list(spread["parameter"]) == list(TRUE)
    assert (spread["p5"] <= spread["p50"]).all() and (spread["p50"] <= spread["p95"]).all()


def test_bootstrap_frame_and_mapper() -> None:
    ds = synthetic_dataset()
    point = cal.fit(ds, keys=("lock_in",), options=QUICK, base_years=[2024])
    calls: list[int] = []

    def mapper(func, items):  # type: ignore[no-untyped-def]
        out = [func(i) for i in items]
        calls.append(len(out))
        return out

    a = cal.bootstrap(ds, None, point, draws=3, seed=1, options=QUICK, mapper=mapper)
    b = cal.bootstrap(ds, None, point, draws=3, seed=1, options=QUICK)
    pd.testing.assert_frame_equal(a, b)
    assert calls == [3]
    with pytest.raises(ValueError, match="draws"):
        cal.bootstrap(ds, None, point, draws=0)


# --- the generated module ---------------------------------------------------------------------
def test_fitted_module_source_is_valid_python() -> None:
    ds = synthetic_dataset()
    point = cal.Fit({"lock_in": 1.23456}, {"lock_in": 1.23}, 0.01, 0.009, 10)
    spread = pd.DataFrame([("lock_in", 1.23, 0.5, 1.2, 2.0)],
                          columns=["parameter", "fitted", "p5", "p50", "p95"])
    text = fitted_source.fitted_module_source(ds, _target(ds), point, spread, draws=30, seed=0)
    assert text.startswith(f'"""{fitted_source.GENERATED_MARKER}')
    namespace: dict[str, object] = {}
    exec(compile(text, "fitted.py", "exec"), namespace)
    assert namespace["FITTED"] == {"lock_in": 1.23}
    assert namespace["UNROUNDED"] == {"lock_in": 1.23456}
    assert namespace["RANGES"] == {"lock_in": (0.5, 1.2, 2.0)}
    assert namespace["ERROR"] == 0.01 and namespace["DRAWS"] == 30
    again = fitted_source.fitted_module_source(ds, _target(ds), point, spread, draws=30, seed=0)
    assert text == again
