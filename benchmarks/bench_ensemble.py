"""Ensemble benchmark (issue #12): run_ensemble on the bundled dataset with its default ranges.

Prints a table and writes benchmarks/results/ensemble.json. Targets: 10,000 draws in at most
2 s wall and 1 GB peak memory; 1,000 draws in at most 0.3 s. The baseline, in the same run, is
one project() call: the table gives each ensemble's speed-up over a Python loop of project()
(draws x one project() / the ensemble's time), which does not depend on how busy the machine is
the way the wall time does (2 cores shared with other work; CPU time is reported too).
Peak memory is measured in a fresh subprocess per size: tracemalloc's peak (numpy reports its
arrays to it) and the growth of the process's maximum resident set (getrusage).

    python benchmarks/bench_ensemble.py [--quick] [--method lhs|sobol]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]
TARGETS = {1000: (0.3, None), 10000: (2.0, 1.0)}  # draws -> (wall s, peak GB)

_MEMORY = """
import json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from chipscope import paths
from chipscope.storage import load_dataset
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.ensemble import estimate_bytes, run_ensemble
from chipscope.model.uncertainty import default_ranges
ds = load_dataset(paths.bundled_db_path())
a = AssumptionSpecs.for_dataset(ds).defaults()
r = default_ranges(ds, a.specs, a)
run_ensemble(ds, a, r, 50, 0, sys.argv[3])  # imports and caches, as the app has them
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
run_ensemble(ds, a, r, int(sys.argv[2]), 0, sys.argv[3])
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"tracemalloc_peak_mb": peak / 2**20, "rss_growth_mb": (rss1 - rss0) / 1024,
                  "rss_max_mb": rss1 / 1024,
                  "estimate_mb": estimate_bytes(ds, a, int(sys.argv[2]), len(r)) / 2**20}))
"""


def _timed(func: Any, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``runs`` calls."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        func()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def _memory(n: int, method: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _MEMORY, str(ROOT), str(n), method],
                          capture_output=True, text=True, check=True)
    out: dict[str, float] = json.loads(done.stdout)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--method", choices=("lhs", "sobol"), default="lhs")
    args = parser.parse_args()

    from chipscope import paths
    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.engine import project
    from chipscope.model.ensemble import CHUNK_DRAWS, run_ensemble
    from chipscope.model.uncertainty import default_ranges
    from chipscope.storage import load_dataset

    ds = load_dataset(paths.bundled_db_path())
    a = AssumptionSpecs.for_dataset(ds).defaults()
    ranges = default_ranges(ds, a.specs, a)
    run_ensemble(ds, a, ranges, 50, 0, args.method)  # warm imports and caches
    project(ds, a)
    single_wall, single_cpu = _timed(lambda: project(ds, a), 50 if args.quick else 300)
    rows: list[dict[str, Any]] = [{
        "case": "project() once (baseline)", "draws": 1, "wall_s": single_wall,
        "cpu_s": single_cpu, "speedup_vs_loop": 1.0, "speedup_vs_loop_cpu": 1.0}]
    for n in (1000, 10000):
        runs = (3 if args.quick else 7) if n <= 1000 else (2 if args.quick else 5)
        wall, cpu = _timed(lambda n=n: run_ensemble(ds, a, ranges, n, 0, args.method), runs)
        target_s, target_gb = TARGETS[n]
        row: dict[str, Any] = {
            "case": f"run_ensemble {n:,} draws", "draws": n, "wall_s": wall, "cpu_s": cpu,
            "speedup_vs_loop": n * single_wall / wall,
            "speedup_vs_loop_cpu": n * single_cpu / cpu, "runs": runs,
            "target_wall_s": target_s, "met_wall": wall <= target_s,
            "met_wall_cpu": cpu <= target_s}
        row.update(_memory(n, args.method))
        if target_gb is not None:
            row["target_peak_gb"] = target_gb
            row["met_memory"] = row["rss_max_mb"] / 1024 <= target_gb
        rows.append(row)

    print(f"bundled dataset: {len(ds.adopter_ids)} adopters, {len(ds.vendor_ids)} vendors, "
          f"{len(ds.chip_ids)} chips, {len(ranges)} ranged assumptions, {args.method}, "
          f"chunks of {CHUNK_DRAWS} draws")
    header = (f"{'case':<28}{'wall s':>9}{'cpu s':>9}{'x loop':>8}{'x cpu':>7}{'peak MB':>9}"
              f"{'rss MB':>8}{'est MB':>8}  target")
    print(header)
    print("-" * len(header))
    for r in rows:
        mem = (f"{r['tracemalloc_peak_mb']:>9.0f}{r['rss_max_mb']:>8.0f}"
               f"{r['estimate_mb']:>8.0f}") if "estimate_mb" in r else " " * 25
        target = ""
        if "target_wall_s" in r:
            target = (f"<= {r['target_wall_s']} s wall: {'met' if r['met_wall'] else 'MISSED'}"
                      f" (cpu {'met' if r['met_wall_cpu'] else 'missed'})")
            if "met_memory" in r:
                target += f", <= 1 GB: {'met' if r['met_memory'] else 'MISSED'}"
        print(f"{r['case']:<28}{r['wall_s']:>9.4f}{r['cpu_s']:>9.4f}"
              f"{r['speedup_vs_loop']:>8.1f}{r['speedup_vs_loop_cpu']:>7.1f}{mem}  {target}")
    print("x loop / x cpu: draws x one project() / the ensemble, in wall / CPU time; peak MB: "
          "tracemalloc's peak; rss MB: the process's maximum resident set (dataset included); "
          "est MB: ensemble.estimate_bytes (what --draws refuses above 1 GB)")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "ensemble.json"
    load = None
    try:
        import os

        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        pass
    out.write_text(json.dumps({"python": platform.python_version(),
                               "machine": platform.platform(), "load_average_1min": load,
                               "method": args.method, "ranges": len(ranges),
                               "chunk_draws": CHUNK_DRAWS, "rows": rows}, indent=2) + "\n")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
