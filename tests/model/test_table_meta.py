"""Tables carry their column metadata: frame_table and compare_table say what each column is."""

from __future__ import annotations

import numpy as np

from chipscope.model import AssumptionSpecs, project
from chipscope.model.chart_data import adopter_frame, frame_table, vendor_frame
from chipscope.model.compare import compare_table, compare_vendor_shares
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
PROJECTION = project(DATASET, AssumptionSpecs.for_dataset(DATASET).defaults())
NAMES = dict(zip(DATASET.vendors["vendor_id"], DATASET.vendors["name"], strict=True))


def test_frame_table_columns_say_kind_unit_and_series() -> None:
    frame = vendor_frame(PROJECTION, "h100e", NAMES)
    table = frame_table(frame, "year")
    assert [c.label for c in table.columns] == list(table.frame.columns)
    kinds = {c.kind for c in table.columns}
    assert kinds <= {"category", "text", "value", "share", "band"}
    first = frame.series[0]
    value = table.column(f"{first} ({frame.unit})")
    assert (value.kind, value.unit, value.series) == ("value", frame.unit, first)
    share = table.column(f"{first} share (%)")
    assert (share.kind, share.unit, share.series) == ("share", "%", first)
    total = table.column(f"Total ({frame.unit})")
    assert total.kind == "value" and total.series is None
    assert table.column("year").kind == "category" and table.column("period").kind == "text"
    assert table.frame["year"].dtype == np.int64
    series = list(table.series_columns())
    assert len(series) == 2 * len(frame.series)  # amount and share; not the p5/p95 bands


def test_one_year_table_starts_with_its_year() -> None:
    year = int(PROJECTION.years[-1])
    frame = adopter_frame(PROJECTION, "units", year, DATASET.adopter_names, NAMES)
    table = frame_table(frame, "adopter", year)
    assert list(table.frame.columns[:3]) == ["year", "adopter", "period"]
    assert (table.frame["year"] == year).all() and table.frame["year"].dtype == np.int64


def test_compare_table_has_shares_and_differences() -> None:
    shares = compare_vendor_shares({"A": PROJECTION, "B": PROJECTION})
    table = compare_table(shares, ["A", "B"], NAMES)
    assert [c.label for c in table.columns] == ["Year", "Vendor", "A share (%)",
                                               "B share (%)", "B \u2212 A (pp)"]
    assert [c.kind for c in table.columns] == ["category", "category", "share", "share",
                                              "diff"]
    assert [c.is_percent for c in table.columns] == [False, False, True, True, True]
    assert table.column("B \u2212 A (pp)").series == "B"
    assert np.allclose(table.frame["A share (%)"], shares["share: A"] * 100.0)
