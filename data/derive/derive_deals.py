"""Recompute the converted columns of data/deals.csv (``h100e_per_year``, ``conversion``).

Usage (from the repository root)::

    python data/derive/derive_deals.py [--check]

Every deal's amount (GW, USD, chips or H100e) becomes H100e per full year of deliveries by one
rule, ``chipscope.model.conversion.deal_h100e_per_year`` (docs/data.md, "Deal conversions").
The other columns are entered by hand with their sources. ``--check`` only reports rows whose
converted columns differ from the rule (exit 1), without writing.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from chipscope.model.conversion import ChipTerms, deal_h100e_per_year, rate_text  # noqa: E402


def _chips(path: Path) -> dict[str, ChipTerms]:
    out = {}
    for r in csv.DictReader(path.open(newline="", encoding="utf-8")):
        out[r["chip_id"]] = ChipTerms(r["chip_id"], float(r["dense_bf16_tflops"]),
                                      float(r["tdp_w"]) if r["tdp_w"] else math.nan,
                                      float(r["price_usd"]))
    return out


def derive(data: Path) -> tuple[list[str], list[dict[str, str]]]:
    chips = _chips(data / "chips.csv")
    with (data / "deals.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for r in rows:
        rate, how = deal_h100e_per_year(float(r["amount"]), r["amount_unit"], chips[r["chip_id"]],
                                        int(r["first_year"]), int(r["last_year"]),
                                        float(r["start_fraction"] or 0))
        r["h100e_per_year"] = rate_text(rate)
        r["conversion"] = how
    return fields, rows


def main() -> int:
    data = ROOT / "data"
    fields, rows = derive(data)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    current = (data / "deals.csv").read_text(encoding="utf-8")
    if "--check" in sys.argv[1:]:
        if text != current:
            print("data/deals.csv: converted columns differ from the rule; run "
                  "data/derive/derive_deals.py")
            return 1
        return 0
    (data / "deals.csv").write_text(text, encoding="utf-8")
    print(f"Wrote {len(rows)} deals to data/deals.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
