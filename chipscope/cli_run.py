"""``chipscope run``, ``market-check`` and ``assumptions`` (registered by :mod:`chipscope.cli`).

Heavy imports (pandas, the engine, storage) happen inside the commands.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from chipscope import cli_draws
from chipscope.cli_common import (
    UsageError,
    add_db,
    add_inputs,
    assumptions,
    csv_metadata,
    csv_out,
    load,
    print_table,
    project,
    shown,
    write_csv,
)

if TYPE_CHECKING:
    from chipscope.model.dataset import Dataset
    from chipscope.model.projection import Projection

GROUPS = ("global", "vendor", "adopter", "deal")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``run``, ``market-check`` and ``assumptions`` to the CLI's subcommands."""
    run = sub.add_parser("run", help="project the market and write the table as CSV",
                         description="Project the market and write year, adopter, vendor, chip, "
                                     "h100e, units, spend_usd, is_history, basis as CSV (basis: "
                                     "bf16 or 8bit, what the h100e column counts in).")
    add_inputs(run)
    run.add_argument("--out", required=True, type=csv_out, metavar="FILE.csv",
                     help="output CSV ('-': stdout)")
    cli_draws.add_options(run)  # --draws, --seed, --method: percentile bands (issue #12)
    run.set_defaults(func=cmd_run)

    check_cmd = sub.add_parser(
        "market-check", help="modelled spend per vendor beside reported revenue and guidance",
        description="For each year the projection covers, write the modelled spend per vendor "
                    "group beside the reported figures of the dataset's reported table "
                    "(revenue, guidance, run rates), with the comparable part of each and the "
                    "gap in %, as CSV; print the same as a table.")
    add_inputs(check_cmd)
    check_cmd.add_argument("--out", required=True, type=csv_out,
                           metavar="FILE.csv",
                           help="output CSV ('-': stdout, the table then goes to stderr)")
    check_cmd.set_defaults(func=cmd_market_check)

    asm = sub.add_parser("assumptions", help="list every assumption with default, unit, bounds")
    add_db(asm)
    asm.add_argument("--group", choices=GROUPS, help="only this group")
    asm.set_defaults(func=cmd_assumptions)


def _summary(dataset: Dataset, proj: Projection, rows: int, where: str) -> str:
    from chipscope.model.export_meta import one_line
    from chipscope.model.notes import projection_notes

    years = proj.years
    last = len(years) - 1
    shares = proj.vendor_shares("h100e")[last]
    names = {v: one_line(n) for v, n in zip(dataset.vendors["vendor_id"],
                                            dataset.vendors["name"], strict=True)}
    top = int(shares.argmax())
    parts = [f"{rows} rows for {int(years[0])}-{int(years[-1])} (history to {proj.base_year}) "
             f"written to {where}"]
    nvidia = [i for i, v in enumerate(proj.vendor_ids) if "nvidia" in f"{v} {names[v]}".lower()]
    shown = sorted({top, *nvidia}, key=lambda i: -shares[i])
    parts.append(", ".join(f"{names[proj.vendor_ids[i]]} {100 * shares[i]:.1f} %" for i in shown)
                 + f" of {int(years[-1])} compute ({proj.unit('h100e')})")
    notes = projection_notes(proj, dataset.adopter_names)
    return "; ".join(parts) + "." + "".join(f"\nNote: {n.detail}" for n in notes)


def cmd_run(args: argparse.Namespace) -> int:
    """``chipscope run``: the projection as CSV, and a one-line summary."""
    if args.draws is not None:
        return cli_draws.cmd_run_draws(args)
    if args.seed is not None or args.method is not None:  # say it, rather than ignore it
        given = "--seed" if args.seed is not None else "--method"
        print(f"Note: {given} chooses the sample of --draws N and has no effect without it "
              "(add --draws N for percentile bands).", file=sys.stderr)
    dataset = load(args)
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    proj = project(dataset, values, args.basis)
    frame = proj.to_frame()
    frame["basis"] = proj.basis
    report = write_csv(frame, args.out, (args.scenario,),
                       csv_metadata(args, dataset, values, "the projection, one row per year, "
                                    "adopter and chip"))
    print(_summary(dataset, proj, len(frame), "stdout" if args.out == "-" else shown(args.out)),
          file=report)
    return 0


def cmd_market_check(args: argparse.Namespace) -> int:
    """``chipscope market-check``: modelled spend beside the reported figures."""
    from chipscope.model.market_check import legend, market_check, reported_frame, text_table

    dataset = load(args)
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    reported = reported_frame(dataset)
    if reported.empty:
        raise UsageError("the dataset has no reported figures to check against (its reported "
                         "table, data/reported.csv, is empty or missing)")
    proj = project(dataset, values, args.basis)
    frame = market_check(proj, reported)
    if frame.empty:
        raise UsageError(f"no reported figure falls in the projection's years "
                         f"{int(proj.years[0])}-{int(proj.years[-1])}")
    report = write_csv(frame, args.out, (args.scenario,),
                       csv_metadata(args, dataset, values,
                                    "modelled spend beside reported revenue"))
    print(text_table(frame) + "\n\n" + legend(), file=report)
    if args.out != "-":
        print(f"\n{len(frame)} rows written to {shown(args.out)}.")
    return 0


def cmd_assumptions(args: argparse.Namespace) -> int:
    """``chipscope assumptions``: every assumption with default, unit, bounds and label."""
    from chipscope.model.assumptions import AssumptionSpecs

    specs = AssumptionSpecs.for_dataset(load(args))
    rows = [["key", "default", "unit", "bounds", "label"]]
    for spec in specs.values():
        if args.group is None or spec.group == args.group:
            bounds = spec.range_text()
            if spec.unit and bounds.endswith(spec.unit):
                bounds = bounds[: -len(spec.unit)].rstrip()
            elif spec.unit and f" {spec.unit}, or none" in bounds:
                bounds = bounds.replace(f" {spec.unit}, or none", ", or none")
            rows.append([spec.key, spec.format(spec.default), spec.unit or "-", bounds,
                         spec.label])
    print_table(rows, sys.stdout)
    return 0
