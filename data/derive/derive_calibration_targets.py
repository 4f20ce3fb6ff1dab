"""Regenerate ChipScope's data/calibration_targets.csv: the Q1 2026 run rate per vendor.

Usage (from the repository root)::

    python data/derive/derive_calibration_targets.py [REFERENCE_DIR] [--data DATA_DIR]

REFERENCE_DIR defaults to ``<repo>/../shared/reference`` (it must hold ``epoch-ai-chip-counts/``).

The bundled history (derive_history.py) drops 2026 as a partial year. Its first quarter is
still the newest public evidence on who sells what, so the calibration (chipscope calibrate)
scores the projected 2026 vendor split against it. This script:

1. Reads Epoch AI's per-vendor totals by chip and calendar quarter (csv_export/: NVIDIA
   calendar quarters, Google TPU calendar quarters, AMD, Amazon Trainium) and keeps the rows
   that start in Q1 2026. The vendor files are used rather than the owner files because the
   owner files leave out CoreWeave and xAI in Q1 2026; in 2022-2025 the two agree within
   about 2 % (derive_history.py --report).
2. Recomputes H100e on ChipScope's dense BF16 basis, units x dense BF16 TFLOP/s / 989
   (data/chips.csv); Epoch's own H100e is 8-bit based and is not used.
3. Sums the chips of each vendor: median, and the 5th/95th percentiles summed per chip (a band
   at least as wide as the true one, as in the history).

A vendor with no Q1 2026 row (AMD and Trainium in this snapshot) gets no target row: the
calibration then compares the shares among the vendors that have one. The amounts are one
quarter's purchases, not annualised: only their split is used.

It is a developer tool (pandas), not part of the app package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.dont_write_bytecode = True  # leave no __pycache__ in data/derive
sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive_history import CHIP_IDS, H100_DENSE_BF16, TOTAL_FILES, _col  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
YEAR, QUARTER = 2026, 1
COLUMNS = ["year", "quarter", "vendor_id", "units", "units_p5", "units_p95", "h100e",
           "h100e_p5", "h100e_p95", "derivation", "source_id", "confidence"]


def read_quarter(ref: Path, chips: pd.DataFrame) -> pd.DataFrame:
    """Per chip: units and dense BF16 H100e (median, 5th, 95th) in the target quarter."""
    per_unit = chips.set_index("chip_id")["dense_bf16_tflops"].astype(float) / H100_DENSE_BF16
    parts = []
    for vendor, rel in TOTAL_FILES.items():
        f = pd.read_csv(ref / "epoch-ai-chip-counts" / rel)
        start = pd.to_datetime(f["Start date"], format="mixed")
        f = f[(start.dt.year == YEAR) & (start.dt.quarter == QUARTER)]
        if f.empty:
            continue
        chip = f["Chip type"].map(CHIP_IDS)
        if chip.isna().any():
            raise SystemExit(f"{rel}: unmapped chip types {sorted(f['Chip type'][chip.isna()])}")
        factor = chip.map(per_unit)
        if factor.isna().any():
            raise SystemExit(f"chips missing from chips.csv: {sorted(chip[factor.isna()])}")
        units = _col(f, "Number of Units", "Number of Units (median)")
        p5 = _col(f, "Number of Units (5th percentile)")
        p95 = _col(f, "Number of Units (95th percentile)")
        parts.append(pd.DataFrame({
            "vendor_id": vendor, "file": rel.split("/")[-1], "chip_id": chip,
            "units": units, "units_p5": p5, "units_p95": p95,
            "h100e": units * factor, "h100e_p5": p5 * factor, "h100e_p95": p95 * factor,
        }))
    if not parts:
        raise SystemExit(f"no Q{QUARTER} {YEAR} rows in {ref}")
    return pd.concat(parts, ignore_index=True)


def targets(per_chip: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for vendor, g in per_chip.groupby("vendor_id", sort=False):
        chips = ", ".join(f"{c} {u:,.0f}" for c, u in zip(g["chip_id"], g["units"], strict=True))
        rows.append({
            "year": YEAR, "quarter": QUARTER, "vendor_id": vendor,
            **{c: round(float(g[c].sum()), 1) for c in COLUMNS[3:9]},
            "derivation": (f"Epoch {g['file'].iloc[0]}, Q{QUARTER} {YEAR} (one quarter, not "
                           f"annualised; partial-year data the history drops): units by chip "
                           f"({chips}); H100e = units x dense BF16 TFLOP/s / 989 (chips.csv); "
                           "percentiles summed over chips"),
            "source_id": "epoch_ai_chip_counts", "confidence": "medium",
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference", nargs="?", default=str(REPO / ".." / "shared" / "reference"),
                    help="folder holding epoch-ai-chip-counts/ "
                         "(default: <repo>/../shared/reference)")
    ap.add_argument("--data", default=str(REPO / "data"),
                    help="ChipScope data folder (chips.csv in, calibration_targets.csv out)")
    args = ap.parse_args(argv)
    ref, data = Path(args.reference), Path(args.data)
    chips = pd.read_csv(data / "chips.csv", dtype={"chip_id": str})
    out = targets(read_quarter(ref, chips))
    out.to_csv(data / "calibration_targets.csv", index=False, lineterminator="\n")
    print(f"wrote {data / 'calibration_targets.csv'}: {len(out)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
