"""Regenerate ChipScope's data/history.csv from Epoch AI's ai-chip-counts exports.

Usage (from the repository root)::

    /work/venv/bin/python data/derive/derive_history.py [REFERENCE_DIR] [--data DATA_DIR] [--report]

REFERENCE_DIR defaults to ``<repo>/../shared/reference`` (it must hold ``epoch-ai-chip-counts/``).
The script reads ``data/chips.csv`` (dense BF16 TFLOP/s per chip) and the carve-out rules in
``carve_rules.py``, and writes ``data/history.csv``. With ``--report`` it prints the checks that
docs/data.md quotes (year totals against Epoch's totals, the 8-bit vs BF16 H100e factors, ...).

What it does:
1. Reads Epoch's quarterly owner-by-chip estimates (median and 5th/95th percentiles of units):
   NVIDIA named owners (Microsoft, Meta, Amazon, Google, Oracle, China), NVIDIA "Other" (which
   *excludes* xAI and CoreWeave), CoreWeave, AMD (owners Microsoft, Meta, Oracle, China, Other),
   Google TPU (owner Google), Amazon Trainium (owner Amazon); and xAI's cumulative chip counts
   (data_inputs/named_other_owners_quarters_by_chip.csv), annualised as year-end differences.
2. Sums the quarters of each calendar year 2022..2025 (2026 is a partial year and is dropped).
   Percentiles are summed too: an approximation (the sum of quarterly 5th percentiles is below
   the 5th percentile of the annual sum when quarters are not perfectly correlated).
3. Carves AI labs and Apple out of their hosts (carve_rules.py); units and percentiles scale by
   the same fraction, so adopters still add up to Epoch's totals exactly.
4. Computes H100e = units x dense BF16 TFLOP/s / 989 from chips.csv. Epoch's own H100e column is
   on an 8-bit basis and is NOT used (it halves TPU v4/v4i and MI250X, for instance).
5. A separate step, not from the owner exports: China's Huawei Ascend purchases in 2024-2025 from
   the reference facts file (facts/market_2025_2026.csv rows C019-C021; see ``huawei_rows``).
   Epoch's owner exports count no Chinese domestic chips, so these rows add to their totals.

It is a developer tool (pandas), not part of the app package.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

sys.dont_write_bytecode = True  # leave no __pycache__ in data/derive
sys.path.insert(0, str(Path(__file__).resolve().parent))
from carve_rules import RULES, Carve  # noqa: E402

H100_DENSE_BF16 = 989.0
YEARS = (2022, 2023, 2024, 2025)
REPO = Path(__file__).resolve().parents[2]

OWNER_IDS = {
    "Microsoft": "microsoft", "Meta": "meta", "Amazon": "amazon", "Google": "google",
    "Oracle": "oracle", "China": "china", "Other": "rest", "CoreWeave": "coreweave", "xAI": "xai",
}
CHIP_IDS = {
    "A100": "a100", "A800": "a800", "H100/H200": "h100", "H800": "h800", "H20": "h20",
    "B200": "b200", "B300": "b300",
    "Instinct MI250X": "mi250x", "Instinct MI300A": "mi300a", "Instinct MI300X": "mi300x",
    "Instinct MI325X": "mi325x", "Instinct MI350X": "mi350x", "Instinct MI355X": "mi355x",
    "Instinct MI308X": "mi308x",
    "TPU v4": "tpu_v4", "TPU v4i": "tpu_v4i", "TPU v5e": "tpu_v5e", "TPU v5p": "tpu_v5p",
    "TPU v6e": "tpu_v6e", "TPU v7": "tpu_v7",
    "Trainium1": "trainium1", "Trainium2": "trainium2",
}
# (relative path, vendor, short label for the derivation text)
QUARTER_FILES = (
    ("owners_csv_export/nvidia_owners_quarters_by_chip.csv", "nvidia",
     "nvidia_owners_quarters_by_chip"),
    ("owners_csv_export/nvidia_owners_OTHER_quarters_by_chip.csv", "nvidia",
     "nvidia_owners_OTHER_quarters_by_chip (excl. xAI, CoreWeave)"),
    ("owners_csv_export/coreweave/coreweave_owners_quarters_by_chip.csv", "nvidia",
     "coreweave_owners_quarters_by_chip"),
    ("owners_csv_export/amd_owners_quarters_by_chip.csv", "amd", "amd_owners_quarters_by_chip"),
    ("owners_csv_export/tpu_owners_quarters_by_chip.csv", "google", "tpu_owners_quarters_by_chip"),
    ("owners_csv_export/trainium_owners_quarters_by_chip.csv", "aws",
     "trainium_owners_quarters_by_chip"),
)
XAI_FILE = "data_inputs/named_other_owners_quarters_by_chip.csv"
# Epoch's vendor-level totals (by chip and calendar quarter), for the reconciliation report.
TOTAL_FILES = {
    "nvidia": "csv_export/nvidia_calendar_quarter_chip_timelines.csv",
    "amd": "csv_export/amd_chip_timelines.csv",
    "google": "csv_export/tpu_calendar_quarter_chip_timelines.csv",
    "aws": "csv_export/trainium_chip_timelines.csv",
}


def _col(frame: pd.DataFrame, *names: str) -> pd.Series:
    for n in names:
        if n in frame.columns:
            return pd.to_numeric(frame[n], errors="coerce")
    raise KeyError(f"none of {names} in {list(frame.columns)}")


def _year(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], format="mixed").dt.year


def read_quarters(ref: Path) -> pd.DataFrame:
    """All owner x chip x quarter rows, normalised; Epoch H100e kept only for the report."""
    parts = []
    for rel, vendor, label in QUARTER_FILES:
        f = pd.read_csv(ref / "epoch-ai-chip-counts" / rel)
        parts.append(pd.DataFrame({
            "year": _year(f, "Start date"),
            "owner": f["Owner"].map(OWNER_IDS),
            "epoch_owner": f["Owner"],
            "vendor": vendor,
            "epoch_chip": f["Chip type"],
            "chip_id": f["Chip type"].map(CHIP_IDS),
            "units": _col(f, "Number of Units", "Number of Units (median)"),
            "units_p5": _col(f, "Number of Units (5th percentile)"),
            "units_p95": _col(f, "Number of Units (95th percentile)"),
            "epoch_h100e": _col(f, "Compute estimate in H100e (median)"),
            "file": label,
            "quarters": 1,
        }))
    q = pd.concat(parts, ignore_index=True)
    unknown = q[q["owner"].isna() | q["chip_id"].isna()]
    if not unknown.empty:
        pairs = unknown[["epoch_owner", "epoch_chip"]].drop_duplicates()
        raise SystemExit(f"unmapped owner/chip:\n{pairs}")
    return q


def read_xai(ref: Path) -> pd.DataFrame:
    """xAI: cumulative counts since 2024-01-01 -> chips added in each calendar year."""
    f = pd.read_csv(ref / "epoch-ai-chip-counts" / XAI_FILE)
    f = f[f["Owner"] == "xAI"].copy()
    f["end"] = pd.to_datetime(f["End date"], format="mixed")
    f["year"] = f["end"].dt.year
    rows = []
    for chip, g in f.groupby("Chip type"):
        prev_units, prev_h = 0.0, 0.0
        for year in YEARS:
            upto = g[g["end"].dt.year <= year]
            if upto.empty:
                continue
            last = upto.sort_values("end").iloc[-1]
            units = float(last["Number of Units"]) - prev_units
            h = float(last["Compute estimate in H100e (median)"]) - prev_h
            prev_units = float(last["Number of Units"])
            prev_h = float(last["Compute estimate in H100e (median)"])
            if units <= 0:
                continue
            rows.append({
                "year": year, "owner": "xai", "epoch_owner": "xAI", "vendor": "nvidia",
                "epoch_chip": chip, "chip_id": CHIP_IDS[chip], "units": units,
                "units_p5": float("nan"), "units_p95": float("nan"), "epoch_h100e": h,
                "file": "named_other_owners_quarters_by_chip (xAI, cumulative)", "quarters": 0,
            })
    return pd.DataFrame(rows)


def annual(q: pd.DataFrame) -> pd.DataFrame:
    q = q[q["year"].isin(YEARS)]
    keys = ["year", "owner", "epoch_owner", "vendor", "epoch_chip", "chip_id", "file"]
    a = q.groupby(keys, as_index=False).agg(
        units=("units", "sum"), units_p5=("units_p5", lambda s: s.sum(min_count=1)),
        units_p95=("units_p95", lambda s: s.sum(min_count=1)), epoch_h100e=("epoch_h100e", "sum"),
        quarters=("quarters", "sum"),
    )
    return a[a["units"] > 0].reset_index(drop=True)


def _base_text(r: pd.Series) -> str:
    if r["owner"] == "xai":
        return (f"Epoch {r['file']}: units added in {r['year']} = year-end cumulative minus "
                f"previous year-end (Epoch type {r['epoch_chip']}); no percentiles in source")
    return (f"Epoch {r['file']}, owner {r['epoch_owner']}, type {r['epoch_chip']}: "
            f"sum of {r['quarters']} quarter(s)")


def apply_carves(a: pd.DataFrame, rules: tuple[Carve, ...]) -> pd.DataFrame:
    a = a.copy()
    a["carved_fraction"] = 0.0
    a["carve_note"] = ""
    out = []
    for rule in rules:
        m = (a["owner"] == rule.owner) & (a["year"] == rule.year) & (a["vendor"] == rule.vendor)
        if rule.chips is not None:
            m &= a["chip_id"].isin(rule.chips)
        if not m.any():
            raise SystemExit(f"carve rule matches nothing: {rule}")
        if rule.units is not None:
            frac = rule.units / a.loc[m, "units"].sum()
        else:
            frac = float(rule.fraction)
        for idx in a.index[m]:
            r = a.loc[idx]
            out.append({
                "year": r["year"], "adopter_id": rule.adopter, "chip_id": r["chip_id"],
                "vendor": r["vendor"],
                "units": r["units"] * frac, "units_p5": r["units_p5"] * frac,
                "units_p95": r["units_p95"] * frac, "epoch_h100e": r["epoch_h100e"] * frac,
                "derivation": (f"carved out of {rule.owner}: {100 * frac:.1f}% of "
                               f"[{_base_text(r)}] (estimate). {rule.why}"),
                "source_id": "chipscope_estimate", "confidence": rule.confidence,
            })
            a.loc[idx, "carved_fraction"] += frac
            a.loc[idx, "carve_note"] += (
                f"; minus {100 * frac:.1f}% carved out to {rule.adopter} (estimate)")
    if (a["carved_fraction"] > 1).any():
        raise SystemExit("carved more than 100% of an owner row")
    keep = 1.0 - a["carved_fraction"]
    base = pd.DataFrame({
        "year": a["year"], "adopter_id": a["owner"], "chip_id": a["chip_id"], "vendor": a["vendor"],
        "units": a["units"] * keep, "units_p5": a["units_p5"] * keep,
        "units_p95": a["units_p95"] * keep, "epoch_h100e": a["epoch_h100e"] * keep,
        "derivation": a.apply(_base_text, axis=1) + a["carve_note"],
        "source_id": "epoch_ai_chip_counts", "confidence": "medium",
    })
    h = pd.concat([base, pd.DataFrame(out)], ignore_index=True)
    # An adopter carved from several owners (OpenAI from Microsoft and CoreWeave) gets one row
    # per (year, chip): sum the numbers, join the derivations, keep the lowest confidence.
    rank = {"low": 0, "medium": 1, "high": 2}
    keys = ["year", "adopter_id", "chip_id", "vendor"]
    merged = h.groupby(keys, as_index=False, sort=False).agg(
        units=("units", "sum"),
        units_p5=("units_p5", lambda s: s.sum(min_count=1)),
        units_p95=("units_p95", lambda s: s.sum(min_count=1)),
        epoch_h100e=("epoch_h100e", "sum"),
        derivation=("derivation", lambda s: " + ".join(s) if len(s) == 1 else
                    "sum of: " + " + ".join(f"({d})" for d in s)),
        source_id=("source_id", "first"),
        confidence=("confidence", lambda s: min(s, key=rank.__getitem__)),
    )
    return merged


def add_h100e(h: pd.DataFrame, chips: pd.DataFrame) -> pd.DataFrame:
    per = chips.set_index("chip_id")["dense_bf16_tflops"].astype(float) / H100_DENSE_BF16
    f = h["chip_id"].map(per)
    if f.isna().any():
        missing = sorted(h.loc[f.isna(), "chip_id"].unique())
        raise SystemExit(f"chips missing from chips.csv: {missing}")
    h = h.copy()
    h["h100e"] = h["units"] * f
    h["h100e_p5"] = h["units_p5"] * f
    h["h100e_p95"] = h["units_p95"] * f
    return h


# ------------------------------------------------------ step 5: Huawei Ascend (China) ----
# Epoch AI's published owner exports count NVIDIA, AMD, TPU and Trainium only. China's domestic
# accelerators come from the reference facts file instead (docs/data.md, "China"):
# - C019, Epoch AI's staging estimate: 450,000 Ascend units in 2024 and 1,250,000 cumulative by
#   the end of 2025, so 800,000 in 2025 (no percentiles given);
# - C020 (DIGITIMES / FT): no 910C was produced in 2024, so 2024 is all 910B;
# - C021 (Bloomberg, Sep 2025): ~600,000 910C planned for 2026, "roughly double this year's
#   level", so 300,000 910C in 2025; the rest of 2025 is 910B.
FACTS_FILE = "facts/market_2025_2026.csv"


def _fact(facts: pd.DataFrame, fid: str, pattern: str, field: str = "value") -> list[float]:
    """The numbers ``pattern`` captures in a fact's ``field``; stop if the fact no longer says
    what the rule reads from it."""
    text = str(facts.loc[fid, field])
    m = re.search(pattern, text)
    if m is None:
        raise SystemExit(f"{FACTS_FILE} row {fid}: {field} {text!r} does not match {pattern!r}")
    return [float(g.replace(",", "")) for g in m.groups()]


def huawei_rows(ref: Path) -> pd.DataFrame:
    """China's Huawei Ascend purchases (units) in 2024 and 2025, split 910B / 910C."""
    facts = pd.read_csv(ref / FACTS_FILE, dtype=str).set_index("id")
    y2024, cum2025 = _fact(facts, "C019", r"([\d,]+) \(2024\); ([\d,]+) cumulative \(end 2025\)")
    plan_910c_2026, = _fact(facts, "C021", r"~([\d,]+) 910C")
    _fact(facts, "C021", r"roughly double this year's level", "quote")  # => half in 2025
    _fact(facts, "C020", r"up from zero", "quote")  # no 910C in 2024
    y2025 = cum2025 - y2024
    c2025 = plan_910c_2026 / 2
    epoch = (f"Epoch AI staging estimate (facts C019): {y2024:,.0f} Huawei Ascend units in 2024, "
             f"{cum2025:,.0f} cumulative by end-2025, so {y2025:,.0f} in 2025")
    rows = [
        (2024, "ascend_910b", y2024,
         f"{epoch}; all 910B: no 910C was produced in 2024 (DIGITIMES/FT, C020, which puts 2024 "
         "910B output at 200,000: the sources disagree and Epoch's count is used) (estimate) "
         "[sources: facts_c019, facts_c020]"),
        (2025, "ascend_910c", c2025,
         f"{epoch}; 910C: {c2025:,.0f} = half of Huawei's 2026 plan of ~{plan_910c_2026:,.0f}, "
         "'roughly double this year's level' (Bloomberg, C021), between DIGITIMES's 2025 plan "
         "of 100,000 (C020) and the ~653,000 its stockpiled TSMC dies allow (C022) (estimate) "
         "[sources: facts_c019, facts_c021, facts_c020, facts_c022]"),
        (2025, "ascend_910b", y2025 - c2025,
         f"{epoch}; 910B: {y2025:,.0f} minus {c2025:,.0f} 910C (Bloomberg, C021) (estimate) "
         "[sources: facts_c019, facts_c021]"),
    ]
    return pd.DataFrame([{
        "year": year, "adopter_id": "china", "chip_id": chip, "vendor": "huawei",
        "units": units, "units_p5": float("nan"), "units_p95": float("nan"),
        "epoch_h100e": float("nan"), "derivation": text, "source_id": "facts_c019",
        "confidence": "low",
    } for year, chip, units, text in rows])


COLUMNS = ["year", "adopter_id", "chip_id", "units", "units_p5", "units_p95", "h100e",
           "h100e_p5", "h100e_p95", "derivation", "source_id", "confidence"]


def write_history(h: pd.DataFrame, path: Path) -> None:
    out = h.sort_values(["year", "adopter_id", "chip_id"]).copy()
    for c in ("units", "units_p5", "units_p95", "h100e", "h100e_p5", "h100e_p95"):
        out[c] = out[c].round(1)
    out[COLUMNS].to_csv(path, index=False, lineterminator="\n")


# ------------------------------------------------------------------------------- report ----
def _md(frame: pd.DataFrame, floatfmt: str = "{:,.0f}") -> str:
    cols = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in frame.itertuples(index=False):
        cells = []
        for v in r:
            is_float = isinstance(v, float) and not (isinstance(v, bool))
            cells.append(floatfmt.format(v) if is_float else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(ref: Path, q: pd.DataFrame, a: pd.DataFrame, h: pd.DataFrame,
           chips: pd.DataFrame) -> None:
    p = print
    p("## Per-year totals by vendor (ChipScope history)\n")
    t = h.groupby(["year", "vendor"])[["units", "h100e", "epoch_h100e"]].sum().reset_index()
    p(_md(t.rename(columns={"epoch_h100e": "Epoch H100e (8-bit basis)"})))
    tot = h.groupby("year")[["units", "h100e", "epoch_h100e"]].sum().reset_index()
    p("\n" + _md(tot.rename(columns={"epoch_h100e": "Epoch H100e (8-bit basis)"})))

    p("\n## Owner files vs Epoch's vendor totals (median units per year)\n")
    rows = []
    for vendor, rel in TOTAL_FILES.items():
        f = pd.read_csv(ref / "epoch-ai-chip-counts" / rel)
        f["year"] = _year(f, "Start date")
        ep = f[f["year"].isin(YEARS)].groupby("year")["Number of Units"].sum()
        ours = h[h["vendor"] == vendor].groupby("year")["units"].sum()
        for y in YEARS:
            e, o = float(ep.get(y, 0.0)), float(ours.get(y, 0.0))
            if e == 0 and o == 0:
                continue
            rows.append({"vendor": vendor, "year": y, "owner files (ChipScope)": o,
                         "Epoch total file": e,
                         "diff %": (f"{100 * (o / e - 1):+.1f}" if e else "n/a")})
    # NVIDIA, second check against the Other-by-subtraction file of the same model run
    f = pd.read_csv(ref / "epoch-ai-chip-counts" / "data_inputs/nvidia_other_quarters_by_chip.csv")
    f["year"] = _year(f, "Start date")
    other_all = f[f["year"].isin(YEARS)].groupby("year")["Number of Units"].sum()
    named_rows = a[(a["vendor"] == "nvidia") & a["file"].str.startswith("nvidia_owners_quarters")]
    named = named_rows.groupby("year")["units"].sum()
    ours = h[h["vendor"] == "nvidia"].groupby("year")["units"].sum()
    for y in YEARS:
        e = float(named.get(y, 0) + other_all.get(y, 0))
        rows.append({"vendor": "nvidia (named + data_inputs Other, 2026-04-15 run)", "year": y,
                     "owner files (ChipScope)": float(ours.get(y, 0)), "Epoch total file": e,
                     "diff %": f"{100 * (float(ours.get(y, 0)) / e - 1):+.1f}"})
    p(_md(pd.DataFrame(rows)))

    p("\n## H100e per unit: Epoch (8-bit basis) vs ChipScope (dense BF16 / 989)\n")
    per = chips.set_index("chip_id")["dense_bf16_tflops"].astype(float) / H100_DENSE_BF16
    g = q[q["units"] > 0].groupby("chip_id")[["units", "epoch_h100e"]].sum()
    g["Epoch H100e/unit"] = g["epoch_h100e"] / g["units"]
    g["ChipScope H100e/unit"] = g.index.map(per)
    g["ChipScope / Epoch"] = g["ChipScope H100e/unit"] / g["Epoch H100e/unit"]
    g = g.reset_index()[
        ["chip_id", "Epoch H100e/unit", "ChipScope H100e/unit", "ChipScope / Epoch"]]
    p(_md(g, "{:.3f}"))

    p("\n## Adopters: H100e per year\n")
    ad = h.pivot_table(index="adopter_id", columns="year", values="h100e", aggfunc="sum",
                       fill_value=0.0)
    ad = ad.reset_index()
    ad.columns = [str(c) for c in ad.columns]
    p(_md(ad))
    p("\n## Adopters: units per year\n")
    ad = h.pivot_table(index="adopter_id", columns="year", values="units", aggfunc="sum",
                       fill_value=0.0)
    ad = ad.reset_index()
    ad.columns = [str(c) for c in ad.columns]
    p(_md(ad))

    p("\n## Exactness: sum over adopters minus Epoch owner-file sum (units)\n")
    diff = h.groupby("year")["units"].sum() - a.groupby("year")["units"].sum()
    p(", ".join(f"{y}: {d:+.6f}" for y, d in diff.items()))

    p("\n## Carve-out sizes (units, H100e)\n")
    estimates = h[h["source_id"] == "chipscope_estimate"]
    c = estimates.groupby(["adopter_id", "year", "chip_id"])[["units", "h100e"]].sum().reset_index()
    p(_md(c))

    p("\n## Huawei Ascend (China, step 5) against Epoch's staging H100e\n")
    facts = pd.read_csv(ref / FACTS_FILE, dtype=str).set_index("id")
    epoch_h, = _fact(facts, "C019", r",1250000,,,(\d+),", "quote")
    hw = h[h["vendor"] == "huawei"]
    p(_md(hw.groupby(["year", "chip_id"])[["units", "h100e"]].sum().reset_index()))
    p(f"\nCumulative 2024-2025: {hw['h100e'].sum():,.0f} H100e (dense BF16); Epoch's staging file "
      f"gives {epoch_h:,.0f} H100e (its 8-bit basis) for the same units: "
      f"{100 * (hw['h100e'].sum() / epoch_h - 1):+.1f}%")

    p("\n## OpenAI fleet vs compute spend (consistency check)\n")
    o = h[h["adopter_id"] == "openai"].groupby("year")["h100e"].sum()
    cum = o.cumsum()
    for y, spend in ((2024, 5.8e9), (2025, 16e9)):
        avg_fleet = (cum.get(y - 1, 0) + cum.get(y, 0)) / 2
        p(f"- {y}: OpenAI carved purchases {o.get(y, 0):,.0f} H100e; "
          f"fleet end-{y} {cum.get(y, 0):,.0f}; "
          f"average fleet {avg_fleet:,.0f} H100e; spend ${spend / 1e9:.1f}B -> "
          f"${spend / avg_fleet / 8760:.2f} per H100e-hour")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference", nargs="?", default=str(REPO / ".." / "shared" / "reference"),
                    help="folder holding epoch-ai-chip-counts/ "
                         "(default: <repo>/../shared/reference)")
    ap.add_argument("--data", default=str(REPO / "data"),
                    help="ChipScope data folder (chips.csv in, history.csv out)")
    ap.add_argument("--report", action="store_true",
                    help="print the reconciliation report (markdown)")
    args = ap.parse_args(argv)
    ref, data = Path(args.reference), Path(args.data)
    chips = pd.read_csv(data / "chips.csv", dtype={"chip_id": str})
    q = pd.concat([read_quarters(ref), read_xai(ref)], ignore_index=True)
    a = annual(q)
    h = add_h100e(apply_carves(a, RULES), chips)
    h = pd.concat([h, add_h100e(huawei_rows(ref), chips)], ignore_index=True)  # step 5
    write_history(h, data / "history.csv")
    print(f"wrote {data / 'history.csv'}: {len(h)} rows", file=sys.stderr)
    if args.report:
        report(ref, q[q["year"].isin(YEARS)], a, h, chips)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
