"""Checks against the public record: modelled spend per vendor group beside reported figures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import TABLES, Dataset, DatasetError
from chipscope.model.engine import project
from chipscope.model.market_check import (
    COLUMNS,
    CheckPlan,
    market_check,
    reading,
    reported_frame,
    text_table,
)
from chipscope.model.synthetic import synthetic_frames

DATA = Path(__file__).resolve().parents[2] / "data"


def reported_rows() -> pd.DataFrame:
    """Four figures on the synthetic dataset: a quarter's guidance, a floor, a ceiling and a
    context row."""
    base = {"metric": "Revenue", "kind": "reported", "period": "FY (Feb-Jan)",
            "period_months": "12", "period_note": "fiscal year", "basis": "chips and networking",
            "fraction_derivation": "test", "source_id": "synthetic", "confidence": "low",
            "notes": ""}
    rows = [
        {"record_id": "r_quarter", "vendor_group": "V0", "vendor_ids": "v0", "year": "2026",
         "kind": "guidance", "period_months": "3", "value_usd": "1e9", "comparison": "central",
         "comparable_fraction": "0.5"},
        {"record_id": "r_floor", "vendor_group": "V0+V1", "vendor_ids": "v0+v1", "year": "2025",
         "value_usd": "1e6", "comparison": "lower_bound", "comparable_fraction": "1"},
        {"record_id": "r_ceiling", "vendor_group": "V1", "vendor_ids": "v1", "year": "2024",
         "value_usd": "1e6", "comparison": "upper_bound", "comparable_fraction": "1"},
        {"record_id": "r_context", "vendor_group": "V2", "vendor_ids": "v2", "year": "2023",
         "value_usd": "5e9", "comparison": "context", "comparable_fraction": ""},
        {"record_id": "r_late", "vendor_group": "V2", "vendor_ids": "v2", "year": "2044",
         "value_usd": "5e9", "comparison": "central", "comparable_fraction": "1"},
    ]
    return pd.DataFrame([{**base, **r} for r in rows])


def dataset_with(reported: pd.DataFrame) -> Dataset:
    frames = synthetic_frames()
    frames["reported"] = reported
    return Dataset.from_frames(frames)


@pytest.fixture(scope="module")
def checked() -> tuple[Dataset, pd.DataFrame, object]:
    ds = dataset_with(reported_rows())
    proj = project(ds, AssumptionSpecs.for_dataset(ds).defaults())
    return ds, market_check(proj, reported_frame(ds)), proj


def test_rows_columns_and_years(checked: tuple) -> None:  # type: ignore[type-arg]
    _, check, _proj = checked
    assert list(check.columns) == list(COLUMNS)
    # The 2044 figure is outside the projection: left out. Sorted by year.
    assert list(check["record_id"]) == ["r_context", "r_ceiling", "r_floor", "r_quarter"]
    assert list(check["is_history"]) == [True, True, True, False]


def test_modelled_is_the_projected_spend_of_the_rows_vendors(checked: tuple) -> None:  # type: ignore[type-arg]
    _, check, proj = checked
    spend = proj.by_vendor("spend_usd")
    row = check.set_index("record_id")
    assert row.at["r_quarter", "modelled_usd"] == pytest.approx(spend[proj.year_index(2026), 0])
    assert row.at["r_floor", "modelled_usd"] == pytest.approx(
        spend[proj.year_index(2025), 0] + spend[proj.year_index(2025), 1])


def test_comparable_annualises_and_takes_the_fraction(checked: tuple) -> None:  # type: ignore[type-arg]
    _, check, _ = checked
    row = check.set_index("record_id").loc["r_quarter"]
    assert row["reported_usd"] == 1e9  # the raw figure stays visible
    assert row["annual_usd"] == 4e9
    assert row["comparable_usd"] == pytest.approx(2e9)
    assert row["gap_pct"] == pytest.approx((row["modelled_usd"] - 2e9) / 2e9 * 100)
    assert row["reading"].startswith("model ")


def test_bounds_and_context(checked: tuple) -> None:  # type: ignore[type-arg]
    _, check, _ = checked
    row = check.set_index("record_id")
    assert row.at["r_floor", "reading"] == "at or above the floor"  # spend >> 1 M USD
    assert row.at["r_ceiling", "reading"].endswith("above the ceiling")
    assert np.isnan(row.at["r_context", "comparable_usd"])
    assert np.isnan(row.at["r_context", "gap_pct"])
    assert row.at["r_context", "reading"] == "context: not compared"


def test_readings() -> None:
    assert reading("central", 12.4) == "model 12 % above"
    assert reading("central", -30.0) == "model 30 % below"
    assert reading("central", 0.1) == "matches"
    assert reading("lower_bound", -20.0) == "20 % below the floor"
    assert reading("upper_bound", -5.0) == "under the ceiling"
    assert reading("central", float("nan")) == "context: not compared"


def test_check_follows_the_assumptions() -> None:
    ds = dataset_with(reported_rows())
    specs = AssumptionSpecs.for_dataset(ds)
    plan = CheckPlan.prepare(reported_frame(ds), tuple(ds.vendor_ids),
                             project(ds, specs.defaults()).years)
    cheap = project(ds, specs.defaults().replace({"vendor.v0.price_level_pct": -50}))
    dear = project(ds, specs.defaults().replace({"vendor.v0.price_level_pct": 50}))
    assert plan.fits(cheap)
    q = list(plan.rows["record_id"]).index("r_quarter")
    assert plan.frame(cheap)["modelled_usd"].iloc[q] != plan.frame(dear)["modelled_usd"].iloc[q]
    # History does not move with the sliders.
    h = list(plan.rows["record_id"]).index("r_context")
    assert plan.frame(cheap)["modelled_usd"].iloc[h] == plan.frame(dear)["modelled_usd"].iloc[h]
    shorter = project(ds, specs.defaults().replace({"horizon_year": 2026}))
    assert plan.fits(shorter) is False


def test_empty_reported_table_gives_an_empty_check() -> None:
    ds = Dataset.from_frames(synthetic_frames())  # no reported table at all: optional
    proj = project(ds, AssumptionSpecs.for_dataset(ds).defaults())
    assert reported_frame(ds).empty
    assert market_check(proj, reported_frame(ds)).empty


def test_text_table_has_units_and_lettered_bases(checked: tuple) -> None:  # type: ignore[type-arg]
    _, check, _ = checked
    text = text_table(check)
    assert "Modelled $B" in text and "Gap %" in text and "Comparable $B" in text
    assert "2026*" in text  # projected years are marked
    assert "  a  chips and networking" in text


@pytest.mark.parametrize("change, column, words", [
    ({"vendor_ids": "v0+nobody"}, "vendor_ids", "'nobody' is not a known vendor"),
    ({"comparable_fraction": ""}, "comparable_fraction", "a central row needs"),
    ({"comparison": "context"}, "comparable_fraction", "a context row is not compared"),
    ({"comparable_fraction": "1.5"}, "comparable_fraction", "outside [0, 1]"),
    ({"comparison": "roughly"}, "comparison", "is not one of central"),
    ({"period_months": "0"}, "period_months", "outside [1, 12]"),
])
def test_bad_rows_name_line_and_column(change: dict[str, str], column: str, words: str) -> None:
    rows = reported_rows()
    for key, value in change.items():
        rows.loc[0, key] = value
    with pytest.raises(DatasetError) as info:
        dataset_with(rows)
    assert any(p.startswith(f"reported, line 2, column {column}") and words in p
               for p in info.value.problems), info.value.problems


def test_bundled_reported_figures_are_sound() -> None:
    if not all((DATA / f"{n}.csv").exists() for n in TABLES):
        pytest.skip("the real dataset is not complete")
    reported = pd.read_csv(DATA / "reported.csv", dtype=str, keep_default_na=False)
    assert {"nvidia", "amd", "google+broadcom_openai+meta", "aws"} <= set(reported["vendor_ids"])
    # Nothing after the data cut-off: the newest figure is for 2026 (guidance, run rates).
    assert pd.to_numeric(reported["year"]).max() == 2026
    assert (reported["source_id"] != "").all() and (reported["fraction_derivation"] != "").all()
    compared = reported[reported["comparison"] != "context"]
    assert (compared["comparable_fraction"] != "").all()
