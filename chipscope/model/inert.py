"""Assumptions whose value cannot change the projection, given the other values (the forms
grey them out and say why).

The rules follow the engine (docs/model.md, steps 7 and 8):

- ``vendor.<v>.cap_growth_pct`` grows a supply cap; with no cap ("none") it is used only for
  a new vendor's capacity once its deals end (the entry rule). So it has no effect while the
  cap is none and the vendor either sold before the base year (not new) or has no deal
  delivering in the projected years.
- ``deal.<d>.size_h100e_per_year`` counts as size x on x firmness weight x deliveries in the
  projected years (``chip_supply.deal_sizes``). The size has no effect while any other factor
  is zero: the deal is off, its firmness weight (letter of intent / "up to") is 0, or it
  delivers nothing between the year after the base year and the horizon.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from chipscope.model import chip_supply
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset

WEIGHT_LABELS = {"deal_weight_loi": "Deal weight: letter of intent",
                 "deal_weight_up_to": "Deal weight: 'up to' ceiling"}


def inputs_of(dataset: Dataset) -> tuple[str, ...]:
    """The keys :func:`inert_assumptions` reads: while their values stay the same, so does
    its answer (a caller can skip the work on every other slider tick)."""
    deals = chip_supply.dataset_parts(dataset).deal_ids
    return ("base_year", "horizon_year", *WEIGHT_LABELS,
            *(f"vendor.{v}.supply_cap_h100e" for v in dataset.vendor_ids),
            *(f"deal.{d}.{name}" for d in deals for name in ("enabled", "size_h100e_per_year")))


def inert_assumptions(dataset: Dataset, a: Assumptions) -> dict[str, str]:
    """Key -> why its value has no effect now (a clause: "the deal is off"), for the keys
    that have none."""
    base, horizon = int(a["base_year"]), int(a["horizon_year"])
    years = np.arange(base + 1, horizon + 1, dtype=np.int64)
    out = _deal_reasons(dataset, a, years)
    parts = chip_supply.dataset_parts(dataset)
    first = int(dataset.history_years[0])
    sold = dataset.history_cube("units")[: base - first + 1].sum(axis=(0, 1)) @ parts.chip_vendor
    delivered = chip_supply.deal_sizes(dataset, a, years).sum(axis=0) @ parts.deal_vendor_onehot
    caps = a.per_vendor(dataset, "supply_cap_h100e")
    for v, vid in enumerate(dataset.vendor_ids):
        if not np.isnan(caps[v]):
            continue
        if sold[v] > 0:
            out[f"vendor.{vid}.cap_growth_pct"] = (
                "the supply cap is none (untick \u201cno cap\u201d and set a cap first)")
        elif delivered[v] <= 0:
            out[f"vendor.{vid}.cap_growth_pct"] = (
                "the supply cap is none and no deal of this new vendor delivers in the "
                "projected years (the capacity its deals build is what grows)")
    return out


def _deal_reasons(dataset: Dataset, a: Assumptions,
                  years: npt.NDArray[np.int64]) -> dict[str, str]:
    parts = chip_supply.dataset_parts(dataset)
    if not parts.deal_ids:
        return {}
    profile = chip_supply.deal_profile(parts.deal_first, parts.deal_last, parts.deal_start, years)
    delivers = profile.sum(axis=0) > 0
    out: dict[str, str] = {}
    for d, did in enumerate(parts.deal_ids):
        weight_key = chip_supply.FIRMNESS_KEYS[parts.deal_firmness[d]]
        if a[f"deal.{did}.enabled"] == 0:
            why = "the deal is off (tick \u201cOn\u201d to count it)"
        elif weight_key and a[weight_key] == 0:
            why = f"its firmness weight ({WEIGHT_LABELS[weight_key]}) is 0"
        elif not delivers[d]:
            why = (f"it delivers nothing between {int(years[0]) if len(years) else '-'} and "
                   f"the horizon ({int(a['horizon_year'])})")
        else:
            continue
        out[f"deal.{did}.size_h100e_per_year"] = why
    return out
