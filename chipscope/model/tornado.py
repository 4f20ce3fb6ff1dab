"""One-at-a-time sensitivity: how far each input's range swings one output (a tornado chart).

Each input with a range is set to its range's 5th and then its 95th percentile, every other
input at its current value, and the metric (:mod:`chipscope.model.metrics`) is read from the
projection. Rows are sorted by swing, the widest first. One projection per end of each range:
about 2 x 30 runs of a few milliseconds each with the default ranges.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.metrics import Metric
from chipscope.model.tasks import NO_CONTEXT, TaskContext
from chipscope.model.uncertainty import Range, check_range, default_ranges, varying_keys

COLUMNS = ("key", "label", "unit", "value_low", "value_high", "metric_low", "metric_high",
           "swing", "dist", "source")


@dataclass(frozen=True)
class TornadoRow:
    """One input's bar: its 5th / 95th percentile values and the metric at each.

    ``swing`` is the width of the bar: the largest minus the smallest of the metric at the low
    end, at the high end and at the current value (an input whose both ends lower the metric
    still has a bar).
    """

    key: str
    label: str
    unit: str
    value_low: float
    value_high: float
    metric_low: float
    metric_high: float
    swing: float
    dist: str
    source: str


@dataclass(frozen=True)
class Tornado:
    """The tornado of one metric: its current value and the rows, widest swing first."""

    metric: Metric
    baseline: float
    rows: tuple[TornadoRow, ...]

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per input: metric, metric_unit, baseline and :data:`COLUMNS`."""
        frame = pd.DataFrame([[getattr(r, c) for c in COLUMNS] for r in self.rows],
                             columns=list(COLUMNS))
        frame.insert(0, "baseline", self.baseline)
        frame.insert(0, "metric_unit", self.metric.unit)
        frame.insert(0, "metric", self.metric.name)
        return frame


def tornado(dataset: Dataset, assumptions: Assumptions, metric: Metric,
            ranges: Mapping[str, Range] | None = None, *,
            context: TaskContext = NO_CONTEXT) -> Tornado:
    """The tornado of ``metric`` over ``ranges`` (None: :func:`default_ranges`).

    Raises
    ------
    ValueError
        A range for a key that cannot vary or that breaks its assumption's bounds (naming
        the key), or a metric the projection does not have (a year past the horizon).
    chipscope.model.tasks.TaskCancelled
        When ``context`` is cancelled.
    """
    specs = assumptions.specs
    if ranges is None:
        ranges = default_ranges(dataset, specs, assumptions)
    allowed = set(varying_keys(specs))
    for key, r in ranges.items():
        if key not in allowed:
            check_range(specs[key], r)  # raises with the reason
    baseline = metric.value_single(project(dataset, assumptions))
    rows = []
    keys = [k for k in specs if k in ranges]
    for i, key in enumerate(keys):
        context.check()
        spec, r = specs[key], ranges[key]
        check_range(spec, r)
        low, high = r.percentiles(spec, assumptions[key])
        m_low, m_high = (
            metric.value_single(project(dataset, assumptions.replace({key: v})))
            for v in (low, high))
        ends = [m_low, m_high, baseline]
        swing = max(ends) - min(ends) if all(map(math.isfinite, ends)) else math.nan
        rows.append(TornadoRow(key, spec.label, spec.unit, low, high, m_low, m_high, swing,
                               r.dist, r.source))
        context.progress((i + 1) / len(keys))
    rows.sort(key=lambda row: (-row.swing if math.isfinite(row.swing) else math.inf, row.key))
    context.progress(1.0)
    return Tornado(metric, baseline, tuple(rows))
