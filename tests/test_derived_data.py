"""data/deals.csv and data/budgets.csv follow their documented rules (docs/data.md): the
derive scripts reproduce them exactly from the other tables."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from chipscope.model.conversion import ChipTerms, deal_h100e_per_year

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("script", ["derive_deals.py", "derive_budgets.py"])
def test_derived_columns_follow_the_rule(script: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "data" / "derive" / script), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_conversion_rule_by_unit() -> None:
    gpu = ChipTerms("x", 2 * 989.0, 1000.0, 20_000.0)  # 2 H100e, 1 kW, $10k per H100e
    assert deal_h100e_per_year(100, "units", gpu, 2026, 2026, 0.0)[0] == pytest.approx(200)
    # 1 GW / (1 kW x 2.0 overhead) = 500k chips = 1M H100e, over 2H 2026 - 2027 (1.5 years).
    rate, how = deal_h100e_per_year(1, "GW", gpu, 2026, 2027, 0.5)
    assert rate == pytest.approx(1e6 / 1.5)
    assert "2H 2026" in how
    # $1B of a cloud contract x 0.4 / $10k per H100e = 40k H100e.
    assert deal_h100e_per_year(1e9, "USD", gpu, 2026, 2026, 0.0)[0] == pytest.approx(40_000)
    announced = ChipTerms("y", 989.0, math.nan, 10_000.0)
    assert deal_h100e_per_year(1, "GW", announced, 2026, 2026, 0.0)[0] == pytest.approx(
        1e6 / 2.22)
    system = ChipTerms("z", 989.0 * 60, 23_000.0, 1e6)
    assert deal_h100e_per_year(1, "GW", system, 2026, 2026, 0.0)[0] == pytest.approx(
        1e6 / (23 * 1.3) * 60)
    with pytest.raises(ValueError, match="unknown amount unit 'MW'"):
        deal_h100e_per_year(1, "MW", gpu, 2026, 2026, 0.0)
