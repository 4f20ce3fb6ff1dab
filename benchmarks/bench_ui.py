"""UI latency benchmark: slider step -> recompute -> chart and table repainted, against a bare
pyqtgraph stack of the same size timed in the same run.

Opens the main window offscreen at 1400x900 on the bundled dataset (data/chipscope.db, else
data/*.csv) with the table visible, and moves sliders through many values along the real path:
``setValue`` on the slider (its ``valueChanged`` -> panel -> ``Session.set_value``), the
coalescing zero-timer, the engine, the chart's in-place update, the table and the event loop's
own repaint. Two kinds of step:

- **step** (keyboard, wheel, a released drag): each step is one edit; it ends when the chart
  AND the table have painted the new projection. This is the "full slider step".
- **drag tick** (the slider held down): ends when the chart has painted and the table has
  painted or is deliberately held back (the window updates the table at most every 100 ms
  during a drag, and on release).

The window is the default one, with the Uncertainty bands dock shown. Its line is timed on its
own, from ``setValue`` to its repaint (redrawn at once on a release, at most every 100 ms during
a drag): each step waits for it before the baseline step runs, so its work is never charged to
the baseline.

The **baseline** is a bare pyqtgraph ``PlotWidget`` of the chart's size with 20 filled,
antialiased ``PlotCurveItem`` bands (as many as the vendor-share chart draws): ``setData`` on
all 20, then the repaint. A baseline step follows every window step, so both see the same
machine load. Goal: the full step's median within 1.3x the baseline's.

``--before GIT_REV`` also runs this script on that commit's code (a temporary git worktree,
in a subprocess, with its own baseline), so the table shows before and after in one run.
Prints a table and writes benchmarks/results/ui_latency.json.

    python benchmarks/bench_ui.py [--steps N] [--chart NAME] [--before GIT_REV]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from revisions import run_script_at  # benchmarks/revisions.py (scripts run from here)

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 1.3
BANDS = 20


def sliders(dataset: Any) -> list[str]:
    """The keys to sweep: global choice parameters and a few per-vendor/adopter ones."""
    vendors, adopters = list(dataset.vendor_ids), list(dataset.adopter_ids)
    first_vendor = "nvidia" if "nvidia" in vendors else vendors[0]
    other_vendor = "aws" if "aws" in vendors else vendors[-1]
    adopter = "openai" if "openai" in adopters else adopters[0]
    return ["price_sensitivity", f"vendor.{first_vendor}.price_change_pct", "demand_growth_pct",
            "lock_in", "switching_speed", f"adopter.{adopter}.affinity.{other_vendor}"]


def sweep(positions: int, steps: int) -> list[int]:
    """``steps`` slider positions going up and down the full range, as a drag would."""
    out: list[int] = []
    stride = max(1, positions // 40)
    pos, direction = 0, 1
    while len(out) < steps:
        pos += direction * stride
        if pos >= positions or pos <= 0:
            pos = max(0, min(positions, pos))
            direction = -direction
        out.append(pos)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {"median_ms": statistics.median(s),
            "p95_ms": s[min(len(s) - 1, round(0.95 * (len(s) - 1)))], "max_ms": s[-1],
            "steps": len(s)}


class PaintWatch:
    """When each watched widget last finished painting, after :meth:`arm` (an instance
    override of ``paintEvent``, so the time is taken when the paint is done)."""

    def __init__(self, widgets: dict[str, QWidget]):
        self.widgets = widgets
        self.done: dict[str, float] = {}
        self.armed = False
        for name, widget in widgets.items():
            self._wrap(name, widget)

    def _wrap(self, name: str, widget: QWidget) -> None:
        original = widget.paintEvent

        def paint_event(event: QPaintEvent) -> None:
            original(event)
            if self.armed:
                self.done[name] = time.perf_counter()

        widget.paintEvent = paint_event  # type: ignore[method-assign]

    def clear(self) -> None:
        self.done.clear()
        self.armed = False

    def arm(self, *_: object) -> None:
        """The new projection has reached the views: count paints from now on."""
        self.done.clear()
        self.armed = True


class BareStack:
    """A bare pyqtgraph stack of :data:`BANDS` filled bands: the baseline."""

    def __init__(self, width: int, height: int, years: int = 9):
        import pyqtgraph as pg

        self.widget = pg.PlotWidget()
        self.widget.resize(width, height)
        self.widget.show()
        self.x = np.arange(2022, 2022 + years, dtype=np.float64)
        self.curves = []
        for j in range(BANDS):
            curve = pg.PlotCurveItem(fillLevel="enclosed", antialias=True)
            curve.setBrush(pg.mkBrush(pg.intColor(j, BANDS)))
            curve.setPen(pg.mkPen("w", width=1))
            self.widget.addItem(curve)
            self.curves.append(curve)
        self.rng = np.random.default_rng(1)
        self.watch = PaintWatch({"bare": self.widget})

    def step(self, app: QApplication) -> float:
        shares = self.rng.random((len(self.x), BANDS))
        upper = np.cumsum(shares / shares.sum(axis=1, keepdims=True) * 100.0, axis=1)
        lower = upper - shares / shares.sum(axis=1, keepdims=True) * 100.0
        self.watch.arm()
        t0 = time.perf_counter()
        for j, curve in enumerate(self.curves):
            curve.setData(np.concatenate([self.x, self.x[::-1]]),
                          np.concatenate([upper[:, j], lower[::-1, j]]))
        deadline = t0 + 2.0
        while "bare" not in self.watch.done and time.perf_counter() < deadline:
            app.processEvents()
        return (self.watch.done.get("bare", math.inf) - t0) * 1000.0


def step(app: QApplication, window: Any, slider: Any, pos: int, watch: PaintWatch,
         drag: bool) -> tuple[float, float]:
    """Move the slider; run the event loop until the chart and the table have painted the new
    projection (a drag tick: or the table is held back). Then, if the window shows the
    Uncertainty bands dock, go on until its line has painted this projection too (or has
    nothing pending), so that its work is never charged to the baseline step that follows.
    Milliseconds from ``setValue`` to the chart and table, and to the bands' line (NaN if
    the line was not redrawn for this step: held back by its throttle during a drag)."""
    deferred = getattr(window, "is_table_deferred", lambda: False)
    bands = getattr(window, "uncertainty", None)
    if not hasattr(bands, "lines_shown"):  # code older than the line's timing (--before)
        bands = None
    shown_before = bands.lines_shown if bands is not None else 0
    watch.clear()
    t0 = time.perf_counter()
    slider.setValue(pos)
    deadline = t0 + 2.0
    while time.perf_counter() < deadline:
        app.processEvents()
        if "chart" in watch.done and ("table" in watch.done or (drag and deferred())):
            break
    views = [watch.done[k] for k in ("chart", "table") if k in watch.done]
    ms = (max(views, default=math.inf) - t0) * 1000.0
    if bands is None or "bands" not in watch.widgets:
        return ms, math.nan
    # The line: shown at once on a release, at most every 100 ms during a drag.
    while time.perf_counter() < deadline and (
            bands.line_pending() or (bands.lines_shown > shown_before
                                     and "bands" not in watch.done)):
        app.processEvents()
    if bands.lines_shown > shown_before and "bands" in watch.done:
        return ms, (watch.done["bands"] - t0) * 1000.0
    return ms, math.nan


def run(steps_per_slider: int, chart: str) -> dict[str, Any]:
    from chipscope.ui.app import ensure_app
    from chipscope.ui.main_window import MainWindow
    from chipscope.ui.panels.param_widgets import ParamEditor
    from chipscope.ui.previews import preview_dataset
    from chipscope.ui.session import Session

    app = ensure_app()
    dataset = preview_dataset()
    window = MainWindow(Session(dataset))
    window.resize(1400, 900)
    window.show()
    window.set_chart(chart)
    app.processEvents()
    plot = window.chart_area.plot_widget()
    bare = BareStack(plot.width(), plot.height())
    watched = {"chart": plot, "table": window.table_view}
    bands = getattr(getattr(window, "uncertainty", None), "panel", None)
    if bands is not None and bands.isVisible():
        watched["bands"] = bands.chart  # the Uncertainty bands dock: timed on its own
    watch = PaintWatch(watched)
    window.session.projection_changed.connect(watch.arm)
    samples: dict[str, list[float]] = {"baseline": [], "step": [], "drag tick": []}
    line_ms: dict[str, list[float]] = {"step": [], "drag tick": []}
    parts: dict[str, list[float]] = {"engine_ms": [], "chart_update_ms": [], "table_update_ms": []}
    pair_ratios: dict[str, list[float]] = {"step": [], "drag tick": []}
    for key in sliders(dataset):
        editor = window.assumptions_panel.editor(key)
        assert isinstance(editor, ParamEditor)
        for kind in ("step", "drag tick"):
            editor.slider.setSliderDown(kind == "drag tick")
            for pos in sweep(editor.slider.maximum(), steps_per_slider):
                ms, line = step(app, window, editor.slider, pos, watch, kind == "drag tick")
                if not math.isfinite(ms):
                    raise RuntimeError(f"{key}: no repaint within 2 s (the paint watch failed)")
                samples[kind].append(ms)
                if math.isfinite(line):
                    line_ms[kind].append(line)
                parts["engine_ms"].append(window.session.last_recompute_ms)
                parts["chart_update_ms"].append(window.last_update_ms)
                parts["table_update_ms"].append(window.last_table_ms)
                # One baseline step after each step: both see the same machine load.
                samples["baseline"].append(bare.step(app))
                pair_ratios[kind].append(ms / samples["baseline"][-1])
            editor.slider.setSliderDown(False)
        window.session.reset_all()
        app.processEvents()
    result: dict[str, Any] = {k: summary(v) for k, v in samples.items()}
    base = result["baseline"]
    for kind in ("step", "drag tick"):
        result[kind]["ratio_median"] = result[kind]["median_ms"] / base["median_ms"]
        result[kind]["ratio_p95"] = result[kind]["p95_ms"] / base["p95_ms"]
        # Each step over the baseline step right after it: steadier when the load swings.
        result[kind]["ratio_paired"] = statistics.median(pair_ratios[kind])
    result["parts_median_ms"] = {k: statistics.median(v) for k, v in parts.items()}
    result["bands_dock"] = "hidden"
    if "bands" in watched:
        result["bands_dock"] = {kind: {"line_redrawn": len(v), "of": len(samples[kind]),
                                       **({"line_median_ms": statistics.median(v),
                                           "line_p95_ms": summary(v)["p95_ms"]} if v else {})}
                                for kind, v in line_ms.items()}
    result["dataset"] = (f"{dataset.name} ({len(dataset.adopter_ids)} adopters, "
                         f"{len(dataset.vendor_ids)} vendors, {len(dataset.chip_ids)} chips)")
    result["chart_size"] = [plot.width(), plot.height()]
    window.session.finish_edit("price_sensitivity")
    window.scenarios.confirm_close = lambda: True  # nothing to save in a benchmark
    window.close()
    bare.widget.close()
    return result


def run_before(rev: str, steps: int, chart: str) -> dict[str, Any]:
    """This script on the code of git revision ``rev`` (a temporary worktree, a subprocess)."""
    return run_script_at(rev, __file__, ["--steps", str(steps), "--chart", chart, "--json-only"])


def print_rows(label: str, result: dict[str, Any]) -> None:
    for kind in ("baseline", "step", "drag tick"):
        row = result[kind]
        ratio = (f"{row['ratio_median']:6.2f}x {row['ratio_p95']:6.2f}x "
                 f"{row.get('ratio_paired', math.nan):6.2f}x" if "ratio_median" in row else "")
        print(f"{label:<16} {kind:<12} {row['median_ms']:8.2f} {row['p95_ms']:8.2f} "
              f"{row['max_ms']:8.2f}  {ratio}")
    parts = {k: round(v, 2) for k, v in result["parts_median_ms"].items()}
    print(f"{'':<16} of which (median ms): {parts}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--steps", type=int, default=600, help="steps in all (default 600)")
    parser.add_argument("--chart", default="vendor_share", help="chart to show")
    parser.add_argument("--before", metavar="GIT_REV", help="also time this commit's code")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    per = max(1, args.steps // 12)
    result = run(per, args.chart)
    if args.json_only:
        print(json.dumps(result))
        return 0
    report: dict[str, Any] = {"python": platform.python_version(),
                              "platform": platform.platform(), "chart": args.chart,
                              "target_ratio": TARGET_RATIO, "after": result}
    print(f"{'code':<16} {'kind':<12} {'median':>8} {'p95':>8} {'max':>8}  ratio to baseline "
          "(medians, p95s, paired median); ms")
    if args.before:
        report["before"] = run_before(args.before, args.steps, args.chart)
        print_rows(f"@{args.before[:12]}", report["before"])
    print_rows("this tree", result)
    print(f"dataset: {result['dataset']}; chart {result['chart_size']} px")
    dock = result.get("bands_dock")
    if isinstance(dock, dict):
        for kind, row in dock.items():
            times = (f": median {row['line_median_ms']:.2f} ms, p95 {row['line_p95_ms']:.2f} ms "
                     "from setValue" if "line_median_ms" in row else "")
            print(f"Uncertainty bands dock, {kind}: its line redrawn in {row['line_redrawn']} of "
                  f"{row['of']}{times}")
    else:
        print("Uncertainty bands dock: hidden")
    ok = result["step"]["ratio_median"] <= TARGET_RATIO
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "ui_latency.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"target: full step median <= {TARGET_RATIO}x the bare stack's: "
          f"{'met' if ok else 'NOT met'} ({result['step']['ratio_median']:.2f}x); wrote {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
