"""``chipscope calibrate`` and ``chipscope backtest`` (registered by :mod:`chipscope.cli`).

Heavy imports (pandas, scipy, the engine) happen inside the commands.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from chipscope.cli_common import (
    MAX_PROCESSES,
    UsageError,
    add_db,
    add_inputs,
    assumptions,
    csv_out,
    error_line,
    file_path,
    load,
    note_line,
    print_table,
    seed_number,
    shown,
    whole_number,
    worker_died,
    write_csv,
)
from chipscope.cli_stdout import quiet_resource_tracker

if TYPE_CHECKING:
    import pandas as pd

    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.calibration import BootstrapJob, Fit, Mapper, Target
    from chipscope.model.dataset import Dataset

STALE = "defaults are stale: run chipscope-cli calibrate --write"
DEFAULT_DRAWS = 30


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``calibrate`` and ``backtest`` to the CLI's subcommands."""
    cal = sub.add_parser(
        "calibrate", help="fit the model's free parameters to the history; check the defaults",
        description="Fit price sensitivity, lock-in, switching speed, the Bass ramp, the "
                    "sales life and the own-silicon preference to the history (a rolling-origin "
                    "back-test) and the Q1 2026 run rate, and compare the fit with the shipped "
                    "defaults: exit status 0 if they agree to the printed precision, 1 if not.")
    add_db(cal)
    tg = cal.add_mutually_exclusive_group()
    tg.add_argument("--targets", type=file_path, metavar="FILE.csv",
                    help="calibration targets (default: the bundled calibration_targets.csv)")
    tg.add_argument("--no-targets", action="store_true",
                    help="fit the history alone (for a dataset the bundled targets do not fit)")
    cal.add_argument("--write", action="store_true",
                     help="write the fit and its bootstrap ranges to chipscope/model/fitted.py")
    cal.add_argument("--fitted", type=file_path, metavar="FILE.py",
                     help="where --write writes (default: the package's model/fitted.py)")
    cal.add_argument("--draws", type=whole_number, metavar="N", default=None,
                     help=f"bootstrap draws for the ranges (default {DEFAULT_DRAWS} with "
                          "--write, else none)")
    cal.add_argument("--seed", type=seed_number, default=0, metavar="S", help="bootstrap seed (0)")
    cal.add_argument("--jobs", type=whole_number, default=None, metavar="N",
                     help="processes for the bootstrap, 1 to 256 (default: one per CPU)")
    cal.set_defaults(func=cmd_calibrate, more_inputs=_read_by_default)

    bt = sub.add_parser(
        "backtest", help="project from an earlier base year and score the later history",
        description="Project from --base-year and compare every later history year with the "
                    "data: per-vendor compute share (%) and its error (pp), spend at "
                    "reference prices (USD) and its error (%).")
    bt.add_argument("--base-year", type=whole_number, required=True, metavar="YEAR")
    bt.add_argument("--out", type=csv_out, metavar="FILE.csv",
                    help="write the rows as CSV ('-': stdout)")
    bt.add_argument("--markdown", action="store_true",
                    help="print the summary as a Markdown table (docs/model.md)")
    add_inputs(bt)
    bt.set_defaults(func=cmd_backtest)


# --- backtest ---------------------------------------------------------------------------------
def cmd_backtest(args: argparse.Namespace) -> int:
    from chipscope.model import backtest as bt

    dataset = load(args)
    try:
        bt.check_base_year(dataset, args.base_year)
    except ValueError as exc:
        raise UsageError(f"--base-year: {exc}") from None
    values = assumptions(dataset, args.scenario, args.sets, getattr(args, "db", None))
    last = int(dataset.history_years[-1])
    values = values.replace({"base_year": args.base_year, "horizon_year": last + 1})
    frame = bt.backtest(dataset, values)
    summary_out: TextIO = (sys.stdout if args.out is None else
                           write_csv(frame, args.out, (getattr(args, "scenario", None),)))
    show = backtest_markdown if args.markdown else backtest_text
    print(show(dataset, frame, args.base_year), file=summary_out)
    if args.out not in (None, "-"):
        print(f"{len(frame)} rows written to {shown(args.out)}.", file=summary_out)
    return 0


def _summary_rows(dataset: Dataset, frame: pd.DataFrame) -> list[list[str]]:
    from chipscope.model.backtest import overall, vendor_summary

    names = dict(zip(dataset.vendors["vendor_id"], dataset.vendors["name"], strict=True))
    rows = []
    for r in vendor_summary(frame).to_dict("records"):
        rows.append([names[str(r["vendor"])], f"{r['mean_abs_error_pp']:.1f}",
                     _bn(r["modelled_spend_usd"]), _bn(r["history_spend_usd"]),
                     _pct(r["spend_error_pct"])])
    total = overall(frame)
    rows.append(["all vendors", f"{total['mean_abs_error_pp']:.1f}",
                 _bn(frame["modelled_spend_usd"].sum()), _bn(frame["history_spend_usd"].sum()),
                 _pct(total["spend_error_pct"])])
    return rows


HEADER = ["vendor", "share error (pp, mean abs)", "modelled spend (USD bn)",
          "history spend (USD bn)", "spend error (%)"]


def _title(dataset: Dataset, frame: pd.DataFrame, base_year: int) -> str:
    years = sorted({int(y) for y in frame["year"]})
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return (f"Back-test from base year {base_year}, scored against the history of {span}: "
            "compute shares (H100e); spend at each chip's reference price, the basis of "
            "history spend.")


def _overall_line(frame: pd.DataFrame) -> str:
    from chipscope.model.backtest import overall

    t = overall(frame)
    return (f"Overall: mean absolute share error {t['mean_abs_error_pp']:.1f} pp over "
            f"{len(frame)} vendor-years; {t['misallocated_pct']:.1f} % of compute given to the "
            f"wrong vendor (half the sum of absolute share errors, mean over years); spend "
            f"error {_pct(t['spend_error_pct'])} %.")


def backtest_text(dataset: Dataset, frame: pd.DataFrame, base_year: int) -> str:
    """The per-vendor summary as a plain-text table, with a title and the overall figures."""
    import io

    buf = io.StringIO()
    print_table([HEADER, *_summary_rows(dataset, frame)], buf)
    return f"{_title(dataset, frame, base_year)}\n{buf.getvalue()}{_overall_line(frame)}"


def backtest_markdown(dataset: Dataset, frame: pd.DataFrame, base_year: int) -> str:
    """The per-vendor summary as a Markdown table (docs/model.md's back-test section)."""
    lines = [_title(dataset, frame, base_year), "",
             "| " + " | ".join(HEADER) + " |", "|---|" + "---:|" * (len(HEADER) - 1)]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |"
              for r in _summary_rows(dataset, frame)]
    return "\n".join([*lines, "", _overall_line(frame)])


def _cell(text: str) -> str:
    """A Markdown table cell: on one line, a "|" escaped (a vendor's name may hold either)."""
    from chipscope.model.export_meta import one_line

    return one_line(text).replace("|", "\\|")


def _bn(usd: float) -> str:
    return f"{usd / 1e9:,.1f}"


def _pct(x: float) -> str:
    return "-" if math.isnan(x) else f"{x:+.1f}"


# --- calibrate --------------------------------------------------------------------------------
def _targets_path(args: argparse.Namespace) -> Path | None:
    """The calibration targets calibrate reads: ``--targets``, else the bundled file; None
    with ``--no-targets``."""
    from chipscope import paths

    return None if args.no_targets else args.targets or paths.calibration_targets_path()


def _read_by_default(args: argparse.Namespace) -> list[Path | None]:
    """What calibrate reads without being told: the bundled targets (no --targets), and the
    shipped fit (model/fitted.py, compared with the new one)."""
    from chipscope import paths

    return [_targets_path(args), paths.fitted_module_path()]


def _target(args: argparse.Namespace, dataset: Dataset) -> Target | None:
    from chipscope.model.calibration import Target
    from chipscope.storage.calibration_files import read_calibration_targets

    path = _targets_path(args)
    if path is None:
        return None
    try:
        target = Target.from_frame(read_calibration_targets(path, dataset))
    except ValueError as exc:
        raise UsageError(f"{path}: {exc}") from None
    if target is None and args.targets is not None:  # not the fit that was asked for
        raise UsageError(f"{path}: the calibration targets file has no rows (give targets, or "
                         "--no-targets to fit the history alone)")
    return target


def cmd_calibrate(args: argparse.Namespace) -> int:
    try:
        from chipscope.model import calibration as cal
    except ImportError as exc:  # the standalone bundle leaves scipy out
        print(error_line(f"calibrate needs scipy: {exc}"), file=sys.stderr)
        return 1
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.backtest import base_year_range

    draws = args.draws if args.draws is not None else (DEFAULT_DRAWS if args.write else 0)
    if draws < 0 or (args.write and draws < 1):
        raise UsageError(f"--draws: {draws} must be at least 1 with --write (0 without)")
    if args.jobs is not None and not 1 <= args.jobs <= MAX_PROCESSES:
        raise UsageError(f"--jobs: {args.jobs} is not from 1 to {MAX_PROCESSES}")
    if args.fitted is not None and not args.write:  # say it, rather than ignore it
        print("Note: --fitted names the file --write writes and has no effect without it "
              "(add --write to write the fit there).", file=sys.stderr)
    if args.write:  # refuse a bad --fitted before a fit of a minute or more, not after
        from chipscope import paths
        from chipscope.model.fitted_source import GENERATED_MARKER
        from chipscope.storage.calibration_files import check_generated_target

        check_generated_target(args.fitted or paths.fitted_module_path(), GENERATED_MARKER)
    dataset = load(args)
    try:
        base_year_range(dataset)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    target = _target(args, dataset)
    specs = AssumptionSpecs.for_dataset(dataset)
    started = time.perf_counter()
    try:
        point = cal.fit(dataset, target)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    at_defaults = cal.Objective(dataset, target).error(
        {k: specs[k].default for k in point.values})
    print(f"Fit in {time.perf_counter() - started:.1f} s ({point.evaluations} evaluations): "
          f"error {point.error:.5f} at the fit, {at_defaults:.5f} at the shipped defaults "
          "(mean squared vendor-share error per scored year).")
    spread = None
    if draws:
        started = time.perf_counter()
        spread = cal.bootstrap(dataset, target, point, draws=draws, seed=args.seed,
                               mapper=_mapper(args.jobs, draws))
        print(f"Bootstrap: {draws} draws (seed {args.seed}) in "
              f"{time.perf_counter() - started:.1f} s.")
    _print_fit_table(specs, point, spread)
    if args.write:
        _write(args, dataset, target, point, spread, draws)
        return 0
    return _verdict(specs, point, _fit_options(args))


def _mapper(jobs: int | None, draws: int) -> Mapper:
    """``map``, or a pool's map over ``jobs`` processes (spawned: forking a process that
    runs threads can deadlock). The bootstrap's result does not depend on it."""
    n = min(jobs or os.cpu_count() or 1, draws)
    if n <= 1:
        return map

    def run(func: Callable[[BootstrapJob], dict[str, float]], items: Iterable[BootstrapJob]
            ) -> list[dict[str, float]]:
        from concurrent.futures.process import BrokenProcessPool

        from chipscope.worker_pool import new_pool  # spawned, as sweep's

        quiet_resource_tracker()
        try:
            with new_pool(n) as pool:
                return list(pool.map(func, items))
        except BrokenProcessPool:
            raise worker_died("--jobs") from None

    return run


def _shipped_fitted() -> dict[str, float]:
    """chipscope/model/fitted.py's FITTED ({} before the first --write)."""
    import importlib

    try:
        module = importlib.import_module("chipscope.model.fitted")
    except ModuleNotFoundError:
        return {}
    return {str(k): float(v) for k, v in getattr(module, "FITTED", {}).items()}


def _print_fit_table(specs: AssumptionSpecs, point: Fit, spread: pd.DataFrame | None) -> None:
    shipped = _shipped_fitted()
    header = ["parameter", "fitted", "default", "fitted.py", "bounds"]
    if spread is not None:
        header += ["p5", "p50", "p95"]
    rows = [header]
    for key, value in point.rounded.items():
        spec = specs[key]
        row = [key, spec.format(value), spec.format(spec.default),
               spec.format(shipped[key]) if key in shipped else "-", spec.range_text()]
        if spread is not None:
            r = spread.set_index("parameter").to_dict("index")[key]
            row += [f"{float(r[c]):.{spec.decimals}f}" for c in ("p5", "p50", "p95")]
        rows.append(row)
    print_table(rows, sys.stdout)


def _fit_options(args: argparse.Namespace) -> str:
    """The options the fit was made with (its database and targets), as the advised
    ``calibrate --write`` must repeat them: without, it fits other data."""
    from chipscope.model.shell_words import shell_option

    given = [(name, getattr(args, attr, None)) for name, attr in (("--db", "db"),
                                                                   ("--targets", "targets"))]
    words = [shell_option(name, value) for name, value in given if value is not None]
    return " ".join(["", *words, *(["--no-targets"] if args.no_targets else [])])


def _verdict(specs: AssumptionSpecs, point: Fit, options: str = "") -> int:
    shipped = _shipped_fitted()
    stale_file = [k for k, v in point.rounded.items()
                  if k not in shipped or specs[k].format(shipped[k]) != specs[k].format(v)]
    stale_defaults = [k for k, v in point.rounded.items()
                      if specs[k].format(specs[k].default) != specs[k].format(v)]
    if stale_file:
        print(note_line(f"{STALE}{options} (fitted.py differs in {', '.join(stale_file)})"),
              file=sys.stderr)
        return 1
    if stale_defaults:
        print(note_line("defaults are stale: chipscope/model/fitted.py holds the fit, but "
                        f"the defaults of {', '.join(stale_defaults)} in param_specs.py are "
                        "not taken from fitted.FITTED"), file=sys.stderr)
        return 1
    print("The shipped defaults are the fitted ones.")
    return 0


def _write(args: argparse.Namespace, dataset: Dataset, target: Target | None, point: Fit,
           spread: pd.DataFrame | None, draws: int) -> None:
    from chipscope import paths
    from chipscope.model.fitted_source import GENERATED_MARKER, fitted_module_source
    from chipscope.storage.calibration_files import write_generated_module

    assert spread is not None
    path: Path = args.fitted or paths.fitted_module_path()
    text = fitted_module_source(dataset, target, point, spread, draws=draws, seed=args.seed)
    write_generated_module(path, text, GENERATED_MARKER)
    print(f"Wrote {shown(path)}.")
