"""Chips leave the market (sales life, and retired by the base year), and export variants and
controls decide who may buy a chip, on the real dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.chip_supply import availability, bass_cdf, chip_access_by_year
from chipscope.model.engine import project
from chipscope.storage.csv_source import validate_csv_dir

DATA = Path(__file__).resolve().parents[2] / "data"
DATASET = validate_csv_dir(DATA)
SPECS = AssumptionSpecs.for_dataset(DATASET)


def _bought(p, chip: str, adopters: list[str] | None = None) -> np.ndarray:  # type: ignore[no-untyped-def]
    c = DATASET.chip_ids.index(chip)
    rows = [DATASET.adopter_ids.index(a) for a in adopters] if adopters else slice(None)
    return p.units[~p.is_history][:, rows, c].sum(axis=1)


def test_export_variants_go_to_china_only_and_controlled_chips_never_do() -> None:
    p = project(DATASET, SPECS.defaults())
    others = [a for a in DATASET.adopter_ids if a != "china"]
    chips = DATASET.chips.set_index("chip_id")
    variants = list(chips.index[chips["only_for"] == "china"])
    controlled = list(chips.index[chips["not_for"] == "china"])
    assert {"h20", "mi308x"} <= set(variants) and {"h100", "b300", "mi355x"} <= set(controlled)
    for chip in variants:
        assert (_bought(p, chip, others) == 0).all(), chip
    # A controlled chip reaches China only in the years an export rule allows it (the H200).
    access = chip_access_by_year(DATASET, p.years[~p.is_history])
    china = DATASET.adopter_ids.index("china")
    for chip in controlled:
        barred = ~access[:, china, DATASET.chip_ids.index(chip)]
        assert (_bought(p, chip, ["china"])[barred] == 0).all(), chip
    # China still buys: the variants and its own vendors carry its purchases.
    assert _bought(p, "mi308x", ["china"]).sum() > 0
    assert _bought(p, "ascend_910c", ["china"]).sum() > 0


@pytest.mark.parametrize("base_year", [2024, 2025])
def test_chips_nobody_bought_in_the_base_year_stay_off_the_market(base_year: int) -> None:
    p = project(DATASET, SPECS.defaults().replace({"base_year": base_year}))
    units = DATASET.history_cube("units").sum(axis=1)
    b = list(DATASET.history_years).index(base_year)
    retired = [c for i, c in enumerate(DATASET.chip_ids)
               if units[:b, i].sum() > 0 and units[b, i] == 0]
    assert "a100" in retired and "tpu_v4" in retired
    for chip in retired:
        assert (_bought(p, chip) == 0).all(), chip
    assert _bought(p, "h100").sum() > 0  # still sold in the base year: still on sale


def test_sales_life_retires_old_chips_and_a_vendors_newest_later() -> None:
    years = np.arange(2026, 2041)
    life = 3.0
    avail = availability(DATASET, years, 0.1, 0.9, life)
    chips = DATASET.chips.reset_index(drop=True)
    for chip in ("h100", "tpu_v6e", "vera_rubin", "groq_lpu_v1", "h20"):
        c = DATASET.chip_ids.index(chip)
        age = years - chips.at[c, "launch_year"] + 1.0
        ramp = bass_cdf(age, 0.1, 0.9)
        if chip in ("vera_rubin", "groq_lpu_v1", "h20"):  # newest of its vendor and market
            # It stays twice as long, then retires too (no chip sells for ever).
            np.testing.assert_allclose(avail[:, c], ramp - bass_cdf(age - 2 * life, 0.1, 0.9))
            assert avail[min(len(years) - 1, int(chips.at[c, "launch_year"] + 2 * life
                                                 - years[0])), c] > 0.5
        else:
            np.testing.assert_allclose(avail[:, c], ramp - bass_cdf(age - life, 0.1, 0.9))
            assert avail[-1, c] < 1e-3 < avail[0, c]
    # 30 years: nothing launched since 2010 retires before 2041.
    np.testing.assert_allclose(availability(DATASET, years, 0.1, 0.9, 30.0),
                               bass_cdf(years[:, None] - chips["launch_year"].to_numpy()[None, :]
                                        + 1.0, 0.1, 0.9), atol=1e-12)


def test_a_deal_that_names_a_chip_buys_that_chip() -> None:
    """OpenAI-AMD (6 GW) names the MI450 and Anthropic-Google (1M TPUs) the TPU v7: those
    purchases are of that chip, and turning the deal off gives the vendor's usual mix again;
    a vendor's total is the same either way when the deal does not bind the vendor share."""
    p = project(DATASET, SPECS.defaults())
    a, c = DATASET.adopter_ids.index("openai"), DATASET.chip_ids.index("mi450")
    amd = [i for i, v in enumerate(DATASET.chip_vendor_index)
           if DATASET.vendor_ids[v] == "amd"]
    proj = ~p.is_history
    openai_amd = p.h100e[proj][:, a, amd].sum(axis=1)
    assert (openai_amd > 0).all()
    # The deal's deliveries are MI450s; what OpenAI's budget buys from AMD beyond the deal
    # follows the lower nest (MI450 among the others).
    from chipscope.model import chip_supply

    d = list(chip_supply.dataset_parts(DATASET).deal_ids).index("openai_amd_6gw")
    deliveries = chip_supply.deal_sizes(DATASET, SPECS.defaults(), p.years[proj])[:, d]
    assert (p.h100e[proj][:, a, c] >= deliveries * (1 - 1e-12)).all()
    assert (p.h100e[proj][:, a, c] > 0.5 * openai_amd).all()
    t = list(p.years).index(2026)
    g, v7 = DATASET.adopter_ids.index("anthropic"), DATASET.chip_ids.index("tpu_v7")
    deal = DATASET.deals.set_index("deal_id").loc["anthropic_google_tpu_1m"]
    assert deal.chip_id == "tpu_v7"
    google = [i for i, v in enumerate(DATASET.chip_vendor_index)
              if DATASET.vendor_ids[v] == "google"]
    assert p.h100e[t, g, v7] >= deal.h100e_per_year * (1 - 1e-12)  # all of it in 2026
    assert p.h100e[t, g, v7] >= 0.9 * p.h100e[t, g, google].sum()
    # Without chip names the lower nest splits the vendor's purchases across its chips.
    from chipscope.model import engine

    # (Hosted deals come out of their host's budget at the named chip's cost, so compare
    # without hosts.)
    unhosted = DATASET.deals.assign(host_id="")
    hosted_off = type(DATASET).from_frames({**DATASET.frames, "deals": unhosted})
    p = engine.project(hosted_off, AssumptionSpecs.for_dataset(hosted_off).defaults())
    names_off = unhosted.assign(chip_id="")
    plain = type(DATASET).from_frames({**DATASET.frames, "deals": names_off})
    q = engine.project(plain, AssumptionSpecs.for_dataset(plain).defaults())
    np.testing.assert_allclose(q.by_vendor(), p.by_vendor(), rtol=1e-12)
    # In 2026, when the MI450 is new, the lower nest alone buys far fewer of them.
    assert q.h100e[proj][0, a, c] < 0.9 * p.h100e[proj][0, a, c]


def test_past_peak_cap_follows_the_history(monkeypatch: pytest.MonkeyPatch) -> None:
    from chipscope.model.chip_supply import past_peak_cap

    # (years, adopters, chips): rising, peaked then fell, peaked then gone, never bought.
    units = np.zeros((3, 2, 4))
    units[:, 0, 0] = [1, 2, 4]
    units[:, 0, 1] = [2, 10, 5]
    units[:, 1, 1] = [0, 10, 0]
    units[:, 0, 2] = [3, 1, 0]
    # Chip 1 fell to a quarter of its peak in one year and keeps falling at that rate.
    np.testing.assert_allclose(past_peak_cap(units, np.array([1.0, 2.0])),
                               [[1.0, 0.25 ** 2, 0.0, 1.0], [1.0, 0.25 ** 3, 0.0, 1.0]])
    units[:, 0, 1] = [10, 5, 5]  # peaked two years before the base year: half in two years
    units[:, 1, 1] = 0
    np.testing.assert_allclose(past_peak_cap(units, np.array([2.0]))[0, 1], 0.5 ** 2)
    # On the real data, TPU v5e (97k units in 2025, 1.47M at its 2024 peak) keeps declining
    # from its base-year sales; without the cap its availability is the Bass ramp's.
    capped = _bought(project(DATASET, SPECS.defaults()), "tpu_v5e")
    assert capped[0] < hist_last("tpu_v5e") and (capped[1:] < 0.01 * hist_last("tpu_v5e")).all()
    years = np.arange(2026, 2031)
    steps = (years - 2025).astype(float)
    units_hist = DATASET.history_cube("units")
    c = DATASET.chip_ids.index("tpu_v5e")
    cap = past_peak_cap(units_hist, steps)[:, c]
    assert (cap < 0.1).all() and (np.diff(cap) < 0).all()


def hist_last(chip: str) -> float:
    """Units of ``chip`` bought in the last history year."""
    return float(DATASET.history_cube("units")[-1, :, DATASET.chip_ids.index(chip)].sum())


def test_vendor_reach_counts_export_rules() -> None:
    """China has access to Intel in the data, but export rules bar every Gaudi: it cannot
    reach Intel. It can reach NVIDIA (the H20) and AMD (the MI308X)."""
    reach = DATASET.vendor_reach_matrix
    china = DATASET.adopter_ids.index("china")
    v = {x: i for i, x in enumerate(DATASET.vendor_ids)}
    assert DATASET.access_matrix[china, v["intel"]] > 0 and not reach[china, v["intel"]]
    assert reach[china, v["nvidia"]] and reach[china, v["amd"]]
    assert (reach <= (DATASET.access_matrix > 0)).all()
