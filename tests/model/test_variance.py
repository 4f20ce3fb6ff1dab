"""Variance-based ranking: the first-order estimator on known functions, and on the model."""

from __future__ import annotations

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.metrics import parse_metric
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.tasks import TaskCancelled, TaskContext
from chipscope.model.uncertainty import Range
from chipscope.model.variance import first_order, variance_ranking

DATASET = synthetic_dataset()
VALUES = AssumptionSpecs.for_dataset(DATASET).defaults()


def test_first_order_finds_the_input_that_matters() -> None:
    x = np.random.default_rng(0).random((2000, 3))
    s = first_order(x, 3 * x[:, 0] + 0.1 * x[:, 1])
    assert s[0] == pytest.approx(0.999, abs=0.02)
    assert s[2] == pytest.approx(0.0, abs=0.02)


def test_first_order_of_an_additive_function_splits_by_variance() -> None:
    x = np.random.default_rng(1).random((4000, 2))
    s = first_order(x, x[:, 0] + 2 * x[:, 1])  # variances 1 : 4
    assert s == pytest.approx([0.2, 0.8], abs=0.03)


def test_a_pure_interaction_has_no_first_order_part() -> None:
    x = np.random.default_rng(2).random((4000, 2)) - 0.5
    s = first_order(x, x[:, 0] * x[:, 1])
    assert s == pytest.approx([0.0, 0.0], abs=0.03)


def test_the_ranking_on_the_model_is_sorted_and_reproducible() -> None:
    metric = parse_metric("share:v1:2029", DATASET)
    ranges = {"lock_in": Range("lock_in", "uniform", 0.0, 5.0, source="a"),
              "bass_p": Range("bass_p", "uniform", 0.5, 0.5001, source="b")}
    r = variance_ranking(DATASET, VALUES, metric, ranges, n=64, seed=3)
    assert r.keys == ("lock_in", "bass_p") and r.indices[0] > 0.9 > r.indices[1]
    assert r.indices == variance_ranking(DATASET, VALUES, metric, ranges, n=64, seed=3).indices
    frame = r.to_frame()
    assert list(frame["key"]) == ["lock_in", "bass_p"] and (frame["n"] == 64).all()


def test_the_ranking_refuses_too_few_draws_and_stops_when_cancelled() -> None:
    metric = parse_metric("share:v1:2029", DATASET)
    with pytest.raises(ValueError, match="draws: 5 is not from 32"):
        variance_ranking(DATASET, VALUES, metric, n=5)
    ctx = TaskContext()
    ctx.cancel()
    with pytest.raises(TaskCancelled):
        variance_ranking(DATASET, VALUES, metric, n=32, context=ctx)
