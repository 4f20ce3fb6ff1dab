"""Fan bands in the window (issue #12): time from a slider's release to fresh bands, and the
longest pause of the event loop while the ensemble computes.

Opens the main window (offscreen) on the bundled dataset, sets a value three times (a short
drag), releases it, and waits for the bands of the final value. The baseline, in the same run,
is the ensemble's own compute time (``BandsOutcome.compute_ms``, on the worker thread): the
table gives latency / compute, which says what the window adds (queueing, the worker's
hand-over, drawing) whatever the machine's load. Writes benchmarks/results/fan_latency.json.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_fan_latency.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]
KEY = "switching_speed"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session
    from tests.ui.conftest import load_real_dataset

    app = QApplication.instance() or QApplication([])
    home = tempfile.mkdtemp()
    win = MainWindow(Session(load_real_dataset()),
                     QSettings(f"{home}/settings.ini", QSettings.Format.IniFormat))
    win.show()
    u = win.uncertainty

    def wait_fresh() -> None:
        while not u.is_fresh():
            app.processEvents()
            time.sleep(0.001)

    wait_fresh()
    rows = []
    for n in (200, 1000, 10000):
        u.set_draws(n)
        wait_fresh()
        lat, comp, gaps = [], [], []
        for rep in range(args.repeats):
            for v in (0.30, 0.35, 0.40 + 0.02 * rep):
                win.session.set_value(KEY, v)
                app.processEvents()
            last, gap = [time.perf_counter()], [0.0]

            def beat(last: list[float] = last, gap: list[float] = gap) -> None:
                now = time.perf_counter()
                gap[0] = max(gap[0], now - last[0])
                last[0] = now

            timer = QTimer()
            timer.setInterval(5)
            timer.timeout.connect(beat)
            timer.start()
            win.session.finish_edit(KEY)
            wait_fresh()
            timer.stop()
            assert u.outcome is not None
            lat.append(u.last_latency_ms)
            comp.append(u.outcome.compute_ms)
            gaps.append(gap[0] * 1000)
        rows.append({"draws": n, "latency_ms_median": statistics.median(lat),
                     "compute_ms_median": statistics.median(comp),
                     "latency_over_compute": statistics.median(lat) / statistics.median(comp),
                     "event_loop_max_gap_ms": max(gaps), "repeats": args.repeats})
    u.shutdown()
    win.worker.shutdown()
    print(f"{'draws':>7} {'release->fresh ms':>18} {'compute ms':>11} {'ratio':>6} "
          f"{'max loop gap ms':>16}")
    for r in rows:
        print(f"{r['draws']:>7,} {r['latency_ms_median']:>18.0f} {r['compute_ms_median']:>11.0f} "
              f"{r['latency_over_compute']:>6.2f} {r['event_loop_max_gap_ms']:>16.0f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fan_latency.json").write_text(json.dumps({"rows": rows}, indent=2) + "\n",
                                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
