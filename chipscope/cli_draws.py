"""``chipscope run --draws N``: percentile bands of every vendor's share and amounts.

Hooked into ``run`` by :mod:`chipscope.cli_run` (:func:`add_options`, :func:`cmd_run_draws`).
The ranges are :func:`chipscope.model.uncertainty.default_ranges`, overridden by the
scenario file's own ranges. Heavy imports (numpy, the model) happen inside the functions.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from chipscope.cli_common import (
    OptionValueError,
    UsageError,
    assumptions,
    csv_metadata,
    load,
    seed_number,
    shown,
    whole_number,
    write_csv,
)

if TYPE_CHECKING:
    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.uncertainty import Range

METHODS = ("lhs", "sobol")  # chipscope.model.ensemble.METHODS, without importing the model


MAX_DRAWS = 100_000
"""Draws ``run --draws`` takes at most: about a minute and half a gigabyte (as many as a
sweep's scenarios); past it, bands do not get visibly better."""
SAY_DRAWS = 20_000
"""From this many draws the command says on stderr that it will take a while."""


def _draw_count(text: str) -> int:
    value = whole_number(text)
    if not 1 <= value <= MAX_DRAWS:
        raise OptionValueError(f"{value:,} is not from 1 to {MAX_DRAWS:,}")
    return value


def add_options(run: argparse.ArgumentParser) -> None:
    """Add ``--draws``, ``--seed`` and ``--method`` to ``run``."""
    run.add_argument("--draws", type=_draw_count, metavar="N",
                     help="run N draws of the uncertain assumptions and write, per year, vendor "
                          "and measure (share, h100e, units, spend_usd), the value and its "
                          "percentiles p5, p25, p50, p75, p95 instead of the purchases table "
                          "(docs/ensemble.md, docs/uncertainty.md)")
    run.add_argument("--seed", type=seed_number, default=None, metavar="S",
                     help="seed of the sample (--draws; default 0): the same seed gives the "
                          "same bands")
    run.add_argument("--method", choices=METHODS, default=None,
                     help="sampling (--draws): Latin hypercube (default) or Sobol")


def cmd_run_draws(args: argparse.Namespace) -> int:
    """``chipscope run --draws N``: the bands table as CSV, and a one-line summary."""
    from chipscope.model.basis import basis_note, project_on_basis
    from chipscope.model.ensemble import bands_frame, run_ensemble
    from chipscope.storage.write_probe import check_writable

    args.seed = 0 if args.seed is None else args.seed
    args.method = args.method or "lhs"
    dataset = load(args)
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    ranges = _ranges(dataset, values, args)
    if not ranges:
        raise UsageError("--draws: no assumption has a range, so every draw would be the same")
    check_writable(args.out, "CSV file", (args.scenario,))  # before the draws, not after them
    if args.draws >= SAY_DRAWS:  # a minute without a word would look like a hang
        print(f"Drawing {args.draws:,} projections; this takes about "
              f"{max(1, round(args.draws / 2_500)):,} s.", file=sys.stderr, flush=True)
    try:
        result = run_ensemble(dataset, values, ranges, args.draws, args.seed, args.method,
                              basis=args.basis)
    except ValueError as exc:
        text = str(exc)
        raise UsageError(f"--{text}" if text.startswith("draws:") else f"--draws: {text}"
                         ) from None
    if note := basis_note(dataset, args.basis):
        print(f"Note: {note}", file=sys.stderr)
    proj = project_on_basis(dataset, values, args.basis)
    single = {m: proj.by_vendor(m) for m in ("h100e", "units", "spend_usd")}
    single["share"] = proj.vendor_shares("h100e")
    frame = bands_frame(result, single)
    frame["basis"] = args.basis
    report = write_csv(frame, args.out, (args.scenario,), csv_metadata(
        args, dataset, values, f"uncertainty bands: percentiles over {args.draws} draws "
                               f"(seed {args.seed}, {args.method}), one row per year, vendor "
                               "and measure"))
    print(_summary(dataset, result, len(frame), "stdout" if args.out == "-" else shown(args.out)),
          file=report)
    return 0


def _ranges(dataset: Dataset, values: Assumptions, args: argparse.Namespace
            ) -> dict[str, Range]:
    """The default ranges, then the scenario file's (a key the file gives wins)."""
    try:
        from chipscope.model.uncertainty import default_ranges
    except ImportError:  # the ranges module is a separate piece of issue #12
        raise UsageError("--draws: this build has no uncertainty ranges "
                         "(chipscope.model.uncertainty is missing)") from None
    out = default_ranges(dataset, values.specs, values)
    if args.scenario is not None:
        from chipscope.storage.scenario_files import read_scenario_file

        try:
            scenario = read_scenario_file(args.scenario, values.specs,
                                          source=str(args.scenario))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        out.update(getattr(scenario, "ranges", None) or {})
    return out


def _summary(dataset: Dataset, result: Any, rows: int, where: str) -> str:
    from chipscope.model.export_meta import one_line

    names = {v: one_line(n) for v, n in zip(dataset.vendors["vendor_id"],
                                            dataset.vendors["name"], strict=True)}
    last = len(result.years) - 1
    year = int(result.years[last])
    median = result.share[2, last]
    top = int(median.argmax())
    lo, mid, hi = (100 * float(result.share[i, last, top]) for i in (0, 2, 4))
    return (f"{result.n:,} draws ({result.method}, seed {result.seed}) of {len(result.keys)} "
            f"ranged assumptions; {names[result.vendor_ids[top]]}'s {year} share of compute: "
            f"median {mid:.1f} %, 5-95 % band {lo:.1f}-{hi:.1f} %. {rows} rows written to "
            f"{where}.")
