"""Cross-table checks of the dataset: foreign keys, dense-only TFLOP/s, history consistency."""

from __future__ import annotations

import pandas as pd

from chipscope.model.tables import H100_DENSE_BF16_TFLOPS, TABLES


def check_relations(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Cross-table checks on typed frames: foreign keys, and the market-level invariants."""
    problems: list[str] = []
    for name, table in TABLES.items():
        frame = frames[name]
        for col in table.columns:
            if col.references is None:
                continue
            ref_table, ref_col = col.references.split(".")
            known = set(frames[ref_table][ref_col])
            values = frame[col.name]
            for idx in values.index:
                v = values[idx]
                if (v == "" and not col.required) or v in known:
                    continue
                problems.append(
                    f"{name}, line {idx + 2}, column {col.name}: {v!r} is not a known "
                    f"{ref_table[:-1]} ({col.references})"
                )
    problems += export_rule_problems(frames["export_rules"])
    chips = frames["chips"]
    if not chips.empty:
        # Dense-only: an H100 row carrying the sparse datasheet figure (1979) would double it.
        h100 = chips[chips["name"].str.contains("H100", case=False)]
        for idx in h100.index[h100["dense_bf16_tflops"] > 1.5 * H100_DENSE_BF16_TFLOPS]:
            problems.append(
                f"chips, line {idx + 2}, column dense_bf16_tflops: "
                f"{chips['dense_bf16_tflops'].to_numpy()[chips.index.get_loc(idx)]:g} "
                "looks like a sparse figure "
                f"(H100 dense BF16 is {H100_DENSE_BF16_TFLOPS:g})"
            )
    hist = frames["history"]
    if not hist.empty and not chips.empty:
        # h100e must equal units x dense BF16 / 989 within the rounding of the source (5 %).
        per_unit = chips.set_index("chip_id")["dense_bf16_tflops"] / H100_DENSE_BF16_TFLOPS
        expected = hist["units"] * hist["chip_id"].map(per_unit)
        rel = (hist["h100e"] - expected).abs() / expected.clip(lower=1.0)
        for idx in hist.index[(rel > 0.05) & (hist["h100e"] > 100)]:
            problems.append(
                f"history, line {idx + 2}: "
                f"h100e {hist['h100e'].to_numpy()[hist.index.get_loc(idx)]:g} does not match "
                f"units x dense TFLOP/s / 989 = {expected[idx]:.0f} for chip "
                f"{hist.at[idx, 'chip_id']!s} (dense and sparse mixed?)"
            )
        # Whoever bought a vendor's chips can reach that vendor (the engine relies on it).
        vendor_of = dict(zip(chips["chip_id"], chips["vendor_id"], strict=True))
        reach = {(a, v) for a, v, x in zip(frames["access"]["adopter_id"],
                                           frames["access"]["vendor_id"],
                                           frames["access"]["access"], strict=True) if x > 0}
        for idx in hist.index[hist["h100e"] > 0]:
            chip = hist.at[idx, "chip_id"]
            if chip not in vendor_of:
                continue  # an unknown chip (told above): it has no vendor to name
            pair = (str(hist.at[idx, "adopter_id"]), str(vendor_of[chip]))
            if pair not in reach:
                problems.append(
                    f"history, line {idx + 2}: {pair[0]} bought {hist.at[idx, 'chip_id']!s} but "
                    f"access.csv gives {pair[0]} no access to {pair[1]}"
                )
        for lo, mid, hi in (("units_p5", "units", "units_p95"), ("h100e_p5", "h100e", "h100e_p95")):
            have = hist[lo].notna() & hist[hi].notna()
            bad = have & ((hist[lo] > hist[mid] * 1.0001) | (hist[hi] < hist[mid] * 0.9999))
            for idx in hist.index[bad]:
                problems.append(f"history, line {idx + 2}: {mid} is outside [{lo}, {hi}]")
    return problems + reported_problems(frames)


def export_rule_problems(rules: pd.DataFrame) -> list[str]:
    """Each export rule covers at least one year, and no two rules for the same chip and
    adopter say different things about the same year (the engine would apply whichever comes
    last). Rules that agree may overlap."""
    problems: list[str] = []
    if rules.empty:
        return problems
    spans = list(zip(rules["chip_id"], rules["adopter_id"], rules["first_year"],
                     rules["last_year"], rules["rule"], strict=True))
    for pos, (chip, adopter, first, last, rule) in enumerate(spans):
        if last < first:  # told by the table checks (table_checks._year_order)
            continue
        for other, (c2, a2, f2, l2, r2) in enumerate(spans[:pos]):
            if ((c2, a2) == (chip, adopter) and r2 != rule and f2 <= l2
                    and f2 <= last and first <= l2):
                problems.append(
                    f"export_rules, line {pos + 2}, column rule: {rule!r} for {chip!r} to "
                    f"{adopter!r} in {first}-{last} contradicts line {other + 2} ({r2!r} in "
                    f"{f2}-{l2}); the years {max(first, f2)}-{min(last, l2)} overlap"
                )
    return problems


def reported_problems(frames: dict[str, pd.DataFrame]) -> list[str]:
    """The reported figures name known vendors, and a comparable fraction exactly when they are
    compared (``comparison`` other than ``context``)."""
    problems: list[str] = []
    reported = frames.get("reported")
    if reported is None or reported.empty:
        return problems
    known = set(frames["vendors"]["vendor_id"])
    for pos, (ids, comparison, fraction) in enumerate(zip(
            reported["vendor_ids"], reported["comparison"], reported["comparable_fraction"],
            strict=True)):
        where = f"reported, line {pos + 2}"
        for vid in str(ids).split("+"):
            if vid.strip() not in known:
                problems.append(f"{where}, column vendor_ids: {vid.strip()!r} is not a known "
                                "vendor (vendors.vendor_id; several are joined by '+')")
        has_fraction = not pd.isna(fraction)
        if comparison == "context" and has_fraction:
            problems.append(f"{where}, column comparable_fraction: a context row is not "
                            "compared; leave it empty")
        elif comparison != "context" and not has_fraction:
            problems.append(f"{where}, column comparable_fraction: empty; a {comparison} row "
                            "needs the part of the figure that is accelerator chips (0 to 1)")
    return problems
