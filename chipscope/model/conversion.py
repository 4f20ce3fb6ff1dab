"""How a deal's announced amount (GW, USD, chips or H100e) becomes H100e per year: one rule.

Pure; used by ``data/derive/derive_deals.py`` (which writes ``h100e_per_year`` and
``conversion`` in data/deals.csv) and by the data checks (which hold the CSV to the rule).
docs/data.md, "Deal conversions", explains each constant.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from chipscope.model.formatting import figure
from chipscope.model.tables import H100_DENSE_BF16_TFLOPS
from chipscope.model.text_rules import instead_of_too_small, too_small

ALL_IN_OVERHEAD = 2.0
"""Facility watts per watt of chip TDP (servers, CPUs, networking, cooling and PUE)."""

ANNOUNCED_KW_PER_CHIP = 2.22
"""All-in kW per accelerator for an announced chip with no TDP: Huang, Sep 2025, '10 GW is
4-5 million GPUs' (market_2025_2026.csv C006), midpoint 4.5M."""

SYSTEM_TDP_W = 10_000.0
"""A TDP at or above this is a whole system (Cerebras CS-3, ~23 kW): only PUE is added."""

SYSTEM_PUE = 1.3

CLOUD_HARDWARE_SHARE = 0.4
"""Share of a cloud contract's dollars that buys accelerators (the rest: data centre, power,
networking, operations and margin over the contract's life)."""

RULE_TOLERANCE = 0.005
"""Relative gap allowed between a CSV's h100e_per_year and the rule (rounding)."""


class RuleError(ValueError):
    """A deal the rule cannot convert: the message, and the ``field`` of the deal that stops
    it (amount, amount_unit, chip_id or start_fraction), which every reader names."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(why)
        self.field = field


def follows_rule(stated: float, rate: float) -> bool:
    """True when a deal's h100e_per_year ``stated`` is the rule's ``rate`` within
    :data:`RULE_TOLERANCE` of it (the one test: the data checks and an import apply it).
    Relative at every size: 0 is not a deal of 0.004 H100e a year (pass 49, F2: the gap
    allowed was 0.005 H100e below 1, and such a deal was written as 0)."""
    return abs(stated - rate) <= RULE_TOLERANCE * abs(rate)


def rate_text(rate: float) -> str:
    """The rule's ``rate`` as h100e_per_year is written: a whole number when that follows the
    rule (2332659), else to 6 significant digits (23.3266 for a deal of 10 chips: 23 would be
    1.4 % off, refused by the checks; pass 48, F2), so a positive rate is never 0 (0.0404042;
    3.58624e-07 below a millionth, as figures are shown)."""
    whole = f"{rate:.0f}"
    if not math.isfinite(rate) or follows_rule(float(whole), rate):  # inf: the checks name it
        return whole
    if abs(rate) < 1e-6:
        return f"{rate:.6g}"
    digits = max(0, 5 - math.floor(math.log10(abs(rate))))
    return f"{rate:.{digits}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ChipTerms:
    """What the rule needs of the deal's chip."""

    chip_id: str
    dense_bf16_tflops: float
    tdp_w: float  # NaN when not published
    price_usd: float

    @property
    def h100e(self) -> float:
        return self.dense_bf16_tflops / H100_DENSE_BF16_TFLOPS


def kw_per_chip(chip: ChipTerms) -> tuple[float, str]:
    """All-in kW per chip and the words that say why."""
    if math.isnan(chip.tdp_w):
        return ANNOUNCED_KW_PER_CHIP, (f"{ANNOUNCED_KW_PER_CHIP:.2f} kW per chip all-in (no TDP: "
                                       "Huang's 10 GW ~ 4-5M GPUs, midpoint 4.5M)")
    if chip.tdp_w >= SYSTEM_TDP_W:
        kw = chip.tdp_w / 1000.0 * SYSTEM_PUE
        return kw, (f"{kw:.2f} kW per chip all-in ({chip.chip_id} system {chip.tdp_w / 1000:.0f} "
                    f"kW x {SYSTEM_PUE} PUE)")
    kw = chip.tdp_w / 1000.0 * ALL_IN_OVERHEAD
    return kw, (f"{kw:.2f} kW per chip all-in ({chip.chip_id} TDP {chip.tdp_w:.0f} W x "
                f"{ALL_IN_OVERHEAD:g} overhead)")


def active_years(first_year: int, last_year: int, start_fraction: float) -> float:
    """Years of deliveries: the first year counts only after its start (0.5: from 2H)."""
    return last_year - first_year + 1 - start_fraction


def deal_h100e_per_year(amount: float, unit: str, chip: ChipTerms, first_year: int,
                        last_year: int, start_fraction: float) -> tuple[float, str]:
    """H100e per full year of deliveries, and the conversion in words.

    Raises :class:`RuleError` for an unknown unit, a chip the rule cannot use, no delivery
    time, or a positive amount too small for its rate to be a number (1e-320 USD: the rate
    underflows to 0 or to a subnormal, and 0 never stands for a positive deal; pass 50, F5).
    """
    if unit == "h100e":
        total, how = amount, f"{amount:,.0f} H100e"
    elif unit == "units":
        total = amount * chip.h100e
        how = f"{amount:,.0f} chips x {chip.h100e:.4f} H100e/chip = {total:,.0f} H100e"
    elif unit == "GW":
        kw, why = kw_per_chip(chip)
        chips = amount * 1e6 / kw
        total = chips * chip.h100e
        how = (f"{amount:g} GW / {why} = {chips:,.0f} chips x {chip.h100e:.4f} H100e/chip "
               f"= {total:,.0f} H100e")
    elif unit == "USD":
        if not chip.price_usd > 0:
            raise RuleError("chip_id", f"chip {chip.chip_id!r} has no price to convert USD")
        per_h100e = chip.price_usd / chip.h100e
        total = amount * CLOUD_HARDWARE_SHARE / per_h100e
        how = (f"USD {amount / 1e9:g}B x {CLOUD_HARDWARE_SHARE:g} (accelerator share of a "
               f"cloud contract) / ${per_h100e:,.0f} per H100e ({chip.chip_id} "
               f"${chip.price_usd:,.0f} / {chip.h100e:.4f} H100e) = {total:,.0f} H100e")
    else:
        raise RuleError("amount_unit", f"unknown amount unit {unit!r} (h100e, units, GW or USD)")
    years = active_years(first_year, last_year, start_fraction)
    if years <= 0:
        raise RuleError("start_fraction",
                        "the deal has no delivery time (start_fraction leaves nothing)")
    start = f"{_start_words(start_fraction)} {first_year}" if start_fraction else str(first_year)
    rate = total / years
    if amount > 0 and not rate >= sys.float_info.min:  # 0, or a subnormal that shows as 0
        written = figure(amount)  # 1e-320, not the float's 9.99989e-321
        raise RuleError("amount", f"{written} {unit} " + too_small(
            instead_of_too_small(written, lo=0), what="its H100e per year"))
    return rate, (f"{how}, delivered from {start} to end-{last_year} ({years:g} year(s)), "
                  f"ramping in over the first year: {rate:,.0f} H100e per year on average")


def _start_words(fraction: float) -> str:
    return {0.5: "2H", 0.25: "Q2", 0.75: "Q4"}.get(round(fraction, 2), f"{fraction:g} into")
