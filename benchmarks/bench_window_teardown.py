"""Memory over many main windows opened and closed in one process (issue #10).

Opens the main window offscreen on the real dataset (data/*.csv), makes one edit (a recompute
and a redraw), closes it and lets Qt delete it (``deleteLater``, as pytest-qt and the
application do), again and again. Python's collector runs as it normally would. Every
``--every`` windows it records the resident memory (VmRSS, /proc/self/status), the live
QWidgets, the Python objects the collector tracks and how many of the closed windows are still
alive (weak references). Counts and sizes, not times.

``--before GIT_REV`` also runs this script on that commit's code (a temporary git worktree, in
a subprocess), so the table shows before and after in one run. Prints a table and writes
benchmarks/results/window_teardown.json.

    nice -n 19 python benchmarks/bench_window_teardown.py [--windows N] [--before GIT_REV]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
import weakref
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHIPSCOPE_HOME", tempfile.mkdtemp(prefix="chipscope-bench-"))

import pandas as pd
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication
from revisions import run_script_at  # benchmarks/revisions.py (scripts run from here)

RESULTS = Path(__file__).resolve().parent / "results"
DATA = Path(__file__).resolve().parents[1] / "data"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def flush() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()


def run(windows: int, every: int) -> dict[str, Any]:
    from chipscope.model.dataset import TABLES, Dataset
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.session import Session

    app = QApplication.instance() or QApplication([])
    dataset = Dataset.from_frames({
        name: pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in TABLES})
    settings = QSettings(str(Path(os.environ["CHIPSCOPE_HOME"]) / "settings.ini"),
                         QSettings.Format.IniFormat)
    closed: list[weakref.ref[Any]] = []
    rows: list[dict[str, Any]] = []

    def record(n: int) -> None:
        rows.append({"windows": n, "rss_mb": round(rss_mb(), 1),
                     "live_widgets": len(QApplication.allWidgets()),
                     "gc_objects": len(gc.get_objects()),
                     "closed_alive": sum(ref() is not None for ref in closed)})

    record(0)
    for i in range(1, windows + 1):
        window = MainWindow(Session(dataset), settings)
        window.show()
        flush()
        spec = window.session.specs["price_sensitivity"]
        window.session.set_value(spec.key, spec.default + (spec.hi - spec.default) * (i % 7) / 7)
        window.session.finish_edit(spec.key)
        window.session.recompute_now()
        flush()
        closed.append(weakref.ref(window))
        window.scenarios.close_discarding()
        window.deleteLater()
        del window
        flush()
        if i % every == 0 or i == windows:
            record(i)
    gc.collect()
    flush()
    record(windows)
    rows[-1]["after_gc_collect"] = True
    app.processEvents()
    first, last = rows[1], rows[-2]
    span = max(1, last["windows"] - first["windows"])
    return {"windows": windows, "rows": rows,
            "rss_mb_per_window": round((last["rss_mb"] - first["rss_mb"]) / span, 2),
            "widgets_per_window": round((last["live_widgets"] - first["live_widgets"]) / span, 1),
            "gc_objects_per_window": round((last["gc_objects"] - first["gc_objects"]) / span),
            "closed_alive_at_end": rows[-1]["closed_alive"]}


def run_before(rev: str, windows: int, every: int) -> dict[str, Any]:
    """This script on the code of git revision ``rev`` (a temporary worktree, a subprocess)."""
    return run_script_at(rev, __file__, ["--windows", str(windows), "--every", str(every),
                                         "--json-only"])


def print_table(label: str, result: dict[str, Any]) -> None:
    print(f"\n{label}")
    print(f"{'windows':>8} {'RSS MB':>9} {'widgets':>9} {'gc objects':>11} {'closed alive':>13}")
    for row in result["rows"]:
        note = "  (after gc.collect)" if row.get("after_gc_collect") else ""
        print(f"{row['windows']:>8} {row['rss_mb']:>9.1f} {row['live_widgets']:>9} "
              f"{row['gc_objects']:>11} {row['closed_alive']:>13}{note}")
    print(f"per window (first to last record): {result['rss_mb_per_window']} MB RSS, "
          f"{result['widgets_per_window']} widgets, {result['gc_objects_per_window']} objects; "
          f"closed windows alive at the end: {result['closed_alive_at_end']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--windows", type=int, default=60, help="windows to open (default 60)")
    parser.add_argument("--every", type=int, default=10, help="record every N windows")
    parser.add_argument("--before", metavar="GIT_REV", help="also measure this commit's code")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    result = run(args.windows, args.every)
    if args.json_only:
        print(json.dumps(result))
        return 0
    out: dict[str, Any] = {"after": result}
    if args.before:
        out["before"] = run_before(args.before, args.windows, args.every)
        out["before"]["rev"] = args.before
        print_table(f"before ({args.before})", out["before"])
    print_table("after (this tree)", result)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "window_teardown.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
