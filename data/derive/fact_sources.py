"""Append rows of the reference facts file (market_2025_2026.csv) to data/sources.csv as
sources ``facts_<id>``, in the pattern the other ``facts_*`` rows use.

Usage (from the repository root)::

    python data/derive/fact_sources.py C019 C020 ... [--reference DIR]

A row already in sources.csv is left as it is. The citation is
``entity: metric (period): value unit. "quote" (notes), via market_2025_2026.csv row ID``;
``retrieved`` is the fact's page date (the facts file does not record when a page was read).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
LICENCE = "facts; cited for reference (not redistributed)"


def citation(r: dict[str, str]) -> str:
    notes = f" ({r['notes']})" if r["notes"].strip() else ""
    return (f'{r["entity"]}: {r["metric"]} ({r["period"]}): {r["value"]} {r["unit"]}. '
            f'"{r["quote"]}"{notes}, via market_2025_2026.csv row {r["id"]}')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("ids", nargs="+", help="fact ids, e.g. C019")
    ap.add_argument("--reference", default=str(ROOT.parent / "shared" / "reference"))
    args = ap.parse_args(argv)
    path = Path(args.reference) / "facts" / "market_2025_2026.csv"
    facts = {r["id"]: r for r in csv.DictReader(path.open(newline="", encoding="utf-8"))}
    out = ROOT / "data" / "sources.csv"
    have = {r["source_id"] for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}
    added = []
    with out.open("a", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        for fid in args.ids:
            sid = f"facts_{fid.lower()}"
            if sid in have:
                continue
            r = facts[fid]
            w.writerow([sid, citation(r), r["url"], r["page_date"], LICENCE])
            added.append(sid)
    print(f"added {len(added)} sources: {' '.join(added)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
