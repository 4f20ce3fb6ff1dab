"""Comparing scenarios: the table's numbers are those of separate engine runs."""

from __future__ import annotations

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.compare import compare_vendor_shares, diff_column, share_column
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)


@pytest.mark.parametrize("measure", ["h100e", "units", "spend_usd"])
def test_numbers_equal_separate_engine_runs(measure: str) -> None:
    base = SPECS.defaults()
    cheap = base.replace({"vendor.v0.price_change_pct": -40})
    sticky = base.replace({"lock_in": 2.0, "switching_speed": 0.05})
    runs = {"Base": project(DATASET, base), "Cheap v0": project(DATASET, cheap),
            "Sticky": project(DATASET, sticky)}
    frame = compare_vendor_shares(runs, measure)  # type: ignore[arg-type]
    proj = runs["Base"]
    assert list(frame.columns) == ["year", "vendor", "is_history", share_column("Base"),
                                   share_column("Cheap v0"), share_column("Sticky"),
                                   diff_column("Cheap v0"), diff_column("Sticky")]
    assert len(frame) == len(proj.years) * len(proj.vendor_ids)
    for name in runs:
        # Fresh engine runs, not the objects passed in: the table must not depend on them.
        again = project(DATASET, {"Base": base, "Cheap v0": cheap, "Sticky": sticky}[name])
        expected = again.vendor_shares(measure).ravel()  # type: ignore[arg-type]
        np.testing.assert_array_equal(frame[share_column(name)].to_numpy(), expected)
        if name != "Base":
            np.testing.assert_array_equal(
                frame[diff_column(name)].to_numpy(),
                expected - proj.vendor_shares(measure).ravel())  # type: ignore[arg-type]
    year_rows = frame[frame["year"] == proj.years[-1]]
    assert list(year_rows["vendor"]) == list(proj.vendor_ids)
    assert year_rows[share_column("Cheap v0")].sum() == pytest.approx(1.0)
    v0 = year_rows[year_rows["vendor"] == "v0"]
    if measure == "h100e":  # cheaper v0 gains compute share (its spend share may fall)
        assert float(v0[diff_column("Cheap v0")].iloc[0]) > 0
    assert list(frame["is_history"]) == list(np.repeat(proj.is_history, len(proj.vendor_ids)))


def test_history_years_have_no_difference() -> None:
    base = SPECS.defaults()
    other = base.replace({"demand_growth_pct": 100, "vendor.v1.price_change_pct": 20})
    frame = compare_vendor_shares({"a": project(DATASET, base), "b": project(DATASET, other)})
    assert (frame.loc[frame["is_history"], diff_column("b")] == 0).all()
    assert (frame.loc[~frame["is_history"], diff_column("b")].abs() > 0).any()


def test_different_horizons_leave_gaps_not_errors() -> None:
    base = SPECS.defaults()
    longer = base.replace({"horizon_year": base["horizon_year"] + 3})
    frame = compare_vendor_shares({"short": project(DATASET, base),
                                   "long": project(DATASET, longer)})
    last = frame[frame["year"] == int(longer["horizon_year"])]
    assert last[share_column("short")].isna().all()
    assert last[share_column("long")].notna().all() and last[diff_column("long")].isna().all()


def test_one_scenario_and_bad_input() -> None:
    frame = compare_vendor_shares({"only": project(DATASET, SPECS.defaults())})
    assert [c for c in frame.columns if c.startswith("diff")] == []
    with pytest.raises(ValueError, match="at least one"):
        compare_vendor_shares({})
    with pytest.raises(ValueError, match="measure"):
        compare_vendor_shares({"x": project(DATASET, SPECS.defaults())}, "watts")  # type: ignore[arg-type]
