"""Engine benchmark: time to compute the projection arrays (no DataFrames, no files).

Prints a table and writes benchmarks/results/engine.json. Targets (issue #2): bundled dataset
median <= 1 ms; 100 adopters x 300 chips x 15 projected years <= 50 ms; growth linear in
adopters x chips x years.

    python benchmarks/bench_engine.py [--quick] [--baseline GIT_REV]

``--baseline GIT_REV`` also times the engine of an earlier commit on its own bundled dataset,
in the same run (a temporary git worktree, timed in a subprocess), so that the table gives the
ratio to it: the machine's speed varies from session to session (the previous engine measured
0.74 ms in one session and 1.08 ms in another).
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

from revisions import worktree_at  # benchmarks/revisions.py (scripts run from here)

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset

RESULTS = Path(__file__).resolve().parent / "results"


def time_engine(dataset: Dataset, horizon: int | None, runs: int) -> dict[str, float]:
    a = AssumptionSpecs.for_dataset(dataset).defaults()
    if horizon is not None:
        a = a.replace({"horizon_year": horizon})
    project(dataset, a)  # warm caches (history cubes) as the app does at start-up
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        project(dataset, a)
        samples.append((time.perf_counter() - t0) * 1000.0)
    samples.sort()
    return {"median_ms": statistics.median(samples),
            "p95_ms": samples[int(0.95 * (len(samples) - 1))], "runs": runs}


def load_bundled() -> Dataset | None:
    from chipscope import paths
    from chipscope.storage import load_dataset

    try:
        return load_dataset(paths.bundled_db_path())
    except (ImportError, FileNotFoundError) as exc:
        print(f"bundled dataset not available ({exc}); skipping that row")
        return None


_BASELINE_TIMER = """
import statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.storage import load_dataset
ds = load_dataset(Path(sys.argv[1]) / "data" / "chipscope.db")
a = AssumptionSpecs.for_dataset(ds).defaults()
project(ds, a)
xs = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter(); project(ds, a); xs.append((time.perf_counter() - t0) * 1000.0)
xs.sort()
print(statistics.median(xs), xs[int(0.95 * (len(xs) - 1))])
"""


def time_baseline(rev: str, runs: int) -> dict[str, float]:
    """Median and p95 ms of the engine at git revision ``rev`` on its own bundled dataset."""
    with worktree_at(rev) as tree:
        out = subprocess.run([sys.executable, "-c", _BASELINE_TIMER, str(tree), str(runs)],
                             check=True, capture_output=True, text=True).stdout.split()
    return {"median_ms": float(out[0]), "p95_ms": float(out[1]), "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--baseline", metavar="GIT_REV",
                        help="also time the engine of this commit, in the same run")
    args = parser.parse_args()
    runs = 50 if args.quick else 500
    rows: list[dict[str, object]] = []
    bundled = load_bundled()
    if bundled is not None:
        rows.append({"case": "bundled dataset", "adopters": len(bundled.adopter_ids),
                     "chips": len(bundled.chip_ids), "years": "to 2030",
                     **time_engine(bundled, None, runs)})
    if args.baseline:
        rows.append({"case": f"bundled @{args.baseline[:7]}", "adopters": "", "chips": "",
                     "years": "to 2030", **time_baseline(args.baseline, runs)})
    big = dict(n_adopters=100, n_chips=300, n_vendors=20)
    cases = [("large", big, 15)]
    cases += [("2x adopters", {**big, "n_adopters": 200}, 15),
              ("2x chips", {**big, "n_chips": 600}, 15),
              ("2x years", big, 30)]
    for name, kw, years in cases:
        # History of 4 years ending so that the horizon is 2040 (the horizon's upper bound).
        ds = synthetic_dataset(**kw, first_year=2040 - years - 3)
        last = int(ds.history_years[-1])
        rows.append({"case": name, "adopters": kw["n_adopters"], "chips": kw["n_chips"],
                     "years": years, **time_engine(ds, last + years, max(10, runs // 20))})
    base = next(r for r in rows if r["case"] == "large")["median_ms"]
    if args.baseline and bundled is not None:
        ref = float(rows[1]["median_ms"])  # type: ignore[arg-type]
        rows[0]["ratio_to_baseline"] = float(rows[0]["median_ms"]) / ref  # type: ignore[arg-type]
        print(f"bundled dataset: {rows[0]['ratio_to_baseline']:.2f}x the engine at "
              f"{args.baseline} on its own data, same run")
    print(f"{'case':<16}{'adopters':>9}{'chips':>7}{'years':>9}{'median ms':>11}"
          f"{'p95 ms':>9}{'x large':>9}")
    for r in rows:
        ratio = float(r["median_ms"]) / float(base)  # type: ignore[arg-type]
        r["ratio_to_large"] = ratio
        print(f"{r['case']:<16}{r['adopters']:>9}{r['chips']:>7}{r['years']!s:>9}"
              f"{r['median_ms']:>11.3f}{r['p95_ms']:>9.3f}{ratio:>9.2f}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "engine.json"
    out.write_text(json.dumps({"python": sys.version.split()[0],
                               "machine": platform.platform(), "rows": rows}, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
