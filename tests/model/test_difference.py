"""The difference from a reference: per-vendor rows equal the two engine runs' own numbers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from chipscope.model.assumptions import AssumptionSpecs
from chipscope.model.basis import project_on_basis
from chipscope.model.difference import (
    DELTA_COLUMNS,
    PREFERRED_YEAR,
    Reference,
    common_years,
    default_year,
    format_pp,
    format_signed,
    reference_edges,
    vendor_deltas,
)
from chipscope.model.engine import project
from chipscope.model.synthetic import synthetic_dataset

DATASET = synthetic_dataset()
SPECS = AssumptionSpecs.for_dataset(DATASET)
BASE = project(DATASET, SPECS.defaults())
CHEAP = project(DATASET, SPECS.defaults().replace({"vendor.v1.price_level_pct": -30}))


@pytest.mark.parametrize("measure", ["h100e", "units", "spend_usd"])
def test_rows_are_the_two_projections_numbers(measure: str) -> None:
    year = int(BASE.years[-1])
    deltas = vendor_deltas(CHEAP, BASE, year, measure,  # type: ignore[arg-type]
                           {"v1": "Vendor One"})
    assert deltas.year == year and len(deltas) == len(BASE.vendor_ids)
    frame = deltas.to_frame()
    assert tuple(frame.columns) == DELTA_COLUMNS
    assert sorted(frame["vendor"]) == sorted(BASE.vendor_ids)
    t = BASE.year_index(year)
    for row in frame.itertuples():
        j = BASE.vendor_ids.index(row.vendor)
        now = CHEAP.vendor_shares(measure)[t, j]  # type: ignore[arg-type]
        ref = BASE.vendor_shares(measure)[t, j]  # type: ignore[arg-type]
        assert row.share_now == pytest.approx(now)
        assert row.share_reference == pytest.approx(ref)
        assert row.delta_pp == pytest.approx((now - ref) * 100.0)
        assert row.delta_spend_usd == pytest.approx(
            CHEAP.by_vendor("spend_usd")[t, j] - BASE.by_vendor("spend_usd")[t, j])
        assert row.delta_h100e == pytest.approx(
            CHEAP.by_vendor("h100e")[t, j] - BASE.by_vendor("h100e")[t, j])
    assert frame.loc[frame["vendor"] == "v1", "name"].item() == "Vendor One"
    assert frame["share_now"].sum() == pytest.approx(1.0)
    assert frame["delta_pp"].sum() == pytest.approx(0.0, abs=1e-9)


def test_rows_are_sorted_by_the_size_of_the_change() -> None:
    frame = vendor_deltas(CHEAP, BASE, int(BASE.years[-1])).to_frame()
    size = np.abs(frame["delta_pp"].to_numpy())
    assert (np.diff(size) <= 1e-12).all()
    # The cheaper vendor gains share.
    assert frame.loc[frame["vendor"] == "v1", "delta_pp"].item() > 0


def test_against_itself_every_difference_is_zero() -> None:
    frame = vendor_deltas(BASE, BASE, int(BASE.years[-1])).to_frame()
    for column in ("delta_pp", "delta_spend_usd", "delta_h100e"):
        assert (frame[column] == 0.0).all()
    # Ties keep the projection's vendor order.
    assert list(frame["vendor"]) == list(BASE.vendor_ids)


def test_a_history_year_has_no_difference() -> None:
    frame = vendor_deltas(CHEAP, BASE, BASE.base_year).to_frame()
    assert np.abs(frame["delta_pp"]).max() < 1e-9


def test_bad_year_and_basis_are_named() -> None:
    with pytest.raises(ValueError, match="year: 1999"):
        vendor_deltas(CHEAP, BASE, 1999)
    eight = project_on_basis(DATASET, SPECS.defaults(), "8bit")
    with pytest.raises(ValueError, match="reference: it is on the bf16 basis"):
        vendor_deltas(eight, BASE, int(BASE.years[-1]))
    assert not Reference("Baseline", BASE).fits(eight)
    assert Reference("Baseline", BASE).fits(CHEAP)


def test_default_year_is_2030_or_the_last_common_year() -> None:
    assert int(BASE.years[-1]) >= PREFERRED_YEAR
    assert default_year(CHEAP, BASE) == PREFERRED_YEAR
    shorter = project(DATASET, SPECS.defaults().replace({"horizon_year": 2028}))
    assert common_years(shorter, BASE)[-1] == 2028
    assert default_year(shorter, BASE) == 2028
    empty = dataclasses.replace(shorter, years=shorter.years + 100)
    with pytest.raises(ValueError, match="share no year"):
        default_year(empty, BASE)


def test_reference_edges_trace_the_stacked_bands() -> None:
    shares = reference_edges(BASE, "h100e", shares=True)
    np.testing.assert_allclose(shares[:, -1], 100.0)
    np.testing.assert_allclose(shares[:, 0], BASE.vendor_shares("h100e")[:, 0] * 100.0)
    values = reference_edges(BASE, "spend_usd", shares=False)
    np.testing.assert_allclose(values[:, -1], BASE.total("spend_usd"))


def test_signed_values_carry_their_unit() -> None:
    assert format_pp(1.234) == "+1.2 pp"
    assert format_pp(-0.44) == "\u22120.4 pp"
    assert format_pp(0.01) == "0.0 pp"
    assert format_signed(1.45e9, "USD") == "+1.45B USD"
    assert format_signed(-906_000, "H100e") == "\u2212906k H100e"
    assert format_signed(0.0, "USD") == "0 USD"
    assert format_signed(0.3, "H100e") == "0 H100e"
