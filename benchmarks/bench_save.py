"""Time of one scenario save (issue #10): the lineage row every write moves on
(chipscope.storage.lineage) against the same save without it, in the same run.

Each round saves a scenario into a copy of the bundled database (data/chipscope.db) through
``save_scenario`` (open, check, one write transaction, commit with fsync) and, as the
baseline, the same transaction with the lineage step turned off. The two kinds alternate so
that the disk's and the machine's noise falls on both. Prints a table and writes
benchmarks/results/save.json.

    nice -n 19 python benchmarks/bench_save.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "chipscope.db"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()

    import chipscope.storage.schema as schema
    from chipscope.storage.scenarios import save_scenario

    real_advance = schema.advance
    folder = Path(tempfile.mkdtemp(prefix="chipscope-bench-save-"))
    db = folder / "chipscope.db"
    shutil.copyfile(BUNDLED, db)
    save_scenario(db, "warm", "", {"lock_in": 1.0})  # the lineage row exists from here on
    times: dict[str, list[float]] = {"with lineage": [], "without (baseline)": []}
    for i in range(args.rounds):
        for kind in (times if i % 2 else reversed(list(times))):
            schema.advance = real_advance if kind == "with lineage" else (lambda _c: None)
            started = time.perf_counter()
            save_scenario(db, f"s{i % 5}", "", {"lock_in": 1.0 + i % 3})
            times[kind].append((time.perf_counter() - started) * 1000)
    schema.advance = real_advance
    shutil.rmtree(folder, ignore_errors=True)
    base = statistics.median(times["without (baseline)"])
    rows: list[dict[str, Any]] = [
        {"kind": kind, "median_ms": round(statistics.median(t), 3),
         "p90_ms": round(sorted(t)[int(0.9 * (len(t) - 1))], 3),
         "ratio_to_baseline": round(statistics.median(t) / base, 3)}
        for kind, t in times.items()]
    print(f"{'save':<20} {'median ms':>10} {'p90 ms':>10} {'ratio':>7}")
    for row in rows:
        print(f"{row['kind']:<20} {row['median_ms']:>10.2f} {row['p90_ms']:>10.2f} "
              f"{row['ratio_to_baseline']:>7.2f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "save.json").write_text(json.dumps({"rounds": args.rounds, "rows": rows},
                                                  indent=2) + "\n")


if __name__ == "__main__":
    main()
