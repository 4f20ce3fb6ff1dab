"""The "no effect now" rules (model/inert.py) against the engine: moving an assumption the forms
grey out leaves the projection exactly as it is (#11)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from chipscope.model import Assumptions, AssumptionSpecs
from chipscope.model.dataset import TABLES, Dataset
from chipscope.model.engine import project
from chipscope.model.inert import inert_assumptions, inputs_of
from chipscope.model.synthetic import synthetic_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def real() -> Dataset:
    if not all((DATA / f"{name}.csv").exists() for name in TABLES):
        pytest.skip("the real dataset (data/*.csv) is not complete")
    return Dataset.from_frames({
        name: pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in TABLES})


def moved(a: Assumptions, key: str) -> Assumptions:
    """``a`` with ``key`` far from its value: 250 %/yr cap growth, a larger deal."""
    if key.endswith("cap_growth_pct"):
        return a.replace({key: 250.0 if a[key] != 250.0 else -40.0})
    return a.replace({key: 2 * a[key] + 50_000})


def assert_no_effect(dataset: Dataset, a: Assumptions) -> list[str]:
    inert = inert_assumptions(dataset, a)
    base = project(dataset, a)
    for key in inert:
        other = project(dataset, moved(a, key))
        assert np.array_equal(other.h100e, base.h100e), key
        assert np.array_equal(other.spend_usd, base.spend_usd), key
    return list(inert)


def scenarios(dataset: Dataset) -> list[Assumptions]:
    a = AssumptionSpecs.for_dataset(dataset).defaults()
    deals = list(dataset.deals["deal_id"])
    return [
        a,
        a.replace({f"deal.{d}.enabled": 0.0 for d in deals[::2]}),
        a.replace({"deal_weight_loi": 0.0, "deal_weight_up_to": 0.0}),
        a.replace({f"vendor.{dataset.vendor_ids[0]}.supply_cap_h100e": 200_000.0,
                   "horizon_year": float(AssumptionSpecs.for_dataset(dataset)["horizon_year"].lo)}),
    ]


def test_inert_assumptions_have_no_effect_on_the_real_dataset(real: Dataset) -> None:
    found: set[str] = set()
    for a in scenarios(real):
        found |= {k.rsplit(".", 1)[1] for k in assert_no_effect(real, a)}
    assert found == {"cap_growth_pct", "size_h100e_per_year"}


def test_inert_assumptions_have_no_effect_on_synthetic_data() -> None:
    dataset = synthetic_dataset(n_adopters=6, n_chips=14, n_vendors=4, seed=3)
    for a in scenarios(dataset):
        assert_no_effect(dataset, a)


def test_reasons_follow_the_values(real: Dataset) -> None:
    a = AssumptionSpecs.for_dataset(real).defaults()
    nvidia = "vendor.nvidia.cap_growth_pct"
    assert inert_assumptions(real, a)[nvidia].startswith("the supply cap is none")
    capped = a.replace({"vendor.nvidia.supply_cap_h100e": 1e6})
    assert nvidia not in inert_assumptions(real, capped)
    loi = real.deals.loc[real.deals["firmness"] == "loi", "deal_id"].iloc[0]
    size = f"deal.{loi}.size_h100e_per_year"
    assert size not in inert_assumptions(real, a)
    assert "letter of intent" in inert_assumptions(real, a.replace({"deal_weight_loi": 0.0}))[size]
    assert inert_assumptions(real, a.replace({f"deal.{loi}.enabled": 0.0}))[size] == (
        "the deal is off (tick \u201cOn\u201d to count it)")
    # New vendors with deals keep their cap growth live: it grows their capacity.
    live = [v for v in real.vendor_ids if f"vendor.{v}.cap_growth_pct"
            not in inert_assumptions(real, a)]
    assert live and all(math.isnan(a[f"vendor.{v}.supply_cap_h100e"]) for v in live)
    # Every input of the rules is listed (a caller skips the work while they stay the same).
    inputs = set(inputs_of(real))
    assert {"base_year", "horizon_year", "deal_weight_loi", size} <= inputs
