"""The reported figures (data/reported.csv) that ChipScope derived from the reference files
are what those files give: Broadcom's fiscal-year sums, Epoch AI's TPU revenue ranges and
NVIDIA's compute share of data-centre revenue."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT.parent / "shared" / "reference" / "epoch-ai-chip-counts" / "data_inputs"

pytestmark = pytest.mark.skipif(not INPUTS.is_dir(), reason="the reference exports "
                                "(../shared/reference) are not beside this checkout")


@pytest.fixture(scope="module")
def reported() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "reported.csv")
    return frame.set_index("record_id")


def fiscal_year(frame: pd.DataFrame, fy: str) -> pd.DataFrame:
    return frame[frame["Quarter"].str.startswith(f"FY{fy}Q")]


@pytest.mark.parametrize("fy, record", [("23", "broadcom_ai_fy2023"),
                                        ("24", "broadcom_ai_fy2024")])
def test_broadcom_fiscal_years_are_sums_of_epochs_quarters(reported: pd.DataFrame, fy: str,
                                                           record: str) -> None:
    avgo = pd.read_csv(INPUTS / "Broadcom_quarterly_revenue.csv")
    quarters = fiscal_year(avgo, fy)
    assert len(quarters) == 4
    total = quarters["AI Semis Revenue (Billions)"].sum()
    assert reported.at[record, "value_usd"] == pytest.approx(total * 1e9)
    # Epoch's XPU column is the 0.67 rule the row's comparable fraction states.
    xpu = quarters["XPU Revenue (Billions)"].sum()
    assert xpu / total == pytest.approx(reported.at[record, "comparable_fraction"], abs=1e-3)


@pytest.mark.parametrize("fy, record", [("23", "tpu_revenue_fy2023"),
                                        ("24", "tpu_revenue_fy2024"),
                                        ("25", "tpu_revenue_fy2025")])
def test_tpu_revenue_is_the_midpoint_of_epochs_summed_range(reported: pd.DataFrame, fy: str,
                                                            record: str) -> None:
    quarters = fiscal_year(pd.read_csv(INPUTS / "Broadcom_quarterly_revenue.csv"), fy)
    low = quarters["TPU Revenue p5 (Billions)"].sum()
    high = quarters["TPU Revenue p95 (Billions)"].sum()
    assert reported.at[record, "value_usd"] == pytest.approx((low + high) / 2 * 1e9)


@pytest.mark.parametrize("fy, record", [("23", "nvidia_dc_fy2023"), ("24", "nvidia_dc_fy2024"),
                                        ("25", "nvidia_dc_fy2025")])
def test_nvidia_compute_share_is_epochs(reported: pd.DataFrame, fy: str, record: str) -> None:
    nvda = fiscal_year(pd.read_csv(INPUTS / "nvidia_quarterly_revenue.csv"), fy)
    share = nvda["compute_revenue"].sum() / nvda["dc_revenue"].sum()
    assert reported.at[record, "comparable_fraction"] == pytest.approx(share, abs=5e-4)
    assert reported.at[record, "value_usd"] == pytest.approx(nvda["dc_revenue"].sum() * 1e9,
                                                             rel=2e-3)
