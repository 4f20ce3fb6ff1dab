"""``chipscope sensitivity``: the tornado of one metric as CSV (registered by :mod:`chipscope.cli`).

Heavy imports (the model, storage) happen inside the command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chipscope.cli_common import (
    UsageError,
    add_db,
    assumptions,
    csv_metadata,
    csv_out,
    file_path,
    load,
    print_table,
    seed_number,
    shown,
    whole_number,
    write_csv,
)

if TYPE_CHECKING:
    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.metrics import Metric
    from chipscope.model.uncertainty import Range

TOP_SHOWN = 10
DEFAULT_DRAWS = 512
"""Draws of --method variance unless --draws says otherwise."""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sensitivity`` to the CLI's subcommands."""
    p = sub.add_parser(
        "sensitivity", help="tornado: how far each input's range swings one output",
        description="Set each input with a range to its range's 5th and then 95th percentile, "
                    "one at a time (every other input at its value), and write how far the "
                    "metric moves, widest swing first, as CSV: metric, metric_unit, baseline, "
                    "key, label, unit, value_low, value_high, metric_low, metric_high, swing, "
                    "dist, source. Ranges: the scenario file's [ranges] over ChipScope's "
                    "defaults (docs/uncertainty.md). H100e on the dense BF16 basis.")
    p.add_argument("--metric", required=True, metavar="KIND:VENDOR:YEAR",
                   help="share, h100e, units or spend of a vendor in a year, e.g. "
                        "share:aws:2030 (share in %% of the year's H100e)")
    p.add_argument("--method", choices=("tornado", "variance"), default="tornado",
                   help="tornado (default): one input at a time; variance: every input drawn "
                        "at once, ranked by the share of the metric's variance it explains "
                        "alone (first-order index; CSV columns key, label, first_order_index, "
                        "source, n, seed, metric_mean, metric_std)")
    p.add_argument("--draws", type=whole_number, default=None, metavar="N",
                   help="variance: projections to draw (32 to 20,000; default 512)")
    p.add_argument("--seed", type=seed_number, default=None, metavar="S",
                   help="variance: the sample's seed (default 0)")
    add_scenario_options(p)
    p.add_argument("--out", required=True, type=csv_out, metavar="FILE.csv",
                   help="output CSV ('-': stdout)")
    p.set_defaults(func=cmd_sensitivity)


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """``--scenario``, ``--set`` and ``--db`` (no ``--basis``: the model's basis)."""
    p.add_argument("--scenario", type=file_path, metavar="FILE.toml",
                   help="scenario file applied to the defaults, with its [ranges] "
                        "(docs/scenario-format.md)")
    p.add_argument("--set", dest="sets", action="extend", nargs="+", default=[],
                   metavar="KEY=VALUE", help="set one assumption, after the scenario "
                                             "(repeatable)")
    add_db(p)


def scenario_ranges(dataset: Dataset, values: Assumptions, scenario: Path | None
                    ) -> dict[str, Range]:
    """ChipScope's default ranges, overridden by the scenario file's own."""
    from chipscope.model.uncertainty import default_ranges
    from chipscope.storage.scenario_files import read_scenario_file

    ranges = default_ranges(dataset, values.specs, values)
    if scenario is not None:  # already read and checked by cli_common.assumptions
        ranges.update(read_scenario_file(scenario, values.specs, source=str(scenario)).ranges)
    return ranges


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """``chipscope sensitivity``: the tornado as CSV and its top rows as a table."""
    from chipscope.model.metrics import parse_metric
    from chipscope.model.tornado import tornado
    from chipscope.storage.write_probe import check_writable

    dataset = load(args)
    try:
        metric = parse_metric(args.metric, dataset)
    except ValueError as exc:
        raise UsageError(f"--metric: {exc}") from None
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    ranges = scenario_ranges(dataset, values, args.scenario)
    if not ranges:
        raise UsageError("no input has a range: give some in the scenario's [ranges] tables")
    check_writable(args.out, "CSV file", (args.scenario,))  # before the work, not after it
    if args.method == "variance":
        return _variance(args, dataset, values, metric, ranges)
    if args.draws is not None or args.seed is not None:  # say it, rather than ignore it
        print(f"Note: {'--draws' if args.draws is not None else '--seed'} applies to --method "
              "variance and has no effect on the tornado (one input at a time, no draws).",
              file=sys.stderr)
    try:
        result = tornado(dataset, values, metric, ranges)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    frame = result.to_frame()
    report = write_csv(frame, args.out, (args.scenario,), csv_metadata(
        args, dataset, values, f"tornado of {metric.label}: one input at a time at its "
                               "range's 5th and 95th percentiles"))
    print(f"{metric.label}: {result.baseline:.6g} now. Widest swings "
          f"({len(frame)} inputs with a range, written to "
          f"{'stdout' if args.out == '-' else shown(args.out)}):", file=report)
    rows = [["input", "5th pct", "95th pct", "metric at 5th", "at 95th", "swing"]]
    for r in result.rows[:TOP_SHOWN]:
        rows.append([r.key, f"{r.value_low:.4g}", f"{r.value_high:.4g}",
                     f"{r.metric_low:.4g}", f"{r.metric_high:.4g}", f"{r.swing:.3g}"])
    print_table(rows, report)
    return 0


def _variance(args: argparse.Namespace, dataset: Dataset, values: Assumptions, metric: Metric,
              ranges: dict[str, Range]) -> int:
    from chipscope.cli_sweep import Progress
    from chipscope.model.tasks import TaskContext
    from chipscope.model.variance import MAX_DRAWS, MIN_DRAWS, variance_ranking

    args.draws = DEFAULT_DRAWS if args.draws is None else args.draws
    args.seed = 0 if args.seed is None else args.seed
    if not MIN_DRAWS <= args.draws <= MAX_DRAWS:
        raise UsageError(f"--draws: {args.draws} is not from {MIN_DRAWS} to {MAX_DRAWS:,}")
    bar = Progress(100, sys.stderr)
    context = TaskContext(lambda f: bar.update(round(100 * f) - bar.done))
    try:
        result = variance_ranking(dataset, values, metric, ranges, args.draws, args.seed,
                                  context=context)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    finally:
        bar.close()
    frame = result.to_frame()
    report = write_csv(frame, args.out, (args.scenario,), csv_metadata(
        args, dataset, values, f"variance ranking of {metric.label} over {args.draws} draws "
                               f"(seed {args.seed})"))
    print(f"{metric.label}: mean {result.mean:.4g}, standard deviation {result.std:.3g} over "
          f"{result.n} draws (seed {result.seed}); share of its variance each input explains "
          f"alone (written to {'stdout' if args.out == '-' else shown(args.out)}):", file=report)
    rows = [["input", "first-order index"]]
    rows += [[k, f"{v:.3f}"] for k, v in zip(result.keys[:TOP_SHOWN],
                                              result.indices[:TOP_SHOWN], strict=True)]
    print_table(rows, report)
    return 0
