"""Regenerate the generated sections of docs/model.md from the code.

- Between ``<!-- calibration:begin -->`` and ``<!-- calibration:end -->``: the fitted defaults
  and their bootstrap ranges, from chipscope/model/fitted.py (written by
  ``chipscope calibrate --write``).
- Between ``<!-- backtest:begin -->`` and ``<!-- backtest:end -->``: the output of
  ``chipscope backtest --base-year Y --markdown`` on the bundled dataset, for every base year the
  history allows.

Usage (from the repository root)::

    python docs/gen_backtest.py          # rewrite docs/model.md
    python docs/gen_backtest.py --check  # exit 1 if docs/model.md is out of date

tests/test_docs.py checks that docs/model.md is what this script makes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True
MODEL_MD = Path(__file__).resolve().parent / "model.md"


def backtest_section(db: Path) -> str:
    """``chipscope backtest --markdown`` for each possible base year, joined."""
    from chipscope.cli import main
    from chipscope.model.backtest import base_year_range
    from chipscope.storage import load_dataset

    first, last = base_year_range(load_dataset(db))
    parts = []
    for year in range(first, last + 1):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = main(["backtest", "--db", str(db), "--base-year", str(year), "--markdown"])
        if status != 0:
            raise SystemExit(f"chipscope backtest --base-year {year} failed ({status})")
        parts.append(out.getvalue().strip())
    return "\n\n".join(parts)


def calibration_section(db: Path) -> str:
    """The fitted defaults (fitted.FITTED) with their 5/50/95 % over the bootstrap."""
    from chipscope.model import fitted
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.storage import load_dataset

    specs = AssumptionSpecs.for_dataset(load_dataset(db))
    lines = ["| key | fitted | bootstrap 5 % | 50 % | 95 % | bounds |",
             "|---|---:|---:|---:|---:|---|"]
    for key, value in fitted.FITTED.items():
        spec = specs[key]
        p5, p50, p95 = (f"{x:.{spec.decimals}f}" for x in fitted.RANGES[key])
        lines.append(f"| `{key}` | {spec.format(value)} | {p5} | {p50} | {p95} | "
                     f"{spec.range_text()} |")
    lines += ["", f"Objective at the fitted values: {fitted.ERROR:.5f} (mean squared vendor-share "
                  f"error per scored year); {fitted.DRAWS} bootstrap draws, seed {fitted.SEED}."]
    return "\n".join(lines)


def render(text: str, db: Path) -> str:
    """``text`` with both generated sections replaced."""
    for name, body in (("calibration", calibration_section(db)),
                       ("backtest", backtest_section(db))):
        pattern = re.compile(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"docs/model.md has no <!-- {name}:begin/end --> markers")
        text = pattern.sub(lambda m, body=body: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if model.md is out of date")
    args = ap.parse_args(argv)
    from chipscope import paths

    old = MODEL_MD.read_text(encoding="utf-8")
    new = render(old, paths.bundled_db_path())
    if args.check:
        if new != old:
            print("docs/model.md is out of date: run python docs/gen_backtest.py", file=sys.stderr)
            return 1
        return 0
    if new != old:
        MODEL_MD.write_text(new, encoding="utf-8", newline="\n")
        print("docs/model.md updated.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
