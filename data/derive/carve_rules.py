"""Carve-out rules: which share of an Epoch owner's purchases belongs to an AI lab or to Apple.

Epoch AI's ai-chip-counts split chip purchases by *owner* (the company that holds the hardware).
ChipScope's adopters are *buyers of compute*: OpenAI, Anthropic and Apple run on chips owned by
Microsoft, Oracle, CoreWeave, Amazon and Google. Each rule below moves a share of one owner's
purchases (in one year, for some chips) to another adopter; the owner keeps the rest, so the sum
over adopters still equals Epoch's total exactly. Units, and their 5th/95th percentiles, are
scaled by the same fraction.

A rule gives either ``fraction`` (share of the owner's median units) or ``units`` (a number of
chips; the fraction is then ``units / owner's median units`` for those chips and that year).
Every number here is a ChipScope estimate (source ``chipscope_estimate``); ``why`` says which
facts it rests on and ends up in history.csv's ``derivation`` column. docs/data.md has the
longer reasoning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Carve:
    adopter: str  # who gets the carved share
    owner: str  # the ChipScope adopter id of the Epoch owner it is taken from
    year: int
    vendor: str  # "nvidia", "amd", "google", "aws"
    chips: tuple[str, ...] | None  # chip ids, or None for all of that vendor's chips
    fraction: float | None = None
    units: float | None = None
    why: str = ""
    confidence: str = "low"


_MS_OPENAI = (
    "OpenAI share of Microsoft's NVIDIA purchases (estimate): Microsoft's GPT-4 cluster "
    "~25k A100 (2022) = 14% of Microsoft's 2022 A100 units and the OpenAI/Microsoft Goodyear "
    "AZ ~100k H100 (2024) = 15% of Microsoft's 2024 H100 units (Epoch GPU clusters) -> 15% "
    "[sources: epoch_gpu_clusters]"
)
_MS_OPENAI_2025 = (
    "OpenAI share of Microsoft's 2025 NVIDIA purchases (estimate): 20%, the low end of "
    "Microsoft's Fairwater (Mt Pleasant WI) GB200 build for OpenAI (150k-700k planned, Epoch "
    "GPU clusters) ~ 150k of ~725k Blackwell units Microsoft bought in 2025 "
    "[sources: epoch_gpu_clusters]"
)
_CW_OPENAI = (
    "OpenAI share of CoreWeave's purchases (estimate, low): no cluster fact; set so that OpenAI's "
    "carved fleet is consistent with its cloud compute spend ($5.8B in 2024, ~$16B in 2025, "
    "market_calibration.csv) - see docs/data.md "
    "[sources: openai_compute_spend, skypilot_catalog_aws]"
)
_ANTH_TRN = (
    "Anthropic share of Amazon's Trainium2 purchases (estimate): Project Rainier ~500k Trn2 live "
    "Oct 2025, >1M planned by end-2025 (AWS); 25% of 2024 Trn2 (~78k, Q4-2024 shipments for "
    "Rainier) and 70% of 2025 Trn2 (~758k), cumulative ~836k by end-2025 "
    "[sources: aws_project_rainier]"
)
_ANTH_TPU = (
    "Anthropic share of Google's TPU purchases (estimate, low): Anthropic compute spend $0.285B "
    "(2023), $2.5B (2024); assuming ~1/3 on Google Cloud at TPU v6e's $2.70/chip-hour gives "
    "~35k v6e-years (~33k H100e) in 2024 ~ 3% of Google's TPU fleet at end-2024 (~0.98M H100e); "
    "1% in 2023, 5% in 2025 (spend "
    "growth, Oct-2025 expansion) [sources: anthropic_compute_spend, skypilot_catalog_gcp]"
)

RULES: tuple[Carve, ...] = (
    # --- OpenAI out of Microsoft (NVIDIA only: Microsoft's AMD GPUs serve Azure's own products) ---
    Carve("openai", "microsoft", 2022, "nvidia", None, fraction=0.15, why=_MS_OPENAI),
    Carve("openai", "microsoft", 2023, "nvidia", None, fraction=0.15, why=_MS_OPENAI),
    Carve("openai", "microsoft", 2024, "nvidia", None, fraction=0.15, why=_MS_OPENAI),
    Carve("openai", "microsoft", 2025, "nvidia", None, fraction=0.20, why=_MS_OPENAI_2025),
    # --- OpenAI out of Oracle: Stargate Abilene phase 1, ~100k GB200 (Epoch type "B200") ---
    Carve(
        "openai", "oracle", 2025, "nvidia", ("b200",), units=100_000,
        why="OpenAI's Stargate Abilene phase 1 on Oracle OCI: ~100k GB200 (Epoch GPU clusters), "
        "taken from Oracle's 2025 B200/GB200 units [sources: epoch_gpu_clusters]",
    ),
    # --- OpenAI out of CoreWeave ---
    Carve("openai", "coreweave", 2024, "nvidia", None, fraction=0.25, why=_CW_OPENAI),
    Carve("openai", "coreweave", 2025, "nvidia", None, fraction=0.40, why=_CW_OPENAI),
    # --- Anthropic out of Amazon (Trainium2, Project Rainier) and Google (TPUs) ---
    Carve("anthropic", "amazon", 2024, "aws", ("trainium2",), fraction=0.25, why=_ANTH_TRN,
          confidence="medium"),
    Carve("anthropic", "amazon", 2025, "aws", ("trainium2",), fraction=0.70, why=_ANTH_TRN,
          confidence="medium"),
    Carve("anthropic", "google", 2023, "google", None, fraction=0.01, why=_ANTH_TPU),
    Carve("anthropic", "google", 2024, "google", None, fraction=0.03, why=_ANTH_TPU),
    Carve("anthropic", "google", 2025, "google", None, fraction=0.05, why=_ANTH_TPU),
    # --- Apple out of Google: the TPUs of the Apple Foundation Model paper ---
    Carve(
        "apple", "google", 2023, "google", ("tpu_v4",), units=8_192,
        why="Apple AFM-server trained on 8,192 TPU v4 (Apple AFM paper, July 2024); v4 "
        "production ended in 2023, so taken from Google's 2023 TPU v4 units "
        "[sources: apple_afm_paper]",
        confidence="medium",
    ),
    Carve(
        "apple", "google", 2024, "google", ("tpu_v5p",), units=2_048,
        why="Apple AFM-on-device trained on 2,048 TPU v5p (Apple AFM paper, July 2024), taken "
        "from Google's 2024 TPU v5p units [sources: apple_afm_paper]",
        confidence="medium",
    ),
)
