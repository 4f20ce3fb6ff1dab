"""Synthetic datasets of any size, for tests and benchmarks. Pure and deterministic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chipscope.model.dataset import H100_DENSE_BF16_TFLOPS, TABLES, Dataset

_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
            "#000000")


def synthetic_frames(
    n_adopters: int = 6,
    n_chips: int = 12,
    n_history_years: int = 4,
    n_vendors: int = 4,
    first_year: int = 2022,
    seed: int = 0,
    n_deals: int = 2,
) -> dict[str, pd.DataFrame]:
    """Raw tables (strings, like a CSV read with dtype=str) of a random but valid dataset."""
    rng = np.random.default_rng(seed)
    src = "synthetic"
    sources = pd.DataFrame([{
        "source_id": src, "citation": "Synthetic data for tests", "url": "",
        "retrieved": "2026-01-01", "licence": "MIT",
    }])
    vendors = pd.DataFrame([{
        "vendor_id": f"v{i}", "name": f"Vendor {i}",
        "kind": ("merchant", "hyperscaler custom", "startup")[i % 3],
        "colour": _PALETTE[i % len(_PALETTE)], "source_id": src, "confidence": "low", "notes": "",
    } for i in range(n_vendors)])
    last_hist = first_year + n_history_years - 1
    chips = []
    for c in range(n_chips):
        tflops = float(rng.uniform(150, 3000))
        chips.append({
            "chip_id": f"c{c}", "vendor_id": f"v{c % n_vendors}", "name": f"Chip {c}",
            "launch_year": int(rng.integers(first_year - 2, last_hist + 3)),
            "dense_bf16_tflops": f"{tflops:.1f}", "memory_gb": "80", "bandwidth_tbs": "3",
            "tdp_w": "700",
            "price_usd": f"{tflops / H100_DENSE_BF16_TFLOPS * 25000 * rng.uniform(0.5, 1.5):.0f}",
            "price_year": str(last_hist), "price_is_estimate": "true",
            "price_derivation": "random", "source_id": src, "confidence": "low", "notes": "",
        })
    chips_df = pd.DataFrame(chips)
    adopters = pd.DataFrame([{
        "adopter_id": f"a{i}", "name": f"Adopter {i}",
        "kind": ("AI lab", "hyperscaler", "region", "other")[i % 4],
        "derivation": "random", "source_id": src, "confidence": "low",
    } for i in range(n_adopters)])
    access = []
    for a in range(n_adopters):
        for v in range(n_vendors):
            # Everyone reaches vendor 0; others with some probability.
            if v == 0 or rng.random() < 0.7:
                access.append({"adopter_id": f"a{a}", "vendor_id": f"v{v}",
                               "access": f"{1.0 if v == 0 else rng.uniform(0.3, 1):.2f}",
                               "source_id": src, "confidence": "low", "notes": ""})
    access_df = pd.DataFrame(access)
    history = []
    launch = chips_df["launch_year"].to_numpy()
    per_unit = chips_df["dense_bf16_tflops"].astype(float).to_numpy() / H100_DENSE_BF16_TFLOPS
    reach = {(r["adopter_id"], r["vendor_id"]) for r in access}
    for y in range(first_year, last_hist + 1):
        for a in range(n_adopters):
            for c in range(n_chips):
                if launch[c] > y or (f"a{a}", f"v{c % n_vendors}") not in reach:
                    continue
                if rng.random() < 0.3 and c % n_vendors != 0:
                    continue
                units = float(rng.uniform(100, 50_000)) * (1.5 ** (y - first_year))
                history.append({
                    "year": y, "adopter_id": f"a{a}", "chip_id": f"c{c}",
                    "units": f"{units:.1f}", "units_p5": f"{units * 0.6:.1f}",
                    "units_p95": f"{units * 1.6:.1f}",
                    "h100e": f"{units * per_unit[c]:.3f}",
                    "h100e_p5": f"{units * 0.6 * per_unit[c]:.3f}",
                    "h100e_p95": f"{units * 1.6 * per_unit[c]:.3f}",
                    "derivation": "random", "source_id": src, "confidence": "low",
                })
    deals = []
    for d in range(n_deals):
        a, v = d % n_adopters, (d + 1) % n_vendors
        if (f"a{a}", f"v{v}") not in reach:
            v = 0
        deals.append({
            "deal_id": f"d{d}", "adopter_id": f"a{a}", "vendor_id": f"v{v}", "chip_id": "",
            "first_year": last_hist + 1, "last_year": last_hist + 4, "amount": "80000",
            "amount_unit": "h100e", "h100e_per_year": "20000",
            "conversion": "80,000 H100e over 4 years",
            "description": f"Deal {d}: synthetic", "source_id": src, "confidence": "low",
        })
    deals_df = pd.DataFrame(deals, columns=TABLES["deals"].column_names)
    meta = pd.DataFrame({"key": ["name", "date", "version"],
                         "value": ["Synthetic dataset", "2026-01-01", "1"]})
    frames = {"sources": sources, "vendors": vendors, "chips": chips_df, "adopters": adopters,
              "access": access_df, "deals": deals_df, "history": pd.DataFrame(history),
              "meta": meta}
    return {k: v.astype(str) for k, v in frames.items()}


def synthetic_dataset(**kwargs: int) -> Dataset:
    """A validated :class:`Dataset` built from :func:`synthetic_frames`."""
    return Dataset.from_frames(synthetic_frames(**kwargs))
