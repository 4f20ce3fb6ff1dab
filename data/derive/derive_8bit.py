"""Fill ``dense_8bit_tflops`` in data/chips.csv, and say in each row's notes where it came from.

Usage (from the repository root)::

    python data/derive/derive_8bit.py [REFERENCE_DIR] [--check] [--report]

REFERENCE_DIR defaults to ``<repo>/../shared/reference``. ``--check`` writes nothing and exits 1
when chips.csv differs from what the rule gives; ``--report`` prints the per-chip table quoted
in docs/data.md. Re-run it after rows are added to chips.csv (it only writes the
``dense_8bit_tflops`` column and the ``8-bit basis: ...`` sentence at the end of ``notes``).

The rule (docs/data.md, "The 8-bit basis"), the first that applies:

1. ``facts/chip_facts.csv`` dense FP8, where it is faster than the chip's dense BF16.
2. Epoch AI ML hardware FP8, where it is faster than the chip's dense BF16.
3. Epoch AI ML hardware INT8: the chip has no FP8, or its FP8 runs no faster than BF16 (FP8 as
   a storage format only, as on TPU v5p/v6e, Trainium1 and Inferentia2), so its fastest 8-bit
   tensor rate is INT8.
4. An FP8 figure no faster than BF16 (no INT8 figure published): Gaudi 3.
5. Epoch AI ai-chip-counts' own H100e per unit x 1,979 (Epoch's 8-bit basis), for chips it
   counts that have no 8-bit figure above.
6. Else 2 x dense BF16, flagged "8-BIT IS AN ESTIMATE" (the ratio of every Hopper, Blackwell,
   CDNA3/4 and TPU7x part): announced chips, Maia 100, WSE-3.

Never sparse: chip_facts and Epoch's NVIDIA rows are dense, and every figure is checked against
the chip's dense BF16: one below 0.9x or above 4.5x (Groq's INT8 is 4.0x its FP16, Trainium3's
MXFP8 3.75x its BF16) would be sparse or sub-8-bit and stops the script.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

H100_DENSE_8BIT = 1979.0
FASTER = 1.05  # an FP8 figure counts as faster than BF16 above 1.05 x BF16
MAX_RATIO = 4.5  # above this x BF16 a figure is sparse or sub-8-bit (Groq's INT8 is 4.0 x FP16)
MARK = "8-bit basis: "
ESTIMATE = "8-BIT IS AN ESTIMATE"

# ChipScope chip_id -> the chip's row in facts/chip_facts.csv (column "chip").
FACTS_NAMES = {
    "a100": "A100 SXM4 80GB", "h100": "H100 SXM5 80GB", "b200": "B200 (HGX, 1000 W config)",
    "gb200": "GB200 (per Blackwell GPU, NVL72, 1200 W)", "b300": "B300 (HGX Blackwell Ultra)",
    "gb300": "GB300 (per Blackwell Ultra GPU, NVL72)", "mi250x": "Instinct MI250X",
    "mi300x": "Instinct MI300X", "mi325x": "Instinct MI325X", "mi355x": "Instinct MI355X",
    "tpu_v4": "TPU v4", "tpu_v5e": "TPU v5e", "tpu_v5p": "TPU v5p",
    "tpu_v6e": "TPU v6e (Trillium)", "tpu_v7": "TPU7x (Ironwood, v7)",
    "trainium1": "Trainium (Trn1)", "trainium2": "Trainium2", "trainium3": "Trainium3",
    "inferentia2": "Inferentia2", "gaudi2": "Gaudi 2", "gaudi3": "Gaudi 3 (HL-325L OAM)",
    "maia100": "Maia 100", "maia200": "Maia 200", "mtia_v2": "MTIA v2",
    "wse3": "WSE-3 (wafer-scale, 1 per CS-3)", "groq_lpu_v1": "GroqChip LPU v1",
}
# ChipScope chip_id -> the chip's row in epoch-ml-hardware/ml_hardware.csv ("Hardware name").
EPOCH_NAMES = {
    "a100": "NVIDIA A100 SXM4 80 GB", "h100": "NVIDIA H100 SXM5 80GB", "a800": "NVIDIA A800 SXM",
    "h800": "NVIDIA H800 SXM5", "h20": "NVIDIA HGX H20", "b200": "NVIDIA B200",
    "gb200": "NVIDIA GB200", "b300": "NVIDIA B300 (Blackwell Ultra)",
    "gb300": "NVIDIA GB300 (Blackwell Ultra)", "mi250x": "AMD Radeon Instinct MI250X",
    "mi300a": "AMD Instinct MI300A", "mi300x": "AMD Instinct MI300X",
    "mi308x": "AMD Radeon Instinct MI308X", "mi325x": "AMD Instinct MI325X",
    "mi350x": "AMD Instinct MI350X", "mi355x": "AMD Instinct MI355X",
    "tpu_v4": "Google TPU v4", "tpu_v4i": "Google TPU v4i", "tpu_v5e": "Google TPU v5e",
    "tpu_v5p": "Google TPU v5p", "tpu_v6e": "Google TPU v6e Trillium",
    "tpu_v7": "Google TPU v7 Ironwood", "trainium1": "Amazon Trainium1",
    "trainium2": "Amazon Trainium2", "trainium3": "Amazon Trainium3",
    "inferentia2": "AWS Inferentia2", "gaudi2": "Intel Habana Gaudi2",
    "gaudi3": "Intel Habana Gaudi3", "maia100": "Maia 100 (M100)", "mtia_v2": "Meta MTIA v2",
    "groq_lpu_v1": "GroqChip LPU v1",
}
ML_HARDWARE = "epoch-ml-hardware/ml_hardware.csv"
CHIP_FACTS = "facts/chip_facts.csv"


def _num(text: str, scale: float = 1.0) -> float:
    try:
        return float(text) / scale
    except (TypeError, ValueError):
        return math.nan


def _fmt(x: float) -> str:
    """1979 -> '1979', 2614.9 -> '2614.9' (as the CSV stores it)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def read_reference(ref: Path) -> tuple[dict[str, float], dict[str, tuple[float, float]],
                                       dict[str, float]]:
    """(chip_facts FP8 by chip_id, Epoch ML hardware (FP8, INT8) by chip_id, Epoch
    ai-chip-counts H100e per unit by chip_id), all in dense TFLOP/s or TOP/s."""
    facts = {r["chip"]: r for r in csv.DictReader((ref / CHIP_FACTS).open(encoding="utf-8"))}
    fp8_facts = {cid: _num(facts[name]["peak_dense_fp8_tflops"])
                 for cid, name in FACTS_NAMES.items() if name in facts}
    ml = {r["Hardware name"]: r for r in csv.DictReader((ref / ML_HARDWARE).open(encoding="utf-8"))}
    epoch = {cid: (_num(ml[name]["FP8 performance (FLOP/s)"], 1e12),
                   _num(ml[name]["INT8 performance (OP/s)"], 1e12))
             for cid, name in EPOCH_NAMES.items() if name in ml}
    return fp8_facts, epoch, _epoch_counts_per_unit(ref)


def _epoch_counts_per_unit(ref: Path) -> dict[str, float]:
    """Epoch ai-chip-counts' H100e per unit of each chip it counts (8-bit basis, / 1,979)."""
    import derive_history  # the same files and chip mapping as history.csv

    q = derive_history.read_quarters(ref)
    g = q[q["units"] > 0].groupby("chip_id")[["units", "epoch_h100e"]].sum()
    return {str(c): float(r["epoch_h100e"] / r["units"]) for c, r in g.iterrows()}


def rule(chip_id: str, bf16: float, fp8_facts: dict[str, float],
         epoch: dict[str, tuple[float, float]], counts: dict[str, float]) -> tuple[float, str]:
    """Dense 8-bit TFLOP/s of one chip and the sentence that says where it came from."""
    fp8_f = fp8_facts.get(chip_id, math.nan)
    fp8_e, int8_e = epoch.get(chip_id, (math.nan, math.nan))
    if fp8_f > FASTER * bf16:
        return fp8_f, f"dense FP8 {_fmt(fp8_f)} (chip_facts.csv)"
    if fp8_e > FASTER * bf16:
        return fp8_e, f"dense FP8 {_fmt(fp8_e)} (Epoch AI ML hardware)"
    if int8_e > 0:
        why = ("no FP8 figure" if math.isnan(fp8_f) and math.isnan(fp8_e)
               else "its FP8 runs no faster than BF16")
        return int8_e, f"dense INT8 {_fmt(int8_e)} (Epoch AI ML hardware; {why})"
    for fp8, where in ((fp8_f, "chip_facts.csv"), (fp8_e, "Epoch AI ML hardware")):
        if fp8 > 0:
            return fp8, (f"dense FP8 {_fmt(fp8)} ({where}; no faster than BF16, no INT8 "
                         "figure)")
    if chip_id in counts:
        x = round(counts[chip_id] * H100_DENSE_8BIT, 1)
        return x, (f"{_fmt(x)} = Epoch AI ai-chip-counts' {counts[chip_id]:.4f} H100e per unit "
                   f"x 1979 (no 8-bit figure in the specs)")
    x = 2.0 * bf16
    return x, f"{ESTIMATE}: 2 x dense BF16 = {_fmt(x)} (no 8-bit figure published)"


def with_note(notes: str, sentence: str) -> str:
    """``notes`` with its ``8-bit basis:`` sentence (if any) replaced by ``sentence``."""
    kept = re.sub(r"\s*" + re.escape(MARK) + r".*?\.(?=\s|$)", "", notes).rstrip()
    return f"{kept} {MARK}{sentence}.".strip()


def derive(data: Path, ref: Path) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """(fields, rows, report lines) of chips.csv with the column and notes filled in."""
    with (data / "chips.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    if "dense_8bit_tflops" not in fields:
        fields.append("dense_8bit_tflops")
    fp8_facts, epoch, counts = read_reference(ref)
    lines = ["| chip | dense BF16 | dense 8-bit | 8-bit / BF16 | from |", "|---|---|---|---|---|"]
    for r in rows:
        bf16 = float(r["dense_bf16_tflops"])
        value, sentence = rule(r["chip_id"], bf16, fp8_facts, epoch, counts)
        if not 0.9 * bf16 <= value <= MAX_RATIO * bf16:
            raise SystemExit(f"chips.csv, chip {r['chip_id']}: 8-bit {value:g} is not between "
                             f"0.9 and {MAX_RATIO} x dense BF16 {bf16:g} (sparse or FP4?)")
        r["dense_8bit_tflops"] = _fmt(value)
        r["notes"] = with_note(r["notes"], sentence)
        lines.append(f"| {r['chip_id']} | {_fmt(bf16)} | {_fmt(value)} | {value / bf16:.2f} | "
                     f"{sentence} |")
    return fields, rows, lines


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    ref = Path(args[0]) if args else ROOT / ".." / "shared" / "reference"
    data = ROOT / "data"
    fields, rows, lines = derive(data, ref)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue()
    if "--report" in argv:
        print("\n".join(lines))
    if "--check" in argv:
        if text != (data / "chips.csv").read_text(encoding="utf-8"):
            print("data/chips.csv: dense_8bit_tflops differs from the rule; run "
                  "data/derive/derive_8bit.py")
            return 1
        return 0
    (data / "chips.csv").write_text(text, encoding="utf-8")
    print(f"Wrote dense_8bit_tflops for {len(rows)} chips to data/chips.csv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
