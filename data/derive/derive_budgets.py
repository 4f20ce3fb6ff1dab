"""Write data/budgets.csv: each adopter's 2026 accelerator budget from the public guidance
known at the data date (end of April 2026).

Usage (from the repository root)::

    python data/derive/derive_budgets.py [--check]

Rule (docs/data.md, "Budgets"): an adopter's 2026 budget is its 2025 accelerator spend in the
history (units x reference price, data/history.csv and data/chips.csv) times the growth of the
capex that pays for it, 2026 guidance over 2025 actual (market_2025_2026.csv, topic A). The
accelerator share of capex is thus held at its 2025 level. Adopters without capex of their own
(AI labs, CoreWeave, the rest of the market) grow with the five big spenders together; a lab's
deals add to its budget in the engine where they are larger. China's 2025 spend includes Huawei's
Ascend chips (data/derive/derive_history.py, step 5) and grows with Bernstein's China accelerator
market forecast (docs/data.md, "China"). Apple has no 2025 purchases and gets no row: it buys
its deals.
``--check`` reports a difference from the file without writing (exit 1).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
YEAR = 2026
BASE = 2025

# (2026 guidance, 2025 actual) in USD billions, the words that say where they come from,
# the sources (data/sources.csv ids) and the weakest confidence among them.
CAPEX = {
    "amazon": (200.0, 131.0, "Amazon capex guidance 2026 ~$200B (Jassy, Q4 2025 call) over 2025 "
               "capex ~$131B", "facts_a003 facts_a002", "medium"),
    "google": (185.0, 91.4, "Alphabet 2026 capex guidance raised to $180-190B (Apr 29, 2026; "
               "midpoint $185B) over 2025 capex $91.4B", "facts_a008 facts_a006", "medium"),
    "meta": (135.0, 72.22, "Meta 2026 capex guidance raised to $125-145B (Apr 29, 2026; midpoint "
             "$135B) over 2025 capex $72.2B (incl. finance leases)", "facts_a013 facts_a011",
             "medium"),
    "microsoft": (190.0, 88.2 / 2 + 34.9 + 37.5, "Microsoft calendar-2026 capex outlook ~$190B "
                  "(incl. ~$25B component inflation) over calendar 2025 ~$116.5B = half of "
                  "FY2025 ($88.2B / 2, Jan-Jun 2025) + FY26 Q1 $34.9B + FY26 Q2 $37.5B",
                  "facts_a019 facts_a015 facts_a016 facts_a017", "low"),
    "oracle": (50.0, 21.2, "Oracle FY2026 (Jun 2025-May 2026) capex guidance ~$50B over FY2025 "
               "$21.2B (fiscal years taken as calendar years)", "facts_a022 facts_a021",
               "medium"),
}
BIG_FIVE = ("amazon", "google", "meta", "microsoft", "oracle")
# China: Bernstein's China AI accelerator market, $37B (2025) -> $69B (2027), one year of its
# growth. Bernstein's level is ~2.6x the history's 2025 spend (Epoch counts NVIDIA and AMD; the
# history adds Huawei, not Cambricon and the rest), so only its growth is taken. Checks in the
# derivation: NVIDIA's share of the 2025 spend against Bernstein's 39 % (E014), and the market
# that Huawei's ~$12B 2026 revenue at ~50 % of it implies (E013 notes).
CHINA = (69.0 / 37.0) ** 0.5
CHINA_CHECK_NVIDIA_2025 = 0.39  # Bernstein, NVIDIA's share of China's market in 2025 (E014)
CHINA_CHECK_HUAWEI_2026 = 12.0 / 0.50  # $B: Huawei ~$12B at ~50 % of the market (E013 notes)


def _growth() -> dict[str, tuple[float, str, str, str]]:
    out = {a: (g26 / g25, why, src, conf) for a, (g26, g25, why, src, conf) in CAPEX.items()}
    total26 = sum(CAPEX[a][0] for a in BIG_FIVE)
    total25 = sum(CAPEX[a][1] for a in BIG_FIVE)
    pooled = (total26 / total25,
              f"the five big spenders' capex together, ${total26:.1f}B (2026 guidance) over "
              f"${total25:.1f}B (2025): Amazon, Alphabet, Meta, Microsoft, Oracle as above; the "
              "adopter has no capex guidance of its own (its hosts' and its deals' growth)",
              " ".join(sorted({s for a in BIG_FIVE for s in CAPEX[a][3].split()})), "low")
    for a in ("openai", "anthropic", "xai", "coreweave", "rest"):
        out[a] = pooled
    out["china"] = (CHINA, "Bernstein's China AI accelerator market, $37B (2025) to $69B (2027), "
                    "one year of its 36.6 %/yr growth; the 2025 spend includes Huawei Ascend "
                    "(history step 5)", "facts_e013 facts_e014 facts_c019", "low")
    return out


def _china_checks(data: Path, budget: float) -> str:
    """Where the China rule stands against Bernstein's other figures (text for the row)."""
    price = {r["chip_id"]: (float(r["price_usd"]), r["vendor_id"])
             for r in csv.DictReader((data / "chips.csv").open(newline="", encoding="utf-8"))}
    by_vendor: dict[str, float] = {}
    for r in csv.DictReader((data / "history.csv").open(newline="", encoding="utf-8")):
        if int(r["year"]) == BASE and r["adopter_id"] == "china":
            usd, vendor = price[r["chip_id"]]
            by_vendor[vendor] = by_vendor.get(vendor, 0.0) + float(r["units"]) * usd
    total = sum(by_vendor.values())
    return (f"; checks: NVIDIA is {100 * by_vendor.get('nvidia', 0.0) / total:.0f} % of the 2025 "
            f"spend (Bernstein: {100 * CHINA_CHECK_NVIDIA_2025:.0f} %, E014), Huawei "
            f"{100 * by_vendor.get('huawei', 0.0) / total:.0f} %; Huawei's ~$12B 2026 revenue at "
            f"~50 % of the market (E013 notes) implies ${CHINA_CHECK_HUAWEI_2026:.0f}B, "
            f"{100 * (CHINA_CHECK_HUAWEI_2026 * 1e9 / budget - 1):+.0f} % against this budget")


def _spend_2025(data: Path) -> dict[str, float]:
    price = {r["chip_id"]: float(r["price_usd"])
             for r in csv.DictReader((data / "chips.csv").open(newline="", encoding="utf-8"))}
    out: dict[str, float] = {}
    for r in csv.DictReader((data / "history.csv").open(newline="", encoding="utf-8")):
        if int(r["year"]) == BASE:
            out[r["adopter_id"]] = out.get(r["adopter_id"], 0.0) + float(r["units"]) * price[
                r["chip_id"]]
    return out


def derive(data: Path) -> str:
    spend = _spend_2025(data)
    adopters = [r["adopter_id"] for r in
                csv.DictReader((data / "adopters.csv").open(newline="", encoding="utf-8"))]
    growth = _growth()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["adopter_id", "year", "budget_usd", "derivation", "source_id", "confidence"])
    for a in adopters:
        if a not in growth or spend.get(a, 0.0) <= 0:
            continue
        g, why, src, conf = growth[a]
        budget = spend[a] * g
        if a == "china":
            why += _china_checks(data, budget)
        w.writerow([a, YEAR, f"{budget:.0f}",
                    f"2025 accelerator spend in the history ${spend[a] / 1e9:.2f}B (units x "
                    f"reference price) x {g:.3f} = ${budget / 1e9:.2f}B; growth: {why} "
                    f"[sources: epoch_ai_chip_counts {src}]", src.split()[0], conf])
    return out.getvalue()


def main() -> int:
    data = ROOT / "data"
    text = derive(data)
    path = data / "budgets.csv"
    if "--check" in sys.argv[1:]:
        same = path.exists() and path.read_text(encoding="utf-8") == text
        if not same:
            print("data/budgets.csv differs from the rule; run data/derive/derive_budgets.py")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {text.count(chr(10)) - 1} budgets to data/budgets.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
