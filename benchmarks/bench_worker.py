"""Background work benchmark: the Checks tab's update and the worker's own overhead.

Times, on the bundled dataset (else data/*.csv, else synthetic): :func:`compute_checks` when
the rows are already prepared (every slider tick) and when they are prepared again (new years or
vendors: the plan, the fixed columns and one tooltip a row), both run directly; and the worker's
round trip for a function that does nothing (submit -> ``finished`` on the GUI thread).
Prints median and max. No targets: it says how much a job costs before it is worth the worker.

    python benchmarks/bench_worker.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, max) milliseconds of ``fn()`` over ``repeats`` calls."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    repeats = parser.parse_args().repeats

    from PySide6.QtCore import QEventLoop

    from chipscope.model.assumptions import AssumptionSpecs
    from chipscope.model.check_table import compute_checks
    from chipscope.model.engine import project
    from chipscope.model.market_check import reported_frame
    from chipscope.ui.app import ensure_app
    from chipscope.ui.previews import preview_dataset
    from chipscope.ui.worker import Worker

    ensure_app()
    dataset = preview_dataset()
    reported = reported_frame(dataset)
    projection = project(dataset, AssumptionSpecs.for_dataset(dataset).defaults())
    rows = compute_checks(dataset, reported, None, projection).rows
    print(f"dataset: {dataset.name}, {len(rows.plan.rows)} checked figures")
    for name, fn in (
            ("checks update (rows prepared)",
             lambda: compute_checks(dataset, reported, rows, projection)),
            ("checks update (rows prepared again)",
             lambda: compute_checks(dataset, reported, None, projection))):
        median, worst = timed(fn, repeats)
        print(f"{name:40s} median {median:7.2f} ms   max {worst:7.2f} ms")

    worker = Worker()

    def round_trip() -> None:
        loop = QEventLoop()
        worker.finished.connect(loop.quit)
        worker.submit("noop", lambda: None)
        loop.exec()
        worker.finished.disconnect(loop.quit)

    median, worst = timed(round_trip, repeats)
    print(f"{'worker round trip (empty job)':40s} median {median:7.2f} ms   max {worst:7.2f} ms")
    worker.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
