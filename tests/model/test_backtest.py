"""The back-test: rows, the spend basis, summaries and impossible base years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chipscope.model import backtest as bt
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.synthetic import synthetic_dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return synthetic_dataset()  # history 2022-2025


def _run(ds: Dataset, base: int, **changes: float) -> pd.DataFrame:
    a = AssumptionSpecs.for_dataset(ds).defaults().replace({"base_year": base, **changes})
    return bt.backtest(ds, a)


def test_rows_and_columns(ds: Dataset) -> None:
    frame = _run(ds, 2023)
    assert tuple(frame.columns) == bt.COLUMNS
    assert sorted(frame["year"].unique()) == [2024, 2025]
    np.testing.assert_allclose(frame["error_pp"],
                               frame["modelled_share_pct"] - frame["history_share_pct"])
    for _, g in frame.groupby("year"):
        assert g["modelled_share_pct"].sum() == pytest.approx(100)
        assert g["history_share_pct"].sum() == pytest.approx(100)
    assert ((frame["modelled_share_pct"] > 0) | (frame["history_share_pct"] > 0)).all()


def test_history_side_is_the_data_at_reference_prices(ds: Dataset) -> None:
    frame = _run(ds, 2024)
    h = ds.history.merge(ds.chips[["chip_id", "vendor_id", "price_usd"]], on="chip_id")
    h = h[h["year"] == 2025]
    spend = (h["units"] * h["price_usd"]).groupby(h["vendor_id"]).sum()
    share = h.groupby("vendor_id")["h100e"].sum() / h["h100e"].sum()
    for r in frame.to_dict("records"):
        assert r["history_spend_usd"] == pytest.approx(spend.get(r["vendor"], 0.0))
        assert r["history_share_pct"] == pytest.approx(100 * share.get(r["vendor"], 0.0))


def test_spend_does_not_move_with_the_price_path(ds: Dataset) -> None:
    """Both sides are valued at reference prices: a price slider changes the modelled spend
    only through the units it makes the model buy."""
    cheap = _run(ds, 2024, **{"vendor.v1.price_change_pct": -40})
    base = _run(ds, 2024)
    assert (cheap["history_spend_usd"].to_numpy() == base["history_spend_usd"].to_numpy()).all()


def test_kappa_zero_keeps_each_adopters_base_year_mix(ds: Dataset) -> None:
    """kappa = 0 freezes each adopter's vendor mix; the market's modelled shares are the
    engine's (they move only as the adopters' budgets weigh differently)."""
    from chipscope.model.engine import project

    no_deals = {f"deal.{d}.enabled": 0.0 for d in ds.deals["deal_id"]}
    frame = _run(ds, 2024, switching_speed=0, **no_deals)
    a = AssumptionSpecs.for_dataset(ds).defaults().replace(
        {"base_year": 2024, "horizon_year": 2026, "switching_speed": 0, **no_deals})
    p = project(ds, a)
    onehot = np.zeros((len(ds.chip_ids), len(ds.vendor_ids)))
    onehot[np.arange(len(ds.chip_ids)), ds.chip_vendor_index] = 1.0
    per = p.h100e @ onehot  # (T, A, V)
    mix = per / np.where(per.sum(axis=2, keepdims=True) > 0, per.sum(axis=2, keepdims=True), 1)
    t24, t25 = p.year_index(2024), p.year_index(2025)
    bought = per[t24].sum(axis=1) > 0
    np.testing.assert_allclose(mix[t25][bought], mix[t24][bought], atol=1e-12)
    shares = p.vendor_shares("h100e")[t25]
    for r in frame.to_dict("records"):
        v = ds.vendor_ids.index(r["vendor"])
        assert r["modelled_share_pct"] == pytest.approx(100 * shares[v])


def test_summary_and_overall(ds: Dataset) -> None:
    frame = _run(ds, 2023)
    summary = bt.vendor_summary(frame)
    assert list(summary.columns) == ["vendor", "mean_abs_error_pp", "modelled_spend_usd",
                                     "history_spend_usd", "spend_error_pct"]
    first = summary.iloc[0]
    rows = frame[frame["vendor"] == first["vendor"]]
    assert first["mean_abs_error_pp"] == pytest.approx(rows["error_pp"].abs().mean())
    total = bt.overall(frame)
    assert total["misallocated_pct"] == pytest.approx(
        frame.groupby("year")["error_pp"].apply(lambda s: s.abs().sum() / 2).mean())
    assert total["spend_error_pct"] == pytest.approx(
        100 * (frame["modelled_spend_usd"].sum() / frame["history_spend_usd"].sum() - 1))


@pytest.mark.parametrize("base", [2022, 2025, 2026, 1999])
def test_impossible_base_year(ds: Dataset, base: int) -> None:
    with pytest.raises(ValueError, match="choose 2023 to 2024") as info:
        bt.check_base_year(ds, base)
    assert "\n" not in str(info.value)


def test_history_too_short() -> None:
    with pytest.raises(ValueError, match="too short"):
        bt.base_year_range(synthetic_dataset(n_history_years=2))
