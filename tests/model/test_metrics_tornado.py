"""Metrics by name, and the one-at-a-time tornado."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.engine import project
from chipscope.model.metrics import parse_metric
from chipscope.model.synthetic import synthetic_dataset
from chipscope.model.tasks import TaskCancelled, TaskContext
from chipscope.model.tornado import COLUMNS, tornado
from chipscope.model.uncertainty import Range

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
VALUES = SPECS.defaults()
PROJ = project(DATASET, VALUES)


def test_parse_metric_accepts_ids_and_names_in_any_case() -> None:
    m = parse_metric("Share:V1:2028", DATASET)
    assert (m.kind, m.vendor_id, m.year, m.unit) == ("share", "v1", 2028, "%")
    name = str(DATASET.vendors["name"].iloc[2])
    assert parse_metric(f"spend:{name.upper()}:2027", DATASET).vendor_id == "v2"


@pytest.mark.parametrize(("text", "cause"), [
    ("share:v1", "expected KIND:VENDOR:YEAR"),
    ("volume:v1:2028", "unknown kind 'volume' (kinds: share, h100e, units, spend)"),
    ("share:acme:2028", "unknown vendor 'acme' (vendors: v0, v1, v2, v3)"),
    ("share:v1:1999", "year '1999' is not a year from 2022 to 2040"),
    ("share:v1:20x0", "year '20x0' is not a year"),
])
def test_parse_metric_errors_name_the_bad_part(text: str, cause: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_metric(text, DATASET)
    assert str(info.value).startswith(f"metric {text!r}: ")
    assert cause in str(info.value)


def test_value_single_reads_the_projection() -> None:
    year = int(PROJ.years[-1])
    t = len(PROJ.years) - 1
    per_vendor = PROJ.by_vendor("h100e")[t]
    share = parse_metric(f"share:v1:{year}", DATASET).value_single(PROJ)
    assert share == pytest.approx(100 * per_vendor[1] / per_vendor.sum())
    spend = parse_metric(f"spend:v1:{year}", DATASET).value_single(PROJ)
    assert spend == pytest.approx(PROJ.by_vendor("spend_usd")[t, 1])
    with pytest.raises(ValueError, match="2039 is outside the projection's years"):
        parse_metric("share:v1:2039", DATASET).value_single(PROJ)


def test_value_reads_many_draws_like_single_runs() -> None:
    runs = [PROJ, project(DATASET, VALUES.replace({"lock_in": 0.5}))]
    many = SimpleNamespace(
        years=PROJ.years, vendor_ids=PROJ.vendor_ids,
        **{m: np.stack([p.by_vendor(m) for p in runs]) for m in ("h100e", "units",
                                                                  "spend_usd")})
    for kind in ("share", "h100e", "units", "spend"):
        metric = parse_metric(f"{kind}:v2:2029", DATASET)
        assert metric.value(many) == pytest.approx([metric.value_single(p) for p in runs])


def test_tornado_rows_are_single_runs_at_the_5th_and_95th_percentiles() -> None:
    metric = parse_metric("share:v1:2029", DATASET)
    ranges = {"lock_in": Range("lock_in", "uniform", 1.0, 3.0, source="test"),
              "switching_speed": Range("switching_speed", "triangular", 0.1, 0.9)}
    tr = tornado(DATASET, VALUES, metric, ranges)
    assert tr.baseline == pytest.approx(metric.value_single(PROJ))
    row = next(r for r in tr.rows if r.key == "lock_in")
    assert (row.value_low, row.value_high) == pytest.approx((1.1, 2.9))
    direct = project(DATASET, VALUES.replace({"lock_in": 2.9}))
    assert row.metric_high == pytest.approx(metric.value_single(direct))
    assert row.swing == pytest.approx(
        max(row.metric_low, row.metric_high, tr.baseline)
        - min(row.metric_low, row.metric_high, tr.baseline))
    swings = [r.swing for r in tr.rows]
    assert swings == sorted(swings, reverse=True) and len(swings) == 2


def test_tornado_with_default_ranges_has_a_row_per_range_and_a_tidy_frame() -> None:
    tr = tornado(DATASET, VALUES, parse_metric("h100e:v0:2028", DATASET))
    frame = tr.to_frame()
    assert list(frame.columns) == ["metric", "metric_unit", "baseline", *COLUMNS]
    assert len(frame) >= 7 and frame["source"].str.len().min() > 0
    assert (frame["swing"] >= 0).all()


def test_tornado_reports_progress_and_stops_when_cancelled() -> None:
    seen: list[float] = []
    metric = parse_metric("share:v1:2029", DATASET)
    tornado(DATASET, VALUES, metric, context=TaskContext(seen.append))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    ctx = TaskContext()
    ctx.cancel()
    with pytest.raises(TaskCancelled):
        tornado(DATASET, VALUES, metric, context=ctx)


def test_tornado_refuses_a_range_on_a_key_that_cannot_vary() -> None:
    bad = {"base_year": Range("base_year", "uniform", 2023.0, 2024.0)}
    with pytest.raises(ValueError, match="base_year: cannot carry a range"):
        tornado(DATASET, VALUES, parse_metric("share:v1:2029", DATASET), bad)
