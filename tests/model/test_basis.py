"""The compute basis: dense BF16 (989 TFLOP/s = 1 H100e) or dense 8-bit (1,979), docs/data.md."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from chipscope.model import AssumptionSpecs, Dataset, project
from chipscope.model.basis import basis_note, project_on_basis, rebase_assumptions
from chipscope.model.projection import measure_label, measure_unit
from chipscope.model.synthetic import synthetic_dataset
from chipscope.storage import load_dataset

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"
BUNDLED = ROOT / "data" / "chipscope.db"


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    if not BUNDLED.exists():
        pytest.skip("data/chipscope.db not built")
    return load_dataset(BUNDLED)


def _per_unit(ds: Dataset, chip: str) -> float:
    return float(ds.h100e_per_unit[ds.chip_ids.index(chip)])


def test_conversion_per_chip(bundled: Dataset) -> None:
    eight = bundled.with_basis("8bit")
    assert _per_unit(bundled, "h100") == pytest.approx(1.0)
    assert _per_unit(eight, "h100") == pytest.approx(1.0)
    # docs/data.md's correction table: INT8 = BF16, no FP8, so half on the 8-bit basis.
    assert _per_unit(eight, "tpu_v4") == pytest.approx(0.139, abs=5e-4)
    assert _per_unit(eight, "mi250x") == pytest.approx(0.1935, abs=5e-4)
    assert _per_unit(eight, "tpu_v4") / _per_unit(bundled, "tpu_v4") == pytest.approx(0.5, 1e-3)
    assert _per_unit(eight, "mi250x") / _per_unit(bundled, "mi250x") == pytest.approx(0.5, 1e-3)
    # FP8 = 2 x BF16 (Hopper, Blackwell, CDNA3): the same to 0.05 % (1979 / 989 = 2.001).
    for chip in ("b200", "mi300x", "tpu_v7", "h20"):
        assert _per_unit(eight, chip) == pytest.approx(_per_unit(bundled, chip), rel=1e-3)
    assert _per_unit(eight, "trainium1") == pytest.approx(420 / 1979)
    assert _per_unit(eight, "gaudi3") == pytest.approx(1835 / 1979)


def test_with_basis_is_built_once_and_round_trips(bundled: Dataset) -> None:
    eight = bundled.with_basis("8bit")
    assert eight is bundled.with_basis("8bit")
    assert eight.with_basis("bf16") is bundled
    assert bundled.with_basis("bf16") is bundled
    assert (eight.basis, bundled.basis) == ("8bit", "bf16")
    with pytest.raises(ValueError, match="basis: 'fp4' is not one of bf16, 8bit"):
        bundled.with_basis("fp4")


def test_history_and_deals_follow_the_chip(bundled: Dataset) -> None:
    eight = bundled.with_basis("8bit")
    h = eight.history
    per_unit = dict(zip(eight.chip_ids, eight.h100e_per_unit, strict=True))
    expected = h["units"] * h["chip_id"].map(per_unit)
    np.testing.assert_allclose(h["h100e"], expected, rtol=2e-3, atol=0.1)  # source rounding
    for lo_hi in ("p5", "p95"):
        has = h[f"units_{lo_hi}"].notna()
        np.testing.assert_allclose(h.loc[has, f"h100e_{lo_hi}"],
                                   (h[f"units_{lo_hi}"] * h["chip_id"].map(per_unit))[has],
                                   rtol=2e-3, atol=0.1)
    np.testing.assert_array_equal(eight.history_cube("units"), bundled.history_cube("units"))
    cube = eight.history_cube("h100e")
    assert cube.sum() == pytest.approx(h["h100e"].sum())
    d8 = eight.deals.set_index("deal_id")["h100e_per_year"]
    d16 = bundled.deals.set_index("deal_id")["h100e_per_year"]
    trn3 = d8["openai_amazon_trainium_2gw"] / d16["openai_amazon_trainium_2gw"]
    assert trn3 == pytest.approx((2517 / 1979) / (671 / 989))  # the same chips


@pytest.mark.parametrize("basis", ["bf16", "8bit"])
def test_engine_runs_on_either_basis(bundled: Dataset, basis: str) -> None:
    a = AssumptionSpecs.for_dataset(bundled).defaults()
    proj = project_on_basis(bundled, a, basis)
    assert proj.basis == basis
    shares = proj.vendor_shares("h100e")
    assert np.isfinite(shares).all() and (shares >= 0).all()
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert (proj.units >= 0).all() and (proj.h100e >= 0).all()
    # units = H100e / H100e per unit on the same basis, in every year.
    on = bundled.with_basis(basis)
    np.testing.assert_allclose(proj.units.sum(axis=1) * on.h100e_per_unit,
                               proj.h100e.sum(axis=1), rtol=2e-3, atol=1e-6)


def test_money_does_not_depend_on_the_basis(bundled: Dataset) -> None:
    a = AssumptionSpecs.for_dataset(bundled).defaults()
    p16, p8 = project_on_basis(bundled, a, "bf16"), project_on_basis(bundled, a, "8bit")
    hist = p16.is_history
    np.testing.assert_array_equal(p16.spend_usd[hist], p8.spend_usd[hist])
    np.testing.assert_array_equal(p16.units[hist], p8.units[hist])
    np.testing.assert_allclose(p16.budget_usd, p8.budget_usd, rtol=1e-12)
    # Projected years: each adopter's budget is the same money, but buyers compare chips by
    # cost per H100e on the basis, so the chips bought and what deals add beyond the budget
    # move a little (Trainium3 is 1.9x, Gaudi 3 0.5x the BF16 H100e). Under 1 % a year.
    np.testing.assert_allclose(p16.total("spend_usd"), p8.total("spend_usd"), rtol=0.01)


def test_base_year_purchases_keep_their_money(bundled: Dataset) -> None:
    a = AssumptionSpecs.for_dataset(bundled).defaults().replace(
        {"adopter.apple.base_demand_h100e": 100_000.0})
    p16, p8 = project_on_basis(bundled, a, "bf16"), project_on_basis(bundled, a, "8bit")
    apple = list(p16.adopter_ids).index("apple")
    assert p16.budget_usd is not None and p8.budget_usd is not None
    assert p8.budget_usd[:, apple] == pytest.approx(p16.budget_usd[:, apple], rel=1e-12)


def test_rebase_maps_defaults_to_defaults(bundled: Dataset) -> None:
    a = AssumptionSpecs.for_dataset(bundled).defaults()
    rebased = rebase_assumptions(a, bundled, "8bit")
    defaults8 = AssumptionSpecs.for_dataset(bundled.with_basis("8bit")).defaults()
    for key in a:
        assert rebased[key] == pytest.approx(defaults8[key], rel=1e-9, nan_ok=True), key
    assert rebase_assumptions(a, bundled, "bf16") is a
    capped = a.replace({"vendor.google.supply_cap_h100e": 1e6})
    factor = rebase_assumptions(capped, bundled, "8bit")["vendor.google.supply_cap_h100e"] / 1e6
    h = bundled.history_cube("h100e")[-1].sum(axis=0)
    h8 = bundled.with_basis("8bit").history_cube("h100e")[-1].sum(axis=0)
    google = bundled.chip_vendor_index == bundled.vendor_ids.index("google")
    assert factor == pytest.approx(h8[google].sum() / h[google].sum())
    assert math.isnan(rebased["vendor.google.supply_cap_h100e"])


def test_missing_8bit_figure_falls_back_to_twice_bf16_and_says_so() -> None:
    ds = synthetic_dataset()  # its chips have no dense_8bit_tflops
    assert ds.estimated_8bit_chips == tuple(ds.chip_ids)
    bf16 = ds.chips["dense_bf16_tflops"].to_numpy()
    np.testing.assert_allclose(ds.with_basis("8bit").h100e_per_unit, 2 * bf16 / 1979)
    note = basis_note(ds, "8bit")
    assert "Chip 0" in note and "2 x dense BF16" in note
    assert basis_note(ds, "bf16") == ""
    proj = project_on_basis(ds, AssumptionSpecs.for_dataset(ds).defaults(), "8bit")
    assert proj.basis == "8bit" and np.isfinite(proj.h100e).all()


def test_bundled_chips_all_have_an_8bit_figure(bundled: Dataset) -> None:
    assert bundled.estimated_8bit_chips == ()
    assert basis_note(bundled, "8bit") == ""


def test_labels_say_the_basis(bundled: Dataset) -> None:
    assert measure_unit("h100e", "8bit") == "H100e, dense 8-bit"
    assert measure_label("h100e", "bf16") == "Compute (H100e, dense BF16)"
    assert measure_label("units", "8bit") == "Units (chips)"
    proj = project(bundled, AssumptionSpecs.for_dataset(bundled).defaults())
    assert proj.basis == "bf16" and proj.label("h100e") == "Compute (H100e, dense BF16)"


# --- against the reference (skipped without ../shared/reference) ---------------------------
def _reference() -> Path:
    if not (REFERENCE / "facts" / "chip_facts.csv").exists():
        pytest.skip("../shared/reference is not here")
    return REFERENCE


def test_derive_script_reproduces_the_column() -> None:
    ref = _reference()
    done = subprocess.run([sys.executable, str(ROOT / "data" / "derive" / "derive_8bit.py"),
                           str(ref), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def _epoch(ref: Path) -> tuple[dict[str, float], dict[int, float]]:
    """Epoch ai-chip-counts' H100e per unit by chip, and its H100e total by year, over the
    rows history.csv is made from."""
    sys.path.insert(0, str(ROOT / "data" / "derive"))
    try:
        import derive_history
    finally:
        sys.path.pop(0)
    import pandas as pd

    q = pd.concat([derive_history.read_quarters(ref), derive_history.read_xai(ref)],
                  ignore_index=True)
    a = derive_history.annual(q)
    per_chip = a.groupby("chip_id")[["units", "epoch_h100e"]].sum()
    ratio = (per_chip["epoch_h100e"] / per_chip["units"]).to_dict()
    totals = a.groupby("year")["epoch_h100e"].sum().to_dict()
    return {str(k): float(v) for k, v in ratio.items()}, {int(k): float(v)
                                                          for k, v in totals.items()}


def test_8bit_history_matches_epochs_own_h100e_more_closely(bundled: Dataset) -> None:
    per_chip, totals = _epoch(_reference())
    eight = bundled.with_basis("8bit")
    for chip, epoch in per_chip.items():
        ours = _per_unit(eight, chip)
        if chip in ("b200", "b300"):
            # Epoch counts these types at GB200/GB300's 5,000 FP8; ChipScope at HGX's 4,500.
            assert ours / epoch == pytest.approx(0.90, abs=0.01), chip
        else:
            assert ours == pytest.approx(epoch, rel=0.01), chip
    gaps = {}
    for name, ds in (("bf16", bundled), ("8bit", eight)):
        # Epoch's exports do not count Huawei (its rows come from the facts file).
        counted = ds.history[~ds.history["chip_id"].str.startswith("ascend")]
        by_year = counted.groupby("year")["h100e"].sum()
        gaps[name] = {y: by_year[y] / totals[y] - 1 for y in totals}
    assert sum(abs(g) for g in gaps["8bit"].values()) < sum(abs(g) for g in gaps["bf16"].values())
    # docs/data.md quotes these: 2022 +3.7 % -> 0.0 %, 2025 -5.9 % -> -6.1 % (B200/B300 above).
    assert gaps["bf16"][2022] == pytest.approx(0.037, abs=0.001)
    assert abs(gaps["8bit"][2022]) < 0.001 and abs(gaps["8bit"][2023]) < 0.001
    assert gaps["bf16"][2025] == pytest.approx(-0.059, abs=0.001)
    assert gaps["8bit"][2025] == pytest.approx(-0.061, abs=0.001)
