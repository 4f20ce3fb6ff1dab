"""Tornado benchmark: one-at-a-time sensitivity of a metric over the default ranges.

Prints a table and writes benchmarks/results/tornado.json. Target (issue #12): at most 1 s on
the bundled dataset (``share:aws:2030``, every default range). The baseline, timed in the same
run, is a plain loop over the same 2 x (inputs with a range) projections (at each range's 5th and
95th percentile): the ratio shows the tornado's overhead over the projections it needs,
whatever the machine's speed today.

    python benchmarks/bench_tornado.py [--metric share:aws:2030] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from chipscope import paths
from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.metrics import parse_metric
from chipscope.model.tornado import tornado
from chipscope.model.uncertainty import default_ranges
from chipscope.storage import load_dataset

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metric", default="share:aws:2030")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    dataset = load_dataset(paths.bundled_db_path())
    values = AssumptionSpecs.for_dataset(dataset).defaults()
    metric = parse_metric(args.metric, dataset)
    ranges = default_ranges(dataset, values.specs, values)
    project(dataset, values)  # warm the dataset's caches, as the app has at start-up
    ends = [values.replace({k: v}) for k, r in ranges.items()
            for v in r.percentiles(values.specs[k], values[k])]
    one = []
    for _ in range(args.runs):  # the same projections as the tornado's, in a plain loop
        for a in ends:
            t0 = time.perf_counter()
            project(dataset, a)
            one.append(time.perf_counter() - t0)
    runs = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = tornado(dataset, values, metric, ranges)
        runs.append(time.perf_counter() - t0)
    projections = 1 + 2 * len(ranges)
    # the mean, not the median: some ends (a long sales life, a big deal) cost more
    tornado_s, project_ms = statistics.median(runs), statistics.fmean(one) * 1000
    out = {
        "metric": metric.name, "inputs_with_range": len(ranges), "projections": projections,
        "tornado_median_s": tornado_s, "tornado_max_s": max(runs), "runs": args.runs,
        "project_mean_ms": project_ms,
        "ratio_to_projections": tornado_s / (projections * project_ms / 1000),
        "target_s": TARGET_S, "meets_target": tornado_s <= TARGET_S,
        "baseline": result.baseline,
        "top5": [{"key": r.key, "metric_low": r.metric_low, "metric_high": r.metric_high,
                  "swing": r.swing} for r in result.rows[:5]],
        "machine": platform.platform(), "python": platform.python_version(),
    }
    print(f"{'case':<44}{'value':>12}")
    print(f"{'one projection at a range end (mean, ms)':<44}{project_ms:>12.2f}")
    print(f"{f'tornado {metric.name}, {len(ranges)} inputs (median, s)':<44}{tornado_s:>12.3f}")
    print(f"{'ratio to its ' + str(projections) + ' projections':<44}"
          f"{out['ratio_to_projections']:>12.2f}")
    print(f"{'target (s)':<44}{TARGET_S:>12.1f}  {'met' if out['meets_target'] else 'MISSED'}")
    print(f"\n{metric.label}: {result.baseline:.3f} now; widest swings:")
    for r in result.rows[:5]:
        print(f"  {r.key:<52} {r.metric_low:7.3f} .. {r.metric_high:7.3f}  swing {r.swing:.3f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "tornado.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
