"""Soak: thousands of live updates with forced repaints must run clean.

Guards against the crash PySide6 6.12 shows on Python 3.11 after a few thousand repaints of
Python-painted items ("Fatal Python error: none_dealloc"): if it comes back, this test takes
the whole run down instead of passing.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.projection import MEASURES
from chipscope.ui.charts.area import CHART_NAMES

UPDATES = 3200


@pytest.mark.soak
def test_thousands_of_updates_with_repaints_run_clean(qapp, chart_area, synthetic,
                                                      synthetic_projection, rescale):
    rng = np.random.default_rng(0)
    specs = AssumptionSpecs.for_dataset(synthetic)
    variants = [rescale(synthetic_projection, rng.uniform(0.1, 3.0, size=4)) for _ in range(40)]
    # Other horizons change the number of years, so the items' array lengths change too.
    variants += [project(synthetic, specs.defaults().replace({"horizon_year": h,
                                                              "vendor.v2.price_change_pct": p}))
                 for h, p in ((2027, 10), (2035, -30), (2031, 0))]
    items = {}
    start = time.perf_counter()
    for i in range(UPDATES):
        if i % 200 == 0:
            chart_area.set_chart(CHART_NAMES[(i // 200) % len(CHART_NAMES)])
            chart_area.set_measure(MEASURES[(i // 800) % len(MEASURES)])
        chart_area.set_projection(variants[i % len(variants)])
        view = chart_area.current_view()
        view.hover_at(view.widget.mapToScene(view.widget.viewport().rect().center()))
        chart_area.plot_widget().viewport().repaint()
        if i % 8 == 0:
            qapp.processEvents()
        items.setdefault(view.name, list(view.plot.items))
        assert all(a is b for a, b in zip(view.plot.items, items[view.name], strict=True))
    elapsed = time.perf_counter() - start
    # Timing is for the log only (shared machines are noisy); benchmarks/ measures speed.
    print(f"{UPDATES} updates with repaints in {elapsed:.1f} s")
    assert chart_area.series_data()
