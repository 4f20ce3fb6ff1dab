"""Variance-based ranking: how much of a metric's spread each input explains on its own.

Every input with a range is drawn at once (a Latin hypercube, seeded), the metric is read from
each draw's projection, and each input's **first-order index** is estimated from that one
sample: the variance of the metric's mean within equal-count bins of the input, over the
metric's total variance (a "given data" estimator of Sobol's first-order index). 0: the input
alone explains none of the spread; 1: all of it. Unlike the tornado it moves every input
together, so an input that matters only at another's extreme still shows; what two inputs do
only together (interactions) is in no single index, and the indices sum to 1 or less.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from chipscope.model.arrays import F64
from chipscope.model.assumptions import Assumptions
from chipscope.model.dataset import Dataset
from chipscope.model.engine import project
from chipscope.model.metrics import Metric
from chipscope.model.sweep import unit_sample
from chipscope.model.tasks import NO_CONTEXT, TaskContext
from chipscope.model.uncertainty import Range, check_range, default_ranges

MIN_DRAWS, MAX_DRAWS = 32, 20_000
"""Fewer draws than this give indices that are mostly noise; more take minutes."""


def first_order(x: F64, y: F64, bins: int | None = None) -> F64:
    """(K,) first-order indices of ``y`` (N,) on each column of ``x`` (N, K).

    Each column is cut into ``bins`` equal-count bins (default about sqrt(N)); the index is the
    variance of the bins' means of ``y`` over the variance of ``y``, less the part that bins of
    pure noise would show (so that an input with no effect scores about 0, not 1 / bins).
    """
    n, k = x.shape
    bins = bins or max(2, int(round(math.sqrt(n))))
    total = float(np.var(y))
    if n < 2 or total <= 0:
        return np.zeros(k)
    out = np.empty(k)
    for j in range(k):
        order = np.argsort(x[:, j], kind="stable")
        groups = np.array_split(y[order], bins)
        sizes = np.array([len(g) for g in groups], dtype=np.float64)
        means = np.array([g.mean() for g in groups])
        between = float(np.sum(sizes * (means - y.mean()) ** 2) / n)
        noise = total * (bins - 1) / (n - 1)  # expected `between` if y ignored x[:, j]
        out[j] = max(0.0, (between - noise) / (total - noise)) if total > noise else 0.0
    return out


@dataclass(frozen=True)
class VarianceRanking:
    """First-order indices of one metric, largest first, with the sample behind them."""

    metric: Metric
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    indices: tuple[float, ...]
    sources: tuple[str, ...]
    mean: float
    std: float
    n: int
    seed: int

    def to_frame(self) -> pd.DataFrame:
        """Tidy: metric, metric_unit, key, label, first_order_index, source, n, seed,
        metric_mean, metric_std."""
        return pd.DataFrame({
            "metric": self.metric.name, "metric_unit": self.metric.unit,
            "key": list(self.keys), "label": list(self.labels),
            "first_order_index": list(self.indices), "source": list(self.sources),
            "n": self.n, "seed": self.seed, "metric_mean": self.mean, "metric_std": self.std,
        })


def variance_ranking(dataset: Dataset, assumptions: Assumptions, metric: Metric,
                     ranges: Mapping[str, Range] | None = None, n: int = 512, seed: int = 0,
                     *, context: TaskContext = NO_CONTEXT) -> VarianceRanking:
    """Rank the inputs with ``ranges`` (None: the defaults) by first-order index of
    ``metric``, from ``n`` projections (one per draw; about 3 ms each on the bundled data).

    Raises
    ------
    ValueError
        ``n`` outside :data:`MIN_DRAWS`..:data:`MAX_DRAWS`, or a bad range (naming its key).
    chipscope.model.tasks.TaskCancelled
        When ``context`` is cancelled.
    """
    if isinstance(n, bool) or not MIN_DRAWS <= n <= MAX_DRAWS:
        raise ValueError(f"draws: {n} is not from {MIN_DRAWS} to {MAX_DRAWS:,}")
    specs = assumptions.specs
    if ranges is None:
        ranges = default_ranges(dataset, specs, assumptions)
    keys = tuple(k for k in specs if k in ranges)
    for k in keys:
        check_range(specs[k], ranges[k])
    u = unit_sample(len(keys), n, seed, "lhs")
    x = np.column_stack([ranges[k].ppf(u[:, j], specs[k].lo, specs[k].hi, assumptions[k])
                         for j, k in enumerate(keys)]) if keys else np.zeros((n, 0))
    y = np.empty(n)
    for i in range(n):
        context.check()
        values = assumptions.replace(dict(zip(keys, map(float, x[i]), strict=True)))
        y[i] = metric.value_single(project(dataset, values))
        context.progress((i + 1) / n)
    s1 = first_order(x, y)
    order = sorted(range(len(keys)), key=lambda j: (-s1[j], keys[j]))
    return VarianceRanking(
        metric, tuple(keys[j] for j in order), tuple(specs[keys[j]].label for j in order),
        tuple(float(s1[j]) for j in order), tuple(ranges[keys[j]].source for j in order),
        float(y.mean()), float(y.std()), n, seed)
