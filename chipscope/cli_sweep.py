"""``chipscope sweep``: a grid or sample of scenarios in parallel processes, tidy CSV out
(registered by :mod:`chipscope.cli`; the spec is documented in docs/sweep.md).

Heavy imports (the model, storage, concurrent.futures) happen inside the command.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from chipscope.cli_common import (
    MAX_PROCESSES,
    UsageError,
    add_db,
    csv_out,
    file_path,
    load,
    shown,
    whole_number,
    worker_died,
    write_csv,
)
from chipscope.cli_stdout import quiet_resource_tracker

if TYPE_CHECKING:
    from chipscope.model.assumptions import Assumptions
    from chipscope.model.dataset import Dataset
    from chipscope.model.metrics import Metric

SCENARIOS_PER_WORKER = 500
"""Without --workers, one process per this many scenarios (up to the CPU count): starting a
worker (Python, pandas, the dataset) costs about as much as 500 projections, so a small sweep
runs faster in the command's own process."""
CHUNKS_PER_WORKER = 8
"""Scenarios go to the workers in about this many chunks each: progress moves smoothly and a
slow chunk does not leave the other workers idle for long."""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sweep`` to the CLI's subcommands."""
    p = sub.add_parser(
        "sweep", help="run a grid or sample of scenarios in parallel, tidy CSV out",
        description="Run every scenario of SPEC.toml ([grid] of values or [sample] over "
                    "[ranges], docs/sweep.md) in parallel processes and write one row per "
                    "scenario and metric value: scenario_id, the varied keys, metric, year, "
                    "vendor, value (share in %, h100e in H100e, units in chips, spend in USD).")
    p.add_argument("spec", type=file_path, metavar="SPEC.toml", help="the sweep spec")
    p.add_argument("--out", required=True, type=csv_out, metavar="FILE.csv",
                   help="output CSV ('-': stdout)")
    p.add_argument("--workers", type=whole_number, default=None, metavar="N",
                   help="worker processes (default: one per 500 scenarios, at most the number "
                        "of CPUs; 1: no extra process)")
    add_db(p)
    p.set_defaults(func=cmd_sweep, more_inputs=_base_named)


# --- worker side (module level: picklable) ---------------------------------------------------
_STATE: dict[str, Any] = {}


def _init_worker(dataset: Dataset, changes: dict[str, float], metrics: list[str]) -> None:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.sweep import expand_metrics

    base = AssumptionSpecs.for_dataset(dataset).defaults().replace(changes)
    _STATE.update(dataset=dataset, base=base, metrics=expand_metrics(metrics, dataset, base))


def _run_chunk(keys: tuple[str, ...], rows: Any, first_id: int) -> list[Any]:
    from chipscope.model.sweep import run_scenarios

    return run_scenarios(_STATE["dataset"], _STATE["base"], keys, rows, _STATE["metrics"],
                         first_id)


# --- the command -------------------------------------------------------------------------------
def _base(dataset: Dataset, spec_path: Path, scenario: str | None, db: Path | None = None
          ) -> tuple[Assumptions, dict[str, Any], Path | None]:
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.storage.scenario_files import read_scenario_file
    from chipscope.storage.schema import StorageError

    specs = AssumptionSpecs.for_dataset(dataset, db)
    if scenario is None:
        return specs.defaults(), {}, None
    path = _base_path(spec_path, scenario)
    try:
        s = read_scenario_file(path, specs, source=str(path), base=True, db=db)
        return s.apply(specs.defaults()), dict(s.ranges), path
    except (ValueError, StorageError) as exc:  # not a scenario; a folder, no such file
        raise UsageError(f"{spec_path}: scenario: {exc}") from None


def _base_path(spec_path: Path, scenario: str) -> Path:
    """The base scenario file a spec's ``scenario = "..."`` names (beside the spec)."""
    return (spec_path.parent / scenario) if not Path(scenario).is_absolute() else Path(scenario)


def _base_named(args: argparse.Namespace) -> list[Path]:
    """The base scenario the spec names, for the guard of standard output and error (read
    before anything is printed); [] when the spec cannot be read (the command says why)."""
    from chipscope.file_access import look
    from chipscope.model.scenario_checks import load_toml
    from chipscope.storage.files import read_text

    if not look(args.spec).is_file:  # a FIFO is read once, by the command (which names a denial)
        return []
    scenario = load_toml(read_text(args.spec, "sweep spec"), "sweep spec").get("scenario")
    return [_base_path(args.spec, scenario)] if isinstance(scenario, str) else []


def cmd_sweep(args: argparse.Namespace) -> int:
    """``chipscope sweep``: parse the spec, run the scenarios, write the tidy CSV."""
    import numpy as np
    import pandas as pd

    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.sweep import expand_metrics, parse_sweep_spec, scenario_table
    from chipscope.storage.files import read_text
    from chipscope.storage.write_probe import check_writable

    if args.workers is not None and not 1 <= args.workers <= MAX_PROCESSES:
        raise UsageError(f"--workers: {args.workers} is not from 1 to {MAX_PROCESSES}")
    dataset = load(args)
    db = getattr(args, "db", None)
    specs = AssumptionSpecs.for_dataset(dataset, db)
    try:
        spec = parse_sweep_spec(read_text(args.spec, "sweep spec"), specs, str(args.spec), db)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    base, base_ranges, scenario_path = _base(dataset, args.spec, spec.scenario, db)
    try:
        metrics = expand_metrics(spec.metrics, dataset, base)
        keys, table = scenario_table(spec, dataset, base, base_ranges)
        _check_metric_years(metrics, base)
    except ValueError as exc:
        raise UsageError(f"{args.spec}: {exc}") from None
    check_writable(args.out, "CSV file", (args.spec, scenario_path))  # before the runs
    auto = min(os.cpu_count() or 1, max(1, len(table) // SCENARIOS_PER_WORKER))
    workers = min(args.workers or auto, max(1, len(table)))
    started = time.perf_counter()
    bar = Progress(len(table), sys.stderr)
    results = _run(dataset, base.changed(), list(spec.metrics), keys, table, workers, bar)
    bar.finish(f"writing {_count(len(results), 'row')} to "
               f"{'standard output' if args.out == '-' else shown(args.out)}")
    frame = pd.DataFrame(results, columns=["scenario_id", "metric", "year", "vendor", "value"])
    varied = pd.DataFrame(table, columns=list(keys))
    varied.insert(0, "scenario_id", np.arange(len(table)))
    frame = varied.merge(frame, on="scenario_id").sort_values(
        ["scenario_id", "metric", "year", "vendor"], kind="stable")
    report = write_csv(frame, args.out, (args.spec, scenario_path))
    print(f"{_count(len(table), 'scenario')} x {_count(len(metrics), 'metric value')} in "
          f"{time.perf_counter() - started:.1f} s on {workers:,} "
          f"process{'' if workers == 1 else 'es'}: "
          f"{_count(len(frame), 'row')} written to "
          f"{'stdout' if args.out == '-' else shown(args.out)}.", file=report)
    return 0


def _count(n: int, noun: str) -> str:
    """"1 scenario", "6,000 scenarios"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _check_metric_years(metrics: list[Metric], base: Assumptions) -> None:
    last = int(base["horizon_year"])
    for m in metrics:
        if m.year > last:
            raise ValueError(f"metric {m.name!r}: {m.year} is after the horizon {last}")


def _run(dataset: Dataset, changes: dict[str, float], metrics: list[str],
         keys: tuple[str, ...], table: Any, workers: int, bar: Progress) -> list[Any]:
    n = len(table)
    size = max(1, -(-n // (workers * CHUNKS_PER_WORKER)))
    chunks = [(i, table[i:i + size]) for i in range(0, n, size)]
    out: list[Any] = []
    if workers == 1:
        _init_worker(dataset, changes, metrics)
        for first, rows in chunks:
            out += _run_chunk(keys, rows, first)
            bar.update(len(rows))
        bar.close()
        return out
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    from chipscope.worker_pool import new_pool  # spawned, as calibrate's

    quiet_resource_tracker()
    try:
        with new_pool(workers, _init_worker, (dataset, changes, metrics)) as pool:
            futures = {pool.submit(_run_chunk, keys, rows, first): len(rows)
                       for first, rows in chunks}
            try:
                for fut in as_completed(futures):
                    out += fut.result()
                    bar.update(futures[fut])
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    except BrokenProcessPool:
        bar.close()
        raise worker_died("--workers") from None
    bar.close()
    return out


class Progress:
    """A one-line progress bar on a terminal. Anywhere else (a pipe, a log file) a plain line
    every :attr:`LINE_EVERY_S` seconds, so a sweep of minutes is not silent; a short one
    prints nothing. When the runs end, :meth:`finish` says what comes next (the merge, the
    sort and the CSV write take as long as the runs: the last "about 1 s left" was followed
    by 15 s of silence)."""

    WIDTH = 30
    LINE_EVERY_S = 10.0

    def __init__(self, total: int, stream: TextIO):
        self.total, self.done, self.stream = total, 0, stream
        self.on = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self.last_line = self.started
        self.shown = False

    def update(self, k: int) -> None:
        """Add ``k`` done and redraw (or, off a terminal, print a line when one is due)."""
        self.done += k
        frac = self.done / max(self.total, 1)
        now = time.perf_counter()
        elapsed = now - self.started
        eta = elapsed / frac - elapsed if frac > 0 else 0.0
        if not self.on:
            if now - self.last_line >= self.LINE_EVERY_S and self.done < self.total:
                self.last_line, self.shown = now, True
                print(f"sweep: {self.done:,} of {self.total:,} scenarios done, {elapsed:.0f} s, "
                      f"about {eta:.0f} s left", file=self.stream, flush=True)
            return
        fill, self.shown = int(self.WIDTH * frac), True
        self.stream.write(f"\r[{'#' * fill}{'.' * (self.WIDTH - fill)}] {self.done}/"
                          f"{self.total} scenarios, {elapsed:.0f} s, about {eta:.0f} s left ")
        self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write("\n")
            self.stream.flush()

    def finish(self, next_step: str) -> None:
        """After the runs: "sweep: N scenarios done in T s; NEXT_STEP ..." where progress was
        shown (a short sweep stays silent)."""
        if self.shown:
            print(f"sweep: {self.total:,} scenarios done in "
                  f"{time.perf_counter() - self.started:.0f} s; {next_step} ...",
                  file=self.stream, flush=True)
