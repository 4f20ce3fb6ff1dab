"""What the difference-from-reference view adds to a slider step.

Opens the main window offscreen on the bundled dataset (data/*.csv) and sweeps one vendor's
price level, timing each step (value set -> recompute -> chart repainted) and the event-loop
pass after it (the table and the read-out follow, the window repaints) with the view off and
on, in alternating blocks of the same run. Also times the read-out's refresh alone and one
projection of the reference (which runs when the reference, dataset or basis changes, never
on a tick). Prints a table and writes benchmarks/results/difference.json.

    python benchmarks/bench_difference.py [--steps N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

RESULTS = Path(__file__).resolve().parent / "results"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per mode (default 200)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session
    from tests.ui.conftest import load_real_dataset

    dataset = load_real_dataset()
    window = MainWindow(Session(dataset))
    window.resize(1400, 900)
    window.show()
    vendor = "aws" if "aws" in dataset.vendor_ids else dataset.vendor_ids[-1]
    key = f"vendor.{vendor}.price_level_pct"
    times: dict[str, list[float]] = {"off": [], "on": []}
    after: dict[str, list[float]] = {"off": [], "on": []}
    refresh: list[float] = []
    values = [-60.0 + 90.0 * (i % 40) / 39 for i in range(args.steps // 4)]
    for block in range(8):  # alternating blocks: the machine's drift hits both modes alike
        mode = "on" if block % 2 else "off"
        window.difference.set_on(mode == "on")
        for _ in range(3):  # let the dock's layout settle before timing
            app.processEvents()
        for value in values:
            start = time.perf_counter()
            window.session.set_value(key, value)
            window.session.recompute_now()
            window.chart_area.repaint()
            middle = time.perf_counter()
            if mode == "on":  # what the read-out costs a tick (the next pass would run it)
                window.difference.refresh()
                refresh.append((time.perf_counter() - middle) * 1000.0)
            app.processEvents()  # the next pass: the table and the read-out follow the chart
            window.table_view.viewport().repaint()
            window.difference.panel.repaint()  # hidden (nothing painted) when off
            times[mode].append((middle - start) * 1000.0)
            after[mode].append((time.perf_counter() - middle) * 1000.0)
    window.difference.set_on(True)
    reference = []
    for _ in range(20):
        window.difference.choose("baseline")
        reference.append(window.difference.last_reference_ms)
    rows = {
        "chart step, view off": times["off"], "chart step, view on": times["on"],
        "next pass (table, read-out), off": after["off"],
        "next pass (table, read-out), on": after["on"],
        "read-out refresh (in the next pass, on)": refresh,
        "reference projection (not per tick)": reference,
    }
    print(f"{'what':40} {'median ms':>10} {'p95 ms':>10}")
    result: dict[str, object] = {"python": platform.python_version(), "steps": args.steps}
    for name, values_ms in rows.items():
        med, high = statistics.median(values_ms), p95(values_ms)
        print(f"{name:40} {med:10.2f} {high:10.2f}")
        result[name] = {"median_ms": med, "p95_ms": high}
    ratio = statistics.median(times["on"]) / statistics.median(times["off"])
    whole = (statistics.median([a + b for a, b in zip(times["on"], after["on"], strict=True)])
             / statistics.median([a + b for a, b in zip(times["off"], after["off"],
                                                         strict=True)]))
    print(f"ratio of medians, view on / off: chart step {ratio:.2f}, whole step {whole:.2f}")
    result["ratio_on_off_chart_step"] = ratio
    result["ratio_on_off_whole_step"] = whole
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "difference.json").write_text(json.dumps(result, indent=2) + "\n")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
